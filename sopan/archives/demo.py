"""Demo backups and archives for `make run`, made through the services by the people who hold the roles: on every
demo organisation with an LPSE unit, its Administrator Sistem logs the nightly backups of the last days and a
restore test that passed (and an older one that failed), the Kepala LPSE sets the interval and the retention rules
and decides the destruction of the helpdesk tickets due. So that something is due, the helpdesk desk of three years
ago is there: two walk-in questions answered at the desk (`OLD_TICKETS`), made through the helpdesk's service by its
agent and then dated back to the day they came (the services date what they do now). Only where the helpdesk's own
demo made its tickets (it runs first and makes none once an organisation has tickets).
Idempotent: an organisation with a backup logged is left alone.

The retention figures are placeholders to be checked against the organisation's Jadwal Retensi Arsip (see
`RULES`): the seed (Perwali Salatiga 41/2024 annex 2.6.5 b) gives none.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import OrgUnit, RoleAssignment, User
from sopan.archives import selectors, services_archives, services_backups
from sopan.archives.models import Backup, DocumentKind, RetentionRule
from sopan.archives.registers import RETENTION_RULES
from sopan.core.registers import services as register_services

SOURCE = "Peraturan Kepala ANRI Nomor 13 Tahun 2016 tentang Pedoman Retensi Arsip Urusan Pengadaan"
# UNVERIFIED: the years below are not in the seed; check them against the organisation's Jadwal Retensi Arsip.
RULES = (
    (DocumentKind.VENDOR_REGISTRATION, 5, RetentionRule.Disposition.DESTROY),
    (DocumentKind.HELPDESK_TICKET, 2, RetentionRule.Disposition.DESTROY),
    (DocumentKind.MAIL, 5, RetentionRule.Disposition.DESTROY),
)
NOTE = "Angka retensi perlu dicocokkan dengan JRA daerah."
LOCATION = "Server cadangan LPSE (ruang server Diskominfo), /backup/spse"
OLD_TICKETS = (
    (
        "Cara mengganti alamat e-mail akun SPSE",
        "Penyedia menanyakan cara mengganti e-mail akun SPSE perusahaannya.",
        "Formulir perubahan data diisi di meja layanan; e-mail diganti setelah verifikasi dokumen asli.",
    ),
    (
        "Cara mencetak bukti pendaftaran penyedia",
        "Penyedia baru menanyakan cara mencetak bukti pendaftaran.",
        "Bukti pendaftaran dicetak dari menu Inbox setelah verifikasi; langkahnya ditunjukkan di meja layanan.",
    ),
)
OLD_TICKETS_AGO = datetime.timedelta(days=3 * 365 + 40)
DISPOSITION_NOTE = "Tiket layanan yang telah melewati masa retensi; dinilai tidak memiliki nilai guna lanjutan."


def _holder(organization, role: str) -> User | None:
    found = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return found.user if found else None


def _backups(organization, admin) -> list[Backup]:
    now = timezone.now()
    made = []
    for days in (3, 2, 1, 0):
        taken = now - datetime.timedelta(days=days, hours=2)
        made.append(services_backups.backup_record(
            organization=organization, taken_at=taken, location=LOCATION, performed_by=admin.get_full_name(),
            scope=Backup.Scope.FULL, description="Cadangan harian basis data dan berkas SPSE",
            size_bytes=(14_200 + 35 * days) * 1024 * 1024, by=admin,
        ))  # fmt: skip
    return made


def _rules(organization, head) -> None:
    valid_from = datetime.date(2024, 1, 1)
    for kind, years, disposition in RULES:
        data = {"kind": kind, "retention_years": years, "disposition": disposition, "legal_source": SOURCE,
                "valid_from": valid_from.isoformat(), "notes": NOTE}  # fmt: skip
        register_services.register_create(register=RETENTION_RULES, organization=organization, data=data, by=head)


def _old_tickets(organization) -> None:
    from sopan.helpdesk.models import Ticket
    from sopan.helpdesk.tickets import services as tickets

    agent = _holder(organization, "helpdesk_agent")
    if agent is None or not Ticket.objects.filter(organization=organization).exists():
        return
    for number, (subject, description, solution) in enumerate(OLD_TICKETS):
        came = timezone.now() - OLD_TICKETS_AGO + datetime.timedelta(days=7 * number)
        ticket = tickets.ticket_create(
            organization=organization, channel="walk_in", by=agent, received_at=came, solution=solution,
            reporter={"name": "Budi Santoso", "institution": "CV Maju Jaya", "user_type": "vendor",
                      "phone": "081234567890"},
            problem={"subject": subject, "description": description, "application": "spse"},
            classification={"type": "service_request", "category": "non_technical", "area": "procedure",
                            "urgency": "low"},
        )  # fmt: skip
        tickets.ticket_confirm(ticket=ticket)
        done = came + datetime.timedelta(minutes=20)
        Ticket.objects.filter(pk=ticket.pk).update(
            responded_at=came, resolved_at=done, archived_at=done, reporter_informed_at=done, closed_at=done,
            closes_at=None,
        )  # fmt: skip


def _decision(organization, head) -> None:
    """The destruction of the helpdesk tickets due, if any (none where the helpdesk's demo made no tickets)."""
    rule = selectors.rule_in_force(organization, DocumentKind.HELPDESK_TICKET)
    rows, _after, _cutoff = selectors.due_rows(organization, DocumentKind.HELPDESK_TICKET, rule)
    if rows.exists():
        services_archives.disposition_record(
            organization=organization, kind=DocumentKind.HELPDESK_TICKET, by=head, notes=DISPOSITION_NOTE
        )


@transaction.atomic
def seed(organization) -> None:
    if not OrgUnit.objects.filter(organization=organization, kind=OrgUnit.Kind.LPSE).exists():
        return
    if Backup.objects.filter(organization=organization).exists():
        return
    admin, head = _holder(organization, "system_admin"), _holder(organization, "lpse_head")
    if admin is None or head is None:
        return
    services_backups.backup_settings_update(
        organization=organization, interval_hours=24, by=head,
        source="Standar SPSE (angka belum diverifikasi: cadangan harian)",
    )  # fmt: skip
    backups = _backups(organization, admin)
    services_backups.restore_test_record(
        organization=organization, tested_at=backups[0].taken_at + datetime.timedelta(hours=3), backup=backups[0],
        result="failed", duration_seconds=2400, by=admin,
        notes="Berkas lampiran tender tidak lengkap pada server uji: sinkronisasi berkas diulang.",
    )  # fmt: skip
    services_backups.restore_test_record(
        organization=organization, tested_at=backups[1].taken_at + datetime.timedelta(hours=3), backup=backups[1],
        result="passed", duration_seconds=1850, by=admin,
        notes="Basis data dan berkas dipulihkan ke server uji; login dan daftar paket diperiksa.",
    )  # fmt: skip
    _rules(organization, head)
    _old_tickets(organization)
    _decision(organization, head)
