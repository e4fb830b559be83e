"""The helpdesk report as tables, for the page, the spreadsheet (XLSX) and the printed report (PDF).

`tables(report)` is the one list of tables the three show, so they always agree. Each table and column has a label for
the page (translated, English msgid) and an Indonesian name for the documents: the XLSX and the PDF are the
organisation's documents feeding its quarterly report (Perwali Salatiga 41/2024 Pasal 11), written in Indonesian
whatever the UI language, like the other printed documents (sopan/vendors/registration/printing.py). Values in a
table are kept raw (numbers, dates, labels) and formatted when shown, in the language active then.

The PDF is printed on the organisation's letterhead with the stylesheet of the registration forms (vendors/print),
through `sopan.sop.pdf.html_to_pdf`.
"""

from __future__ import annotations

import datetime
import io
import zoneinfo
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.helpdesk.reports.selectors import Line, Period, Report, Sla
from sopan.helpdesk.tickets.printing import head_of_lpse

TEXT, NUMBER, PERCENT = "text", "number", "percent"
PRINT_TEMPLATE = "helpdesk/reports/print.html"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    label: Promise  # on the page
    document: str  # in the XLSX and the PDF (Indonesian)
    kind: str = NUMBER


@dataclass
class Table:
    key: str
    title: Promise
    document_title: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None  # the total line
    note: Promise | None = None  # a short explanation under the title on the page
    document_note: str = ""
    document_rows: list | None = None  # when the documents name the lines differently (the summary)
    document_total: str = "Jumlah"  # the total line's name in the documents

    def _shown(self, line: list) -> list[str]:
        return [display(value, column.kind) for value, column in zip(line, self.columns, strict=True)]

    @property
    def display_rows(self) -> list[list[str]]:
        return [self._shown(line) for line in self.rows]

    @property
    def display_footer(self) -> list[str] | None:
        return self._shown(self.footer) if self.footer is not None else None


