"""The report as an official document (Perwali Salatiga 41/2024 Pasal 11): a PDF on the LPSE's kop surat with the
signature of the Kepala LPSE (and the Kepala UKPBJ's "Mengetahui" once forwarded), and a DOCX with the same content
for editing. Both are built from one `Document` so they cannot drift apart.

The text is official Indonesian whatever the interface language (written literally, the sections stored in
Indonesian). Nothing here reads the clock: the date printed is the one the figures were taken (`snapshot_at`), so the
same snapshot prints the same PDF bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.core.report_sections import Section
from sopan.reports.models import Report
from sopan.reports.selectors import sections_of


@dataclass(frozen=True)
class Chapter:
    number: int
    section: Section
    commentary: str


@dataclass(frozen=True)
class Document:
    report: Report
    heading: str  # LAPORAN TRIWULAN II TAHUN 2026 ...
    lpse: str
    period: str
    recipient: str
    chapters: tuple[Chapter, ...]
    figures_taken: str
    signatures: list


def _period_text(report: Report) -> str:
    return f"{office.indonesian_date(report.period_start)} s.d. {office.indonesian_date(report.period_end)}"


def _head_of_region(organization) -> str:
    """Pasal 11 names the Wali Kota; a regency's LPSE reports to its Bupati."""
    return "Bupati" if "kabupaten" in organization.name.lower() else "Wali Kota"


def document_of(report: Report) -> Document:
    organization = report.organization
    lpse = office.unit_name(organization, "lpse") or office.lpse_name(organization)
    with office.as_written(organization):
        taken = timezone.localtime(report.snapshot_at) if report.snapshot_at else None
        place_date = office.place_and_date(organization, report.approved_at or taken) if taken else ""
        blocks = [office.signature(f"Kepala {lpse}", report.approved_by, place_date=place_date)]
        if report.forwarded_by_id:
            blocks.insert(0, office.signature("Kepala UKPBJ", report.forwarded_by, caption="Mengetahui,"))
        figures_taken = (
            f"{office.indonesian_date(taken)} {taken:%H.%M} {organization.zone_abbreviation}" if taken else ""
        )
    chapters = tuple(
        Chapter(number, section, (report.commentary or {}).get(section.key, ""))
        for number, section in enumerate(sections_of(report), start=2)
    )
    return Document(
        report=report,
        heading=report.title.upper(),
        lpse=lpse,
        period=_period_text(report),
        recipient=f"{_head_of_region(organization)} {office.town_of(organization.name)}",
        chapters=chapters,
        figures_taken=figures_taken,
        signatures=office.signatures(*blocks),
    )


def filename(report: Report, extension: str) -> str:
    return f"laporan-lpse-{report.pk}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{extension}"


def pdf(report: Report) -> bytes:
    document = document_of(report)
    context = {
        "doc": document,
        "kop": office.kop_surat(report.organization),
        "last_chapter": len(document.chapters) + 2,
        "signatures": document.signatures,
    }
    return html_to_pdf(render_to_string("reports/print/report.html", context))


def docx(report: Report) -> bytes:
    """The same content as the PDF, in Word, for the office to edit."""
    import docx as python_docx  # python-docx, imported where a Word file is written

    document = document_of(report)
    word = python_docx.Document()
    word.core_properties.title = document.report.title
    word.core_properties.author = document.lpse
    for line in office.kop_surat(report.organization).lines:
        word.add_paragraph(line)
    word.add_heading(document.heading, level=0)
    word.add_paragraph(f"{document.lpse}\nPeriode: {document.period}\nKepada: {document.recipient}")
    word.add_heading("1. Pendahuluan", level=1)
    word.add_paragraph(document.report.introduction)
    for chapter in document.chapters:
        _docx_chapter(word, chapter)
    word.add_heading(f"{len(document.chapters) + 2}. Kesimpulan dan Rekomendasi", level=1)
    word.add_paragraph(document.report.conclusion)
    for block in document.signatures:
        if block is not None:
            word.add_paragraph(
                "\n".join(
                    x
                    for x in (
                        block.place_date,
                        block.caption,
                        block.position,
                        "\n\n",
                        block.name or "…",
                        block.nip_text,
                    )
                    if x
                )
            )
    if document.figures_taken:
        word.add_paragraph(f"Data diambil dari Sopan {document.figures_taken}.")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_chapter(word, chapter: Chapter) -> None:
    section = chapter.section
    word.add_heading(f"{chapter.number}. {section.title}", level=1)
    if section.facts:
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for fact in section.facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(fact.label), fact.value
    for data in section.tables:
        word.add_paragraph(str(data.caption))
        table = word.add_table(rows=1, cols=len(data.columns))
        table.style = "Table Grid"
        for cell, column in zip(table.rows[0].cells, data.columns, strict=True):
            cell.text = str(column)
        for row in data.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    if section.note:
        word.add_paragraph(str(section.note))
    if chapter.commentary:
        word.add_paragraph(chapter.commentary)
