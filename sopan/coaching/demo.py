"""Demo coaching programmes for `make run`, made through the services by the persons who hold the roles, so every
audit event and SOP step exists as in real use:

- a socialisation for new vendors, held: proposed, directed by the Kepala UKPBJ, scheduled last week, its invitations
  sent to the vendors registered this year, most of them checked in (SOP steps 1–7, 7b);
- a clinic for vendors, proposed and waiting for the Kepala UKPBJ's direction (steps 1–4);
- a training of the agencies' SPSE users (Perwali Salatiga 41/2024 Pasal 8), approved, scheduled next week with its
  invitations chosen and not sent yet (step 5).

Only where an SOP in force serves `vendor_coaching` (sop's demo binds it first, in INSTALLED_APPS order) and the
coaching team and the Kepala UKPBJ have holders. Idempotent: a programme of the same title is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import RoleAssignment, User
from sopan.coaching import services, services_invitations
from sopan.coaching.criteria import Params
from sopan.coaching.models import Programme
from sopan.coaching.workflows import PROCEDURE
from sopan.sop import api as sop_api

HELD = "Sosialisasi Pendaftaran dan SPSE bagi Penyedia Baru"
PROPOSED = "Klinik Penyusunan Dokumen Penawaran"
TRAINING = "Pelatihan SPSE bagi PPK dan Pejabat Pengadaan"


def _holder(organization, role: str) -> User | None:
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _draft(organization, team, title: str, **fields) -> Programme | None:
    if Programme.objects.filter(organization=organization, title=title).exists():
        return None
    return services.programme_create(organization=organization, by=team, title=title, **fields)


def _directed(programme, team, head, direction: str) -> Programme:
    programme = services.programme_propose(programme=programme, by=team)
    return services.programme_approve(programme=programme, direction=direction, by=head)


@transaction.atomic
def _held(organization, team, head) -> None:
    programme = _draft(organization, team, HELD, kind="socialisation", audience="vendors",
                       strategy="Penyedia yang baru terdaftar belum terbiasa dengan SPSE dan SIKaP: sosialisasi tatap "
                                "muka dengan praktik langsung, didampingi helpdesk LPSE.",
                       target_notes="Penyedia yang disetujui pendaftarannya tahun ini.")  # fmt: skip
    if programme is None:
        return
    programme = _directed(programme, team, head, "Laksanakan sesuai dokumen strategi; utamakan penyedia usaha kecil.")
    services.session_add(programme=programme, starts_at=_at(-7, 9), ends_at=_at(-7, 12),
                         place="Ruang Rapat UKPBJ, Lantai 2", by=team)  # fmt: skip
    since = timezone.localdate() - datetime.timedelta(days=365)
    made = services_invitations.invitations_add(programme=programme, criterion="new", params=Params(since=since),
                                                by=team)  # fmt: skip
    if not made:
        return  # no vendor registered this year: the programme stays approved
    programme = services.programme_send_invitations(programme=programme, by=team)
    for invitation in made[: max(1, len(made) * 2 // 3)]:
        services_invitations.invitation_check_in(programme=programme, code=invitation.code, by=team)
    services.programme_hold(programme=programme, by=team)


@transaction.atomic
def _proposed(organization, team) -> None:
    programme = _draft(organization, team, PROPOSED, kind="clinic", audience="vendors",
                       strategy="Banyak penawaran gugur karena dokumen kualifikasi tidak lengkap: klinik konsultasi "
                                "per penyedia, 30 menit, dengan contoh dokumen.",
                       target_notes="Penyedia KBLI konstruksi yang gugur pada evaluasi kualifikasi.")  # fmt: skip
    if programme is not None:
        services.programme_propose(programme=programme, by=team)


@transaction.atomic
def _training(organization, team, head) -> None:
    programme = _draft(organization, team, TRAINING, kind="training", audience="agency_users",
                       strategy="Pelatihan penggunaan SPSE versi terbaru bagi pengguna SPSE perangkat daerah "
                                "(Perwali Salatiga 41/2024 Pasal 8 ayat (2) huruf d).",
                       target_notes="PPK dan Pejabat Pengadaan seluruh perangkat daerah.")  # fmt: skip
    if programme is None:
        return
    programme = _directed(programme, team, head, "Undang seluruh PPK dan Pejabat Pengadaan.")
    services.session_add(programme=programme, starts_at=_at(7, 9), ends_at=_at(7, 15),
                         place="Laboratorium Komputer LPSE", by=team)  # fmt: skip
    for role in ("commitment_officer", "procurement_officer"):
        services_invitations.invitations_add(programme=programme, criterion="role", params=Params(role=role), by=team)


def seed(organization) -> None:
    try:
        sop_api.version_for(organization=organization, procedure=PROCEDURE)
    except sop_api.ProcedureNotReady:
        return
    team, head = _holder(organization, "coaching_team"), _holder(organization, "ukpbj_head")
    if team is None or head is None:
        return
    _held(organization, team, head)
    _proposed(organization, team)
    _training(organization, team, head)