def display(value, kind: str) -> str:
    """A value as text in the active language: "95,0%", "1.234", "Januari 2026", "—" for no value."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return f"{number_format(value, 1)}%"
    if isinstance(value, datetime.date):
        return date_format(value, "F Y")
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


# --- the tables --------------------------------------------------------------------------------------------------
def _sla_columns(first: Column) -> list[Column]:
    return [
        first,
        Column(_("Tickets"), "Jumlah tiket"),
        Column(_("Response in time"), "Respons tepat waktu"),
        Column(_("Response late or overdue"), "Respons terlambat"),
        Column(_("Response not yet due"), "Respons belum jatuh tempo"),
        Column(_("Response compliance"), "Kepatuhan respons", PERCENT),
        Column(_("Resolved in time"), "Selesai tepat waktu"),
        Column(_("Resolution late or overdue"), "Penyelesaian terlambat"),
        Column(_("Resolution not yet due"), "Penyelesaian belum jatuh tempo"),
        Column(_("Resolution compliance"), "Kepatuhan penyelesaian", PERCENT),
    ]


def _sla_line(sla: Sla, label=None) -> list:
    return [
        sla.label if label is None else label,
        sla.total,
        sla.response_met,
        sla.response_missed,
        sla.response_pending,
        sla.response_rate,
        sla.resolution_met,
        sla.resolution_missed,
        sla.resolution_pending,
        sla.resolution_rate,
    ]


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


# key, page title, document title, sheet, first column (page, document)
VOLUMES = (
    ("channel", _("Tickets by channel"), "Jumlah tiket per saluran", "Saluran", _("Channel"), "Saluran"),
    ("type", _("Tickets by type"), "Jumlah tiket per jenis", "Jenis", _("Type"), "Jenis"),
    ("category", _("Tickets by category"), "Jumlah tiket per kategori", "Kategori", _("Category"), "Kategori"),
    ("area", _("Tickets by area"), "Jumlah tiket per bidang", "Bidang", _("Area"), "Bidang"),
    ("priority", _("Tickets by priority"), "Jumlah tiket per prioritas", "Prioritas", _("Priority"), "Prioritas"),
    (
        "user_type",
        _("Tickets by user type"),
        "Jumlah tiket per jenis pengguna",
        "Jenis pengguna",
        _("User type"),
        "Jenis pengguna",
    ),
    ("application", _("Tickets by application"), "Jumlah tiket per aplikasi", "Aplikasi", _("Application"), "Aplikasi"),
)


def tables(report: Report) -> list[Table]:
    return [
        _summary_table(report),
        _sla_months_table(report),
        _sla_agents_table(report),
        *(_volume_table(report, spec) for spec in VOLUMES),
        _escalations_table(report),
        _tenders_table(report),
    ]


def _summary_table(report: Report) -> Table:
    total = report.total
    summary = (
        (_("Tickets received"), "Tiket yang diterima", total),
        (_("Resolved or closed"), "Selesai atau ditutup", report.resolved),
        (_("Still open"), "Masih dalam penanganan", report.open),
        (_("Solved during the first contact"), "Selesai pada kontak pertama", report.first_contact),
        (_("Affecting an ongoing tender"), "Berdampak pada tender yang berjalan", report.affecting_tenders),
    )
    return Table(
        "summary",
        _("Summary"),
        "Ringkasan",
        "Ringkasan",
        [Column(_("Indicator"), "Uraian", TEXT), Column(_("Number"), "Jumlah")],
        rows=[[label, value] for label, _document, value in summary],
        document_rows=[[document, value] for _label, document, value in summary],
    )


def _sla_months_table(report: Report) -> Table:
    return Table(
        "sla_months",
        _("Service level by month"),
        "Kepatuhan waktu layanan per bulan",
        "SLA per bulan",
        _sla_columns(Column(_("Month received"), "Bulan diterima", TEXT)),
        rows=[_sla_line(sla) for sla in report.months],
        footer=_sla_line(report.sla, _("Whole period")),
        document_total="Seluruh periode",
        note=_(
            "Response: the first follow-up by its due time (Perwali Pasal 9 ayat 2: within 1 working day). "
            "Compliance is in time / (in time + late); tickets not yet due are not judged."
        ),
        document_note=(
            "Respons: tindak lanjut pertama sebelum batas waktunya (Perwali Pasal 9 ayat 2: paling lama 1 hari "
            "kerja). Kepatuhan = tepat waktu / (tepat waktu + terlambat); tiket yang belum jatuh tempo tidak "
            "dinilai."
        ),
    )


def _sla_agents_table(report: Report) -> Table:
    return Table(
        "sla_agents",
        _("Service level by agent"),
        "Kepatuhan waktu layanan per petugas",
        "SLA per petugas",
        _sla_columns(Column(_("Agent (assigned to)"), "Petugas", TEXT)),
        rows=[_sla_line(sla) for sla in report.agents],
    )


def _volume_table(report: Report, spec) -> Table:
    key, title, document_title, sheet, first, first_document = spec
    lines: list[Line] = report.volumes[key]
    total = report.total
    return Table(
        key,
        title,
        document_title,
        sheet,
        [
            Column(first, first_document, TEXT),
            Column(_("Tickets"), "Jumlah tiket"),
            Column(_("Share"), "Persentase", PERCENT),
        ],
        rows=[[line.label, line.count, _share(line.count, total)] for line in lines],
        footer=[_("Total"), total, 100.0 if total else None],
    )


def _escalations_table(report: Report) -> Table:
    escalations = report.escalations
    return Table(
        "escalations",
        _("Escalations sent in the period"),
        "Eskalasi yang dikirim dalam periode",
        "Eskalasi",
        [
            Column(_("Escalated to"), "Tujuan eskalasi", TEXT),
            Column(_("Sent"), "Dikirim"),
            Column(_("Answered"), "Dijawab"),
            Column(_("Waiting for an answer"), "Menunggu jawaban"),
        ],
        rows=[[line.label, line.total, line.answered, line.waiting] for line in escalations],
        footer=[
            _("Total"),
            sum(line.total for line in escalations),
            sum(line.answered for line in escalations),
            sum(line.waiting for line in escalations),
        ],
    )


def _tenders_table(report: Report) -> Table:
    return Table(
        "tenders",
        _("Tickets affecting ongoing tenders"),
        "Tiket yang berdampak pada tender yang berjalan",
        "Tender terdampak",
        [Column(_("Tender or package code"), "Kode tender / paket", TEXT), Column(_("Tickets"), "Jumlah tiket")],
        rows=[[line.label, line.count] for line in report.tenders],
        footer=[_("Total"), report.affecting_tenders],
    )


# --- documents ---------------------------------------------------------------------------------------------------
def _document_period(period: Period) -> tuple[str, str]:
    """ "Triwulan I Tahun 2026" and "1 Januari 2026 s.d. 31 Maret 2026" (call inside translation.override("id"))."""
    dates = f"{date_format(period.first, 'j F Y')} s.d. {date_format(period.last, 'j F Y')}"
    if period.is_quarter:
        return f"Triwulan {period.roman} Tahun {period.year}", dates
    return f"Periode {dates}", dates


def filename(report: Report, extension: str) -> str:
    period = report.period
    stem = f"{period.year}-triwulan-{period.quarter}" if period.is_quarter else f"{period.first}-{period.last}"
    return f"laporan-helpdesk-{stem}.{extension}"


def for_documents(table: Table) -> Table:
    """The table as the XLSX and the PDF show it: Indonesian line names where the page's differ."""
    return Table(
        table.key,
        table.title,
        table.document_title,
        table.sheet,
        table.columns,
        rows=table.document_rows if table.document_rows is not None else table.rows,
        footer=[table.document_total, *table.footer[1:]] if table.footer is not None else None,
        document_note=table.document_note,
    )


