"""Demo packages for `make run`: a small SiRUP-like list imported through the RUP import service into each demo
organisation, then each package moved to its demo stage through the stage services (stages.py) by the persons who
hold the roles: the PPK prepares and requests, the PA/KPA approves, the Kepala UKPBJ appoints the Pokja, the Pokja
reviews (one package returned once to its PPK and resubmitted), decides the methods and schedule and records the
selection result, the PPK records SPPBJ, contract and BAST, the PA/KPA cancels one. So every stage record, audit event
and SOP step exists as in real use (SOP Persiapan Pengadaan steps 3–9, Persiapan Pemilihan Penyedia steps 2–9, Proses
Utama PBJ steps 5–8).

The stages record their steps on the organisation's SOPs bound to the procurement procedures (module.py): sop's demo
runs first (INSTALLED_APPS order) and binds them; an organisation where they are not bound (or a role has no holder)
gets its packages imported and left in planning.

Idempotent: the import is idempotent by kd_rup, and a package already moved (status past planning, or a preparation
document recorded) is left alone.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import RoleAssignment, User
from sopan.procurement import stages
from sopan.procurement.models import Kind, OcdsPublisher, Package, PreparationDocument, SelectionRequest
from sopan.procurement.rules import PokjaMember
from sopan.procurement.services import rup_import
from sopan.procurement.workflows import MAIN, PREPARATION, SELECTION_PREPARATION
from sopan.sop import api as sop_api

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
    "nama_ppk",
    "nama_kpa",
)
# The demo stages: where each package is left ("pokja": Pokja appointed, awaiting its review; "selection": announced,
# its review returned once to the PPK before it was complete).
PLANNING, PREPARING, POKJA, SELECTING, CONTRACT, HANDED_OVER, CANCELLED = (
    "planning", "preparation", "pokja", "selection", "contract", "handed_over", "cancelled")  # fmt: skip
# kd_rup suffix, name, pagu, agency code, method, type, funding, PDN, UKM, month of selection, demo stage. The packages
# that move are the DPUPR's, whose PPK and PA/KPA the demo has; the DINKES's wait in planning for their PPK.
PACKAGES = (
    ("01", "Rehabilitasi Gedung Puskesmas Induk", 385_000_000, "DINKES", "Pengadaan Langsung",
     "Pekerjaan Konstruksi", "APBD", "PDN", "UKM", 2, PLANNING),
    ("02", "Pengadaan Alat Kesehatan Puskesmas Pembantu", 1_250_000_000, "DINKES", "Tender", "Barang", "DAK",
     "PDN", "Non UKM", 3, PLANNING),
    ("03", "Pembangunan Jalan Lingkungan dan Drainase Kelurahan", 2_400_000_000, "DPUPR", "Tender",
     "Pekerjaan Konstruksi", "APBD", "PDN", "Non UKM", 3, POKJA),
    ("04", "Jasa Konsultansi Perencanaan Gedung Pelayanan Terpadu", 450_000_000, "DPUPR", "Seleksi",
     "Jasa Konsultansi Badan Usaha", "APBD", "PDN", "Non UKM", 2, SELECTING),
    ("05", "Pembangunan Jembatan Gantung Antardusun", 1_100_000_000, "DPUPR", "Tender", "Pekerjaan Konstruksi",
     "APBD", "PDN", "Non UKM", 1, CONTRACT),
    ("06", "Jasa Kebersihan Kantor Dinas", 240_000_000, "DPUPR", "Tender", "Jasa Lainnya", "APBD",
     "PDN", "UKM", 1, HANDED_OVER),
    ("07", "Pengadaan Kendaraan Operasional Lapangan", 650_000_000, "DPUPR", "Tender Cepat", "Barang", "APBD",
     "PDN", "Non UKM", 4, CANCELLED),
    ("08", "Jasa Konsultansi Pengawasan Rehabilitasi Puskesmas", 95_000_000, "DINKES", "Pengadaan Langsung",
     "Jasa Konsultansi Perorangan", "APBD", "PDN", "UKM", 3, PLANNING),
    ("09", "Pengadaan Material Perbaikan Jalan Lingkungan", 150_000_000, "DPUPR", "Pengadaan Langsung", "Barang",
     "APBD", "PDN", "UKM", 4, PREPARING),
)  # fmt: skip
RETURNED_ONCE = "04"
POKJA_ROLES = ("selection_group_member", "procurement_specialist", "data_analysis_team")
PROCEDURES = (PREPARATION, SELECTION_PREPARATION, MAIN)


def _holder(organization, role: str) -> User | None:
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def _export(organization, year: int, ppk, pa) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for suffix, name, pagu, agency, method, kind, funding, pdn, ukm, month, _stage in PACKAGES:
        selection = datetime.date(year, month, 2).isoformat()
        names = [p.get_full_name() if p and agency == "DPUPR" else "" for p in (ppk, pa)]
        writer.writerow((f"{organization.pk:03d}{year}{suffix}", name, pagu, agency, method, kind, funding, year, pdn,
                         ukm, selection, *names))  # fmt: skip
    return SimpleUploadedFile("rup-demo.csv", buffer.getvalue().encode(), content_type="text/csv")


def seed(organization) -> None:
    """Import the demo RUP (idempotent by kd_rup) and move each package to its demo stage through the services."""
    importer = _holder(organization, "procurement_specialist")
    if importer is None:
        return
    ppk, pa = _holder(organization, "commitment_officer"), _holder(organization, "budget_holder")
    year = timezone.localdate().year
    preview = rup_import(organization=organization, upload=_export(organization, year, ppk, pa), by=importer,
                         commit=False)  # fmt: skip
    if preview.created or preview.updated:  # imported already and unchanged: no import (and no audit event) again
        result = rup_import(organization=organization, upload=_export(organization, year, ppk, pa), by=importer,
                            commit=True)  # fmt: skip
        if not result.committed:  # the demo's own list must import; a failure here is a bug in this file
            raise RuntimeError(f"demo RUP refused: {[str(e) for e in result.errors]}")
    elif preview.errors:
        raise RuntimeError(f"demo RUP refused: {[str(e) for e in preview.errors]}")
    # A demo OCID prefix ("demo" and the town's first two letters: not one the Open Contracting Partnership issues),
    # so that /pengadaan/publik/<slug>/ocds.json and `manage.py export_ocds` work in `make run`.
    OcdsPublisher.objects.get_or_create(
        organization=organization, defaults={"ocid_prefix": f"ocds-demo{organization.slug.replace('-', '')[:2]}"}
    )
    people = _people(organization)
    if people is None or not _stage_sops_bound(organization):
        return
    for suffix, *_rest, stage in PACKAGES:
        package = Package.objects.get(organization=organization, kd_rup=f"{organization.pk:03d}{year}{suffix}")
        if stage == PLANNING or package.status != Package.Status.PLANNING or package.preparation_documents.exists():
            continue  # nothing to do, or already moved by an earlier seed
        with transaction.atomic():
            _link_accounts(package, people)
            _move(package, stage, people, returned=suffix == RETURNED_ONCE)
    # the availability analyses (issue 17 §4), where the organisation's SOP serves that procedure
    from sopan.procurement import demo_availability

    demo_availability.seed(organization, year=year, analyst=importer, ppk=people["ppk"])
    # the assistance of a planning package by the Jabfung PPBJ (issue 17 §2), where Perencanaan Pengadaan is bound
    from sopan.procurement import demo_assistance

    demo_assistance.seed(organization, year=year, jabfung=importer, ppk=people["ppk"], head=people["head"])


def _people(organization) -> dict | None:
    """The persons who act: the PPK, the PA/KPA, the Kepala UKPBJ and three Pokja members (the Pokja member, the
    Jabfung PPBJ and the analysis team's member of the UKPBJ); None when one of them is missing."""
    people = {
        "ppk": _holder(organization, "commitment_officer"),
        "pa": _holder(organization, "budget_holder"),
        "head": _holder(organization, "ukpbj_head"),
        "pokja": [_holder(organization, role) for role in POKJA_ROLES],
    }
    if None in (people["ppk"], people["pa"], people["head"], *people["pokja"]):
        return None
    return people


def _stage_sops_bound(organization) -> bool:
    try:
        for procedure in PROCEDURES:
            sop_api.version_for(organization=organization, procedure=procedure)
    except sop_api.ProcedureNotReady:
        return False
    return True


def _link_accounts(package, people) -> None:
    """The RUP gives the PPK's and PA/KPA's names only; no service links their accounts yet (demo data only, never a
    pattern for services, STYLE.md do/don't 1), so the demo names the accounts of its own PPK and PA/KPA."""
    Package.objects.filter(pk=package.pk).update(commitment_officer=people["ppk"], budget_holder=people["pa"])
    package.refresh_from_db()


def _act(package, service, by, **kwargs):
    """One stage service as `by`, on the version just read; the package is read again after it."""
    done = service(package=package, by=by, seen_version=package.version, **kwargs)
    package.refresh_from_db()
    return done


def _methods(package) -> dict:
    """Persiapan Pemilihan step 6: the methods that fit the package (Perpres 16/2018 Pasal 39 and 42)."""
    if package.kind == Kind.CONSULTANCY:
        return {"selection_method": package.method, "qualification_method": "pre",
                "evaluation_method": "quality_cost", "submission_method": "two_files"}  # fmt: skip
    return {"selection_method": package.method, "qualification_method": "post",
            "evaluation_method": "lowest_price", "submission_method": "one_file"}  # fmt: skip


def _prepare(package, ppk, pa, *, approve: bool) -> None:
    """Persiapan Pengadaan steps 3–4: the PPK's three documents, submitted; the PA/KPA approves."""
    for number, kind in enumerate(PreparationDocument.Kind.values, start=1):
        _act(package, stages.package_record_preparation_document, ppk, kind=kind,
             reference=f"{number:03d}/{package.agency.code}/{package.fiscal_year}")  # fmt: skip
    _act(package, stages.package_submit_preparation, ppk)
    if approve:
        _act(package, stages.package_approve_preparation, pa)


def _appoint_pokja(package, people, on: datetime.date) -> None:
    """Persiapan Pemilihan steps 2–3: the PPK requests the selection; the Kepala UKPBJ appoints the Pokja."""
    _act(package, stages.package_request_selection, people["ppk"], items=SelectionRequest.Item.values)
    members = [PokjaMember(user, frozenset({package.kind}), declared_no_conflict=True) for user in people["pokja"]]
    _act(package, stages.package_assign_pokja, people["head"], decree_date=on, members=members,
         decree_number=f"027/{package.pk}/UKPBJ/{on.year}")  # fmt: skip


def _select(package, people, today: datetime.date, *, returned: bool) -> None:
    """Persiapan Pemilihan steps 4–9: the review (returned once to the PPK when `returned`), the methods, the
    schedule and the announcement in SPSE."""
    pokja, ppk = people["pokja"][0], people["ppk"]
    if returned:
        _act(package, stages.package_return_documents, pokja,
             findings="HPS belum dilengkapi survei harga; jadwal pelaksanaan belum sesuai KAK.")  # fmt: skip
        _act(package, stages.package_resubmit_documents, ppk)
    _act(package, stages.package_complete_review, pokja)
    _act(package, stages.package_decide_methods, pokja, **_methods(package))
    days = [today - datetime.timedelta(days=n) for n in (60, 50, 40, 30)]
    _act(package, stages.package_set_schedule, pokja, announcement_on=days[0], bid_deadline_on=days[1],
         result_on=days[2], contract_on=days[3])  # fmt: skip
    _act(package, stages.package_start_selection, pokja, announced_on=days[0],
         spse_code=f"{package.fiscal_year}{package.pk:05d}")  # fmt: skip


def _contract(package, people, today: datetime.date, *, handover: bool) -> None:
    """Proses Utama steps 5–8: the selection result, SPPBJ and contract (at 95 % of the pagu), the BAST."""
    pokja, ppk = people["pokja"][0], people["ppk"]
    value = (package.pagu * Decimal("0.95")).quantize(Decimal("1000"))
    year = package.fiscal_year
    _act(package, stages.package_record_selection_result, pokja, on=today - datetime.timedelta(days=40),
         reference=f"BA-HP/{package.pk}/{year}", value=value)  # fmt: skip
    _act(package, stages.package_record_sppbj, ppk, on=today - datetime.timedelta(days=35),
         reference=f"SPPBJ/{package.pk}/{year}", value=value)  # fmt: skip
    _act(package, stages.package_record_contract, ppk, on=today - datetime.timedelta(days=30),
         reference=f"KONTRAK/{package.pk}/{year}", value=value)  # fmt: skip
    if handover:
        _act(package, stages.package_record_handover, ppk, on=today - datetime.timedelta(days=5),
             reference=f"BAST/{package.pk}/{year}")  # fmt: skip


def _move(package, stage: str, people, *, returned: bool) -> None:
    today = timezone.localdate()
    _prepare(package, people["ppk"], people["pa"], approve=stage != PREPARING)
    if stage == PREPARING:
        return
    if stage == CANCELLED:  # requested, then cancelled by the PA/KPA before any Pokja
        _act(package, stages.package_request_selection, people["ppk"], items=SelectionRequest.Item.values)
        _act(package, stages.package_cancel, people["pa"],
             reason="Anggaran dialihkan untuk penanganan bencana (refocusing APBD).")  # fmt: skip
        return
    _appoint_pokja(package, people, today - datetime.timedelta(days=70))
    if stage == POKJA:
        return
    _select(package, people, today, returned=returned)
    if stage == SELECTING:
        return
    _contract(package, people, today, handover=stage == HANDED_OVER)
