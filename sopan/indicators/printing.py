"""The printed performance report (Laporan Kinerja, SOP Pengelolaan Kinerja step 15) on the UKPBJ's kop surat: each
indicator's targets, realisations and achievements for the period's quarters, the analysis and the recommendations,
signed by the team and, once approved, by the Kepala UKPBJ. The text is Indonesian whatever the interface language
(the template writes it literally). Printing writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.accounts.models import OrgUnit
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.indicators import selectors
from sopan.indicators.models import Report
from sopan.procurement.printing import head_of_ukpbj, ukpbj_name

PERIOD_NAMES = {"q1": "Triwulan I", "q2": "Triwulan II", "q3": "Triwulan III", "q4": "Triwulan IV",
                "s1": "Semester I", "s2": "Semester II", "year": "Tahunan"}  # fmt: skip
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


def report_pdf(report: Report) -> Printed:
    organization = report.organization
    with office.as_written(organization):
        printed = timezone.localtime()
        day = timezone.localdate(report.approved_at or printed)
        approved = report.status == Report.Status.APPROVED
        context = {
            "report": report,
            "period_name": PERIOD_NAMES[report.period],
            "quarters": [ROMAN[q] for q in report.quarters],
            "rows": selectors.report_rows(report),
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "ukpbj": ukpbj_name(organization),
            "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
            "signatures": office.signatures(
                office.signature("Tim Pengelolaan Kelembagaan UKPBJ", report.submitted_by or report.created_by,
                                 caption="Yang menyusun,", place_date=office.place_and_date(organization, day)),
                office.signature(f"Kepala {ukpbj_name(organization)}",
                                 report.approved_by if approved else head_of_ukpbj(organization),
                                 caption="Menyetujui," if approved else "Mengetahui,"),
            ),
        }  # fmt: skip
        content = html_to_pdf(render_to_string("indicators/print/laporan.html", context))
    return Printed(f"laporan-kinerja-{report.year}-{report.period}.pdf", content)
