"""The Berita Acara Penilaian Kinerja Penyedia (issue 18 §1; SOP Pencatatan Kinerja Penyedia step 3, output "Berita
Acara Penilaian penyedia"): an official Indonesian letter on the agency's kop surat, the scores per aspect with their
weights (or the e-purchasing stars), the total and its band, signed by the PPK and the provider.

The text is Indonesian whatever the interface language (the template writes it literally). Its number is drawn on the
first print (`numbering.next_number`, inside the transaction that renders it, so a failed rendering gives the number
back) and kept on the assessment with its date: a reprint is the same letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.core.documents import numbering, office
from sopan.core.documents.pdf import html_to_pdf
from sopan.core.templatetags.sopan import rupiah
from sopan.performance import rules
from sopan.performance.models import Assessment, Band, Contract

SERIES, CODE = "KINERJA-BA-PENILAIAN", "BA-KP"
BAND_NAMES = {Band.POOR: "Buruk", Band.FAIR: "Cukup", Band.GOOD: "Baik", Band.VERY_GOOD: "Sangat Baik"}
ASPECT_NAMES = {"quality": "Kualitas dan Kuantitas Pekerjaan", "cost": "Biaya", "time": "Waktu", "service": "Layanan"}
ENDING_NAMES = {
    Contract.Ending.HANDOVER: "Serah terima hasil pekerjaan (BAST)",
    Contract.Ending.FORCE_MAJEURE: "Penghentian kontrak karena keadaan kahar",
    Contract.Ending.TERMINATION: "Pemutusan kontrak karena kesalahan penyedia",
}


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


def _rows(assessment: Assessment) -> list[tuple[str, str, int, str]]:
    scheme = next((s for s in rules.SCHEMES if s.effective == assessment.scheme_effective), rules.SCHEMES[0])
    return [
        (ASPECT_NAMES.get(a.key, str(a.label)), f"{a.weight * 100:.0f}%", assessment.scores.get(a.key),
         f"{a.weight * assessment.scores.get(a.key, 0):.2f}")
        for a in scheme.aspects
    ]  # fmt: skip


def _number(assessment: Assessment, day) -> Assessment:
    """The letter's number and date: drawn now on the first print, else as kept."""
    row = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not row.letter_number:
        value = numbering.next_number(row.organization, SERIES, year=day.year)
        agency = row.contract.agency.code or "PPK"
        row.letter_value, row.letter_dated_on = value, day
        row.letter_number = f"{value}/{CODE}/{agency}/{day.year}"
        row.save(update_fields=["letter_value", "letter_dated_on", "letter_number"])
    return row


def assessment_report(assessment: Assessment) -> Printed:
    contract = assessment.contract
    organization = contract.organization
    with transaction.atomic(), office.as_written(organization):
        row = _number(assessment, timezone.localdate())
        day = row.letter_dated_on
        printed = timezone.localtime()
        context = {
            "assessment": row,
            "contract": contract,
            "company": row.company,
            "number": row.letter_number,
            "day_name": date_format(day, "l"),
            "date_text": office.indonesian_date(day),
            "ended_on": office.indonesian_date(contract.ended_on),
            "ending": ENDING_NAMES.get(contract.ending, contract.ending),
            "value": rupiah(contract.value) if contract.value is not None else "-",
            "rows": [] if contract.is_e_purchasing else _rows(row),
            "band": BAND_NAMES.get(row.band, row.band),
            "terminated": contract.ending == Contract.Ending.TERMINATION,
            "source": rules.scheme_on(contract.ended_on).source,
            "kop": office.kop_surat(organization, unit=contract.agency.name),
            "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
            "signatures": office.signatures(
                office.signature(f"Penyedia\n{row.company.name}", name=row.company.admin_name, civil_servant=False),
                office.signature(
                    f"Pejabat Pembuat Komitmen\n{contract.agency.name}",
                    row.assessed_by,
                    place_date=office.place_and_date(organization, day),
                ),
            ),
        }
        html = render_to_string("performance/print/ba_penilaian.html", context)
        content = html_to_pdf(html)
    return Printed(f"ba-penilaian-kinerja-{row.letter_value}-{day.year}.pdf", content)
