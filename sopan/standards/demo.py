"""Demo data of the LPSE standards for `make run`, on every demo organisation with an LPSE unit, written through the
services by the persons who hold the roles (the registers directly, as an import would):

- the Koordinator Standardisasi (annex 2.6.6 b), a role of the organisation's own holding the standards'
  capabilities, assigned to the Pengelola Pendukung Layanan;
- assets with their C-I-A classes and owners, capacity readings (one over its threshold), the continuity plan and
  two exercises;
- change requests: one waiting for a decision, one approved and implemented, one rejected;
- access permits: the servers for the Administrator Sistem and the Koordinator LPSE, the server room for the helpdesk;
- the helpdesk standard self-assessed with its evidence.

Idempotent: nothing is added where the organisation already has change requests.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import OrganizationRole, OrgUnit, RoleAssignment, User
from sopan.accounts.services import role_assign
from sopan.accounts.services.own_roles import own_role_create
from sopan.standards import policies
from sopan.standards.models import Asset, CapacityReading, ChangeRequest, ContinuityExercise, ContinuityPlan
from sopan.standards.services import access, assessment, changes

ROLE_CODE = "koordinator_standardisasi"
ROLE_NAME = "Koordinator Standardisasi"
ROLE_CAPABILITIES = (policies.VIEW, policies.MANAGE_REGISTERS, policies.ASSESS)

ASSETS = (
    ("Server SPSE produksi", "hardware", "Ruang server LPSE", "Administrator Sistem", "high", "high", "high"),
    ("Server backup SPSE", "hardware", "Ruang server LPSE", "Administrator Sistem", "high", "high", "medium"),
    ("Basis data SPSE", "data", "Server SPSE produksi", "Kepala LPSE", "high", "high", "high"),
    (
        "Jaringan internet dedicated 100 Mbps",
        "network",
        "Ruang server LPSE",
        "Administrator Sistem",
        "low",
        "medium",
        "high",
    ),
    ("Ruang pelatihan dan verifikasi", "facility", "Gedung UKPBJ lt. 2", "Kepala LPSE", "low", "low", "medium"),
)


def _holder(organization, role: str) -> User | None:
    found = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return found.user if found else None


def _koordinator(organization, head: User, person: User | None) -> None:
    if not OrganizationRole.objects.filter(organization=organization, code=ROLE_CODE).exists():
        own_role_create(
            organization=organization,
            code=ROLE_CODE,
            name=ROLE_NAME,
            lpse_personnel=True,
            capabilities=list(ROLE_CAPABILITIES),
            by=head,
        )
    if person is not None and not RoleAssignment.objects.active().filter(user=person, role=ROLE_CODE).exists():
        unit = OrgUnit.objects.get(organization=organization, kind=OrgUnit.Kind.LPSE, code="LPSE")
        role_assign(
            user=person,
            role=ROLE_CODE,
            unit=unit,
            valid_from=timezone.localdate(),
            decree_number="800/UKPBJ/STD/2026",
            by=None,
        )


def _registers(organization, today: datetime.date) -> None:
    for name, kind, location, owner, c, i, a in ASSETS:
        Asset.objects.create(
            organization=organization,
            name=name,
            kind=kind,
            location=location,
            owner=owner,
            confidentiality=c,
            integrity=i,
            availability=a,
        )
    readings = (
        ("Penyimpanan server SPSE", "78", "80", "%"),
        ("CPU server SPSE (puncak)", "91", "85", "%"),
        ("Bandwidth internet (puncak)", "62", "90", "Mbps"),
    )
    for days, (resource, value, threshold, unit) in enumerate(readings):
        CapacityReading.objects.create(
            organization=organization,
            resource=resource,
            unit=unit,
            value=Decimal(value),
            threshold=Decimal(threshold),
            measured_on=today - datetime.timedelta(days=days),
        )
    ContinuityPlan.objects.create(
        organization=organization,
        title="Rencana Kelangsungan Layanan LPSE",
        document_number="800/LPSE/RKL/2026",
        approved_on=today.replace(month=1, day=15),
        scope="SPSE, basis data, jaringan, helpdesk",
    )
    ContinuityExercise.objects.create(
        organization=organization,
        held_on=today - datetime.timedelta(days=120),
        scenario="Pemulihan basis data SPSE dari backup",
        result="passed",
    )
    ContinuityExercise.objects.create(
        organization=organization,
        held_on=today - datetime.timedelta(days=30),
        scenario="Putus jaringan internet utama",
        result="partial",
        findings="Jalur cadangan aktif setelah 45 menit; perlu prosedur pengalihan.",
    )


def _changes(organization, admin: User, head: User) -> None:
    changes.change_request(
        organization=organization,
        by=admin,
        title="Pemutakhiran SPSE ke versi terbaru",
        description="Rilis LKPP terbaru memperbaiki keamanan.",
        impact="high",
        rollback_plan="Pulihkan snapshot server dan basis data sebelum pemutakhiran.",
    )
    done = changes.change_request(
        organization=organization,
        by=admin,
        title="Penambahan kapasitas penyimpanan",
        description="Penyimpanan mendekati ambang batas 80%.",
        impact="medium",
        rollback_plan="Lepas volume baru; data tetap di volume lama.",
    )
    done = changes.change_approve(done, by=head, data={"note": "Disetujui, laksanakan di luar jam lelang."})
    changes.change_implement(done, by=admin)
    rejected = changes.change_request(
        organization=organization,
        by=admin,
        title="Membuka port SSH ke internet",
        description="Akses jarak jauh vendor.",
        impact="high",
        rollback_plan="Tutup kembali port.",
    )
    changes.change_reject(rejected, by=head, data={"note": "Gunakan VPN, bukan port terbuka."})


def _permits(organization, head: User, today: datetime.date) -> None:
    for role in ("system_admin", "lpse_coordinator"):
        if (person := _holder(organization, role)) is not None:
            access.permit_grant(
                organization=organization,
                by=head,
                holder=person,
                kind="server",
                target="Server SPSE produksi dan backup",
                valid_from=today,
                purpose="Pengelolaan SPSE (Lampiran 2.5.2 b)",
            )
    if (helpdesk := _holder(organization, "helpdesk_agent")) is not None:
        access.permit_grant(
            organization=organization,
            by=head,
            holder=helpdesk,
            kind="room",
            target="Ruang server",
            valid_from=today,
            valid_to=today + datetime.timedelta(days=90),
            purpose="Pendampingan pemeliharaan",
        )


@transaction.atomic
def seed(organization) -> None:
    if not OrgUnit.objects.filter(organization=organization, kind=OrgUnit.Kind.LPSE).exists():
        return
    if ChangeRequest.objects.filter(organization=organization).exists():
        return
    head, admin = _holder(organization, "lpse_head"), _holder(organization, "system_admin")
    if head is None or admin is None:
        return
    today = timezone.localdate()
    _koordinator(organization, head, _holder(organization, "service_support_officer"))
    _registers(organization, today)
    _changes(organization, admin, head)
    _permits(organization, head, today)
    assessment.assessment_save(
        organization=organization,
        standard="helpdesk",
        year=today.year,
        level=3,
        notes="Tiket dicatat dan ditindaklanjuti sesuai SOP; SLA dipantau tiap triwulan.",
        evidence_notes="Laporan helpdesk triwulanan.",
        by=head,
    )
