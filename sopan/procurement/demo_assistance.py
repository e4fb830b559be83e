"""A demo assistance (issue 17 §2), made through the services by the persons who hold the roles: for the first demo
package still in planning, the PPK asks the UKPBJ for assistance with the planning (SOP Perencanaan Pengadaan step
3 "a"), the Kepala UKPBJ appoints the Jabfung PPBJ (step 4; the Surat Tugas number is drawn), the Jabfung reports once
(step 5). Only where the organisation's SOP serves the procedure "procurement_planning" (Pagar Alam's own SOP);
elsewhere nothing is made. Idempotent: a package with an assistance is left alone. Cheap: one package."""

from __future__ import annotations

from django.db import transaction

from sopan.procurement import services_assistance as services
from sopan.procurement.models import Assistance, Package
from sopan.procurement.workflows_assistance import PLANNING
from sopan.sop import api as sop_api

SUFFIX = "01"  # demo.PACKAGES: the Puskesmas rehabilitation, waiting in planning


def seed(organization, *, year: int, jabfung, ppk, head) -> None:
    if None in (jabfung, ppk, head):
        return
    try:
        sop_api.version_for(organization=organization, procedure=PLANNING)
    except sop_api.ProcedureNotReady:
        return
    package = Package.objects.filter(organization=organization, kd_rup=f"{organization.pk:03d}{year}{SUFFIX}").first()
    if package is None or package.status != Package.Status.PLANNING or Assistance.objects.filter(package=package):
        return
    with transaction.atomic():
        assistance = services.assistance_request(
            package=package,
            stage=Assistance.Stage.PLANNING,
            text="Mohon asistensi penyusunan spesifikasi teknis, RAB dan jadwal pengadaan rehabilitasi gedung.",
            by=ppk,
        )
        assistance = services.assistance_appoint(
            assistance=assistance, jabfung=jabfung, by=head, seen_version=assistance.version
        )
        services.assistance_report(
            assistance=assistance,
            period=f"Januari {year}",
            text="Identifikasi kebutuhan dan penetapan barang/jasa bersama PPK telah dilakukan; RAB sedang disusun.",
            by=jabfung,
            seen_version=assistance.version,
        )