def xlsx(report: Report) -> bytes:
    """One sheet per table: a title row, the period, the column names, the lines and the total line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    organization = report.organization
    with translation.override("id"):
        heading, dates = _document_period(report.period)
        for table in map(for_documents, tables(report)):
            sheet = workbook.create_sheet(table.sheet[:31])
            sheet.append(
                [f"Laporan Layanan Helpdesk {office.lpse_name(organization)} {heading}: {table.document_title}"]
            )
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([f"Periode {dates} (waktu {organization.zone_abbreviation})"])
            sheet.append([column.document for column in table.columns])
            for cell in sheet[3]:
                cell.font = Font(bold=True)
            lines = [*table.rows, *([table.footer] if table.footer is not None else [])]
            for line in lines:
                sheet.append([_cell(value, column.kind) for value, column in zip(line, table.columns, strict=True)])
                for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                    if column.kind == PERCENT and isinstance(cell.value, float):
                        cell.number_format = "0.0%"
            if table.footer is not None:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
            for index, column in enumerate(table.columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = 36 if column.kind == TEXT else 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value, kind: str):
    if value is None:
        return "-"
    if kind == PERCENT:
        return value / 100
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date):
        return date_format(value, "F Y")
    return str(value)


def pdf(report: Report) -> bytes:
    return html_to_pdf(print_html(report))


def print_html(report: Report) -> str:
    organization = report.organization
    with translation.override("id"), timezone.override(zoneinfo.ZoneInfo(organization.timezone)):
        heading, dates = _document_period(report.period)
        shown = []
        for document in map(for_documents, tables(report)):
            shown.append(
                {
                    "title": document.document_title,
                    "note": document.document_note,
                    "columns": document.columns,
                    "rows": document.display_rows,
                    "footer": document.display_footer,
                }
            )
        head = head_of_lpse(organization)
        zone = organization.zone_abbreviation
        context = {
            "report": report,
            "organization": organization,
            "kop": office.kop_surat(organization),
            "lpse_name": office.lpse_name(organization),
            "heading": heading,
            "dates": dates,
            "tables": shown,
            "response_rate": display(report.sla.response_rate, PERCENT),
            "resolution_rate": display(report.sla.resolution_rate, PERCENT),
            "signatures": office.signatures(
                office.signature(
                    f"Kepala {office.lpse_name(organization)}",
                    head,
                    place_date=office.place_and_date(organization, timezone.localdate(report.generated_at)),
                )
            ),
            "printed_on": date_format(timezone.localtime(report.generated_at), "j F Y H.i") + f" {zone}",
            "zone": zone,
        }
        return render_to_string(PRINT_TEMPLATE, context)
