"""Demo availability analyses (issue 17 §4), made through the services by the persons who hold the roles: the Jabfung
PPBJ analyses two of the DPUPR's demo packages, (a) the road works with the registered vendors of KBLI 41011
shortlisted and the follow-up discussed, (b) the material purchase, for which no vendor of its KBLI is registered, so
the PPK proposes to correct the RUP; the PA/KPA corrected it, so the analysis runs again (round 2, open for the
analyst). Only where the organisation's SOP serves the procedure "procurement_availability"
(Pagar Alam's own SOP); elsewhere nothing is made. Idempotent: a package with an analysis is left alone. Cheap: two
packages, a handful of queries each."""

from __future__ import annotations

from django.db import transaction

from sopan.procurement import availability
from sopan.procurement import services_availability as services
from sopan.procurement.models import AvailabilityAnalysis, Package
from sopan.procurement.workflows_availability import AVAILABILITY
from sopan.sop import api as sop_api
from sopan.vendors.demo import locality_for

# kd_rup suffix (demo.PACKAGES), KBLI, qualification, whether enough vendors are expected
SHORTLISTED = ("03", "41011", "small")
SHORT = ("09", "46638", "small")


def seed(organization, *, year: int, analyst, ppk) -> None:
    if analyst is None or ppk is None:
        return
    try:
        sop_api.version_for(organization=organization, procedure=AVAILABILITY)
    except sop_api.ProcedureNotReady:
        return
    province = locality_for(organization).province
    for suffix, kbli, qualification in (SHORTLISTED, SHORT):
        package = Package.objects.filter(
            organization=organization, kd_rup=f"{organization.pk:03d}{year}{suffix}"
        ).first()
        if package is None or AvailabilityAnalysis.objects.filter(package=package).exists():
            continue
        with transaction.atomic():
            analysis = services.availability_save_criteria(
                package=package, by=analyst, kbli=kbli, qualification=qualification, province=province,
                notes="Data penyedia dari registrasi LPSE (SPSE).",
            )  # fmt: skip
            if (suffix, kbli, qualification) == SHORTLISTED:
                _shortlist(analysis, analyst)
            else:
                _short(analysis, analyst, ppk)


def _shortlist(analysis, analyst) -> None:
    """Step 3, step 4 "a" (with 8) and step 9: every fitting vendor (at most three) shortlisted."""
    picked = list(availability.eligible(analysis).order_by("name", "id").values_list("pk", flat=True)[:3])
    if not picked:
        return  # no demo vendor fits here: the analysis stays open
    analysis = services.availability_save_criteria(
        package=analysis.package, by=analyst, kbli=analysis.kbli, qualification=analysis.qualification,
        province=analysis.province, minimum_vendors=len(picked), notes=analysis.notes,
    )  # fmt: skip
    analysis = services.availability_update_shortlist(analysis=analysis, by=analyst, add=picked)
    analysis = services.availability_conclude(
        analysis=analysis, by=analyst, enough=True,
        conclusion="Pelaku usaha terdaftar dengan KBLI yang sesuai mencukupi untuk tender.",
    )  # fmt: skip
    services.availability_record_discussion(
        analysis=analysis, by=analyst,
        action_plan="Sosialisasi paket kepada asosiasi jasa konstruksi setempat sebelum pengumuman.",
    )  # fmt: skip


def _short(analysis, analyst, ppk) -> None:
    """Step 4 "b", the PPK's proposal (step 5), then round 2 after the RUP correction, left open."""
    analysis = services.availability_conclude(
        analysis=analysis, by=analyst, enough=False,
        conclusion="Tidak ada pelaku usaha terdaftar dengan KBLI 46638 di provinsi ini.",
    )  # fmt: skip
    analysis = services.availability_propose_correction(
        analysis=analysis, by=ppk, changes=["region", "method"], method="e_purchasing",
        text="Perluas wilayah pelaku usaha atau gunakan katalog elektronik untuk material perbaikan jalan.",
    )  # fmt: skip
    services.availability_reanalyse(
        analysis=analysis, by=analyst,
        note="RUP diperbaiki PA/KPA atas usulan PPK: pelaku usaha dicari di seluruh provinsi.",
    )  # fmt: skip
