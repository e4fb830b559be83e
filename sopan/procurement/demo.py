"""Demo packages for `make run`: a small SiRUP-like list imported through the RUP import service into each demo
organisation, with packages at every stage. The stage transitions (workflows.py) do not exist yet, so the demo sets
`status` directly after the import: demo data only, never a pattern for services (STYLE.md, do/don't 1)."""

from __future__ import annotations

import csv
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import RoleAssignment, User
from sopan.procurement.models import OcdsPublisher, Package
from sopan.procurement.services import rup_import

S = Package.Status
HEADERS = (
    "kd_rup",
    "nama_paket",
    "pagu",
    "kd_satker",
    "metode_pengadaan",
    "jenis_pengadaan",
    "sumber_dana",
    "tahun_anggaran",
    "status_pdn",
    "status_ukm",
    "tgl_awal_pemilihan",
)
# kd_rup suffix, name, pagu, agency code, method, type, funding, PDN, UKM, month of selection, demo stage
PACKAGES = (
    ("01", "Rehabilitasi Gedung Puskesmas Induk", 385_000_000, "DINKES", "Pengadaan Langsung",
     "Pekerjaan Konstruksi", "APBD", "PDN", "UKM", 2, S.PLANNING),
    ("02", "Pengadaan Alat Kesehatan Puskesmas Pembantu", 1_250_000_000, "DINKES", "Tender", "Barang", "DAK",
     "PDN", "Non UKM", 3, S.PREPARATION),
    ("03", "Pembangunan Jalan Lingkungan dan Drainase Kelurahan", 2_400_000_000, "DPUPR", "Tender",
     "Pekerjaan Konstruksi", "APBD", "PDN", "Non UKM", 3, S.SELECTION_PREPARATION),
    ("04", "Jasa Konsultansi Perencanaan Gedung Pelayanan Terpadu", 450_000_000, "DPUPR", "Seleksi",
     "Jasa Konsultansi Badan Usaha", "APBD", "PDN", "Non UKM", 2, S.SELECTION),
    ("05", "Pengadaan Obat dan Bahan Medis Habis Pakai", 780_000_000, "DINKES", "E-Purchasing", "Barang", "BLUD",
     "PDN", "UKM", 1, S.CONTRACT),
    ("06", "Jasa Kebersihan Kantor Dinas", 180_000_000, "DPUPR", "Pengadaan Langsung", "Jasa Lainnya", "APBD",
     "PDN", "UKM", 1, S.HANDED_OVER),
    ("07", "Pengadaan Kendaraan Operasional Lapangan", 650_000_000, "DPUPR", "Tender Cepat", "Barang", "APBD",
     "PDN", "Non UKM", 4, S.CANCELLED),
    ("08", "Jasa Konsultansi Pengawasan Rehabilitasi Puskesmas", 95_000_000, "DINKES", "Pengadaan Langsung",
     "Jasa Konsultansi Perorangan", "APBD", "PDN", "UKM", 3, S.PLANNING),
)  # fmt: skip


def _holder(organization, role: str) -> User | None:
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def _export(organization, year: int) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for suffix, name, pagu, agency, method, kind, funding, pdn, ukm, month, _stage in PACKAGES:
        selection = datetime.date(year, month, 2).isoformat()
        writer.writerow((f"{organization.pk:03d}{year}{suffix}", name, pagu, agency, method, kind, funding, year, pdn,
                         ukm, selection))  # fmt: skip
    return SimpleUploadedFile("rup-demo.csv", buffer.getvalue().encode(), content_type="text/csv")


def seed(organization) -> None:
    """Import the demo RUP (idempotent by kd_rup) and put each package at its demo stage."""
    importer = _holder(organization, "procurement_specialist")
    if importer is None:
        return
    year = timezone.localdate().year
    result = rup_import(organization=organization, upload=_export(organization, year), by=importer, commit=True)
    if not result.committed:  # the demo's own list must import; a failure here is a bug in this file
        raise RuntimeError(f"demo RUP refused: {[str(e) for e in result.errors]}")
    # A demo OCID prefix ("demo" and the town's first two letters: not one the Open Contracting Partnership issues),
    # so that /pengadaan/publik/<slug>/ocds.json and `manage.py export_ocds` work in `make run`.
    OcdsPublisher.objects.get_or_create(
        organization=organization, defaults={"ocid_prefix": f"ocds-demo{organization.slug.replace('-', '')[:2]}"}
    )
    ppk = _holder(organization, "commitment_officer")
    with transaction.atomic():
        for suffix, *_rest, stage in PACKAGES:
            package = Package.objects.get(organization=organization, kd_rup=f"{organization.pk:03d}{year}{suffix}")
            fields = {"status": stage}
            if ppk is not None and package.agency.code == "DPUPR":
                fields.update(commitment_officer=ppk, commitment_officer_name=ppk.get_full_name())
            Package.objects.filter(pk=package.pk).update(**fields)
