"""5. Laporan Hasil Analisa Ketersediaan Pelaku Usaha (issue 17 §5; SOP Analisa Ketersediaan Pelaku Usaha, the output
of step 4 and the documentation of step 8): the criteria, the number of qualified vendors registered, the shortlist and
the conclusion, with the PPK's proposal to correct the RUP when too few vendors exist (step 5). Signed by the analyst
(the Jabfung PPBJ) and known to the Kepala UKPBJ.

Printable once the analysis is concluded, one report per round (the current one unless a round is named). Numbered
like the other letters Sopan numbers (`printing.numbered_letter`, key = the round, as the review rounds' Berita
Acara): drawn with `numbering.next_number` on the round's first print and kept in `PackageLetter`, so a reprint is
the same letter, and an earlier round's report keeps its own number after the package is analysed again. The count
of qualified vendors is the one found at the conclusion. Printed in Indonesian whatever the interface language
(`office.as_written`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import OrgUnit
from sopan.core.documents import office
from sopan.procurement import availability, printing
from sopan.procurement.models import AvailabilityAnalysis, Package
from sopan.vendors.models import BusinessScale, LegalForm
from sopan.vendors.regions import province_name

QUALIFICATION_NAMES = {"small": "Usaha Kecil (termasuk Koperasi)", "non_small": "Non-Kecil", "any": "Semua kualifikasi"}
SCALE_NAMES = {"micro": "Mikro", "small": "Kecil", "medium": "Menengah", "large": "Besar"}
CHANGE_NAMES = {
    "method": "Metode pemilihan",
    "qualification": "Kualifikasi usaha",
    "kbli": "KBLI",
    "region": "Wilayah/lokasi",
    "value": "Pagu anggaran/HPS",
    "other": "Dokumen perencanaan lainnya",
}
LEGAL_FORM_NAMES = {
    LegalForm.PT: "PT", LegalForm.CV: "CV", LegalForm.FIRMA: "Firma", LegalForm.KOPERASI: "Koperasi",
    LegalForm.PERORANGAN: "Perorangan", LegalForm.PERSEKUTUAN_PERDATA: "Persekutuan Perdata",
    LegalForm.YAYASAN: "Yayasan", LegalForm.BUMN_BUMD: "BUMN/BUMD", LegalForm.OTHER: "Lainnya",
}  # fmt: skip
assert set(SCALE_NAMES) == set(BusinessScale.values)


def availability_report(package: Package, round_: int | None = None) -> printing.Printed:
    """The report of the package's concluded analysis of round `round_` (None: the current round); NotAvailable for
    a round that does not exist or is not concluded."""
    if round_ is None:
        analysis = availability.current_analysis(package)
    else:
        analysis = availability.analysis_of_round(package, round_)
        if analysis is None:
            raise printing.NotAvailable(
                _("The availability analysis of this package has no round %(round)s.") % {"round": round_}
            )
    if analysis is None or analysis.is_open:
        raise printing.NotAvailable(_("The availability analysis of this package is not concluded yet."))
    key = str(analysis.round)
    organization = package.organization
    ukpbj = printing.ukpbj_name(organization)
    with office.as_written(organization):
        day = timezone.localdate(analysis.concluded_at) if analysis.concluded_at else timezone.localdate()
        earlier = printing.issued(package, "availability", key)
        previous = printing.issued(package, "availability", str(analysis.round - 1)) if analysis.round > 1 else None
        day = earlier.dated_on if earlier else day
        shortlist = [
            (
                entry,
                LEGAL_FORM_NAMES.get(entry.company.legal_form, ""),
                SCALE_NAMES.get(entry.company.business_scale, "-"),
            )
            for entry in availability.shortlist_of(analysis)
        ]
        context = {
            "analysis": analysis,
            "enough": analysis.status in (AvailabilityAnalysis.Status.QUALIFIED, AvailabilityAnalysis.Status.DISCUSSED),
            "qualification": QUALIFICATION_NAMES.get(analysis.qualification, analysis.qualification),
            "region": ", ".join(x for x in (analysis.regency, province_name(analysis.province) or "") if x),
            "eligible_count": analysis.eligible_found
            if analysis.eligible_found is not None
            else availability.eligible_count(analysis),
            "previous_number": previous.number if previous else "",
            "count_cap": availability.COUNT_CAP,
            "shortlist": shortlist,
            "changes": [CHANGE_NAMES[c] for c in analysis.proposal_changes if c in CHANGE_NAMES],
            "proposed_method": printing.METHOD_NAMES.get(analysis.proposed_method, ""),
            "proposed_on": office.indonesian_date(timezone.localtime(analysis.proposed_at))
            if analysis.proposed_at
            else "",
            "ukpbj": ukpbj,
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "signatures": office.signatures(
                office.signature(
                    "Pengelola Pengadaan Barang/Jasa",
                    analysis.analysed_by,
                    caption="Yang membuat laporan,",
                    place_date=office.place_and_date(organization, day),
                ),
                office.signature(f"Kepala {ukpbj}", printing.head_of_ukpbj(organization), caption="Mengetahui,"),
            ),
        }
        return printing.numbered_letter(package, "availability", "procurement/print/analisa_ketersediaan.html", context,
                                        day, "UKPBJ", key=key, stem=f"analisa-ketersediaan-{key}")  # fmt: skip
