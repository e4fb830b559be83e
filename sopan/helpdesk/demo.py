"""Demo data of the helpdesk: the priority table, a ticket at every stage on every channel, and (demo_knowledge) FAQ
articles, canned answers and announcements — made through the services, as people would, so the telephone SOP's
cases and the audit trail are real. Idempotent: an organisation that has tickets gets no more; the knowledge is made
once per kind."""

from __future__ import annotations

from django.db import transaction

from sopan.accounts.models import User
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.demo_knowledge import ensure_knowledge, office_for
from sopan.helpdesk.models import Escalation, Ticket
from sopan.helpdesk.tickets import escalations
from sopan.helpdesk.tickets import services as tickets
from sopan.sop.api import ProcedureNotReady, version_for

CALLER = {
    "name": "Budi Santoso",
    "email": "budi.santoso@majujaya.co.id",
    "phone": "081234567890",
    "institution": "CV Maju Jaya",
    "user_type": "vendor",
}
# (channel, reporter, problem, classification, what happens next)
TICKETS = (
    (
        "phone",
        CALLER,
        {
            "subject": "Lupa kata sandi akun SPSE",
            "description": "Penyedia tidak dapat masuk ke SPSE karena lupa kata sandi.",
            "application": "spse",
        },
        {"type": "service_request", "category": "non_technical", "area": "procedure", "urgency": "low"},
        "solved_on_the_spot",
    ),
    (
        "phone",
        {
            "name": "Andi Wijaya",
            "phone": "081298765432",
            "institution": "Pokja Pemilihan UKPBJ",
            "user_type": "pokja",
        },
        {
            "subject": "Dokumen penawaran tidak dapat dibuka",
            "description": "Saat pembukaan penawaran, dokumen dua peserta gagal didekripsi (Apendo).",
            "application": "spse",
            "tender_code": "10012026",
            "affects_tender": True,
            "error_code": "DEKRIPSI-GAGAL",
        },
        {"type": "incident", "urgency": "high", "impact": "medium"},
        "in_progress",
    ),
    (
        "web",
        {
            "name": "Siti Aminah",
            "email": "siti@sinarabadi.co.id",
            "phone": "085611112222",
            "institution": "PT Sinar Abadi",
            "user_type": "vendor",
        },
        {
            "subject": "Tidak bisa mengunggah dokumen kualifikasi",
            "description": "Unggah dokumen kualifikasi di SIKaP berhenti di 90% dan muncul pesan galat.",
            "application": "sikap",
        },
        {"type": "problem"},
        "new",
    ),
    (
        "email",
        {"name": "Teguh Santoso", "email": "teguh.ppk@dpupr.{domain}", "user_type": "ppk"},
        {
            "subject": "Paket tidak muncul di SiRUP",
            "description": "Paket yang sudah diumumkan di SiRUP belum muncul saat membuat paket di SPSE.",
            "application": "sirup",
        },
        {"type": "problem", "urgency": "medium", "impact": "low"},
        "waiting",
    ),
    (
        "web",
        {
            "name": "Rudi Hartono",
            "email": "rudi@karyamandiri.co.id",
            "institution": "CV Karya Mandiri",
            "user_type": "vendor",
        },
        {
            "subject": "Galat saat mengirim penawaran harga",
            "description": "Muncul galat 500 saat mengirim penawaran harga pada tender 10022026.",
            "application": "spse",
            "tender_code": "10022026",
            "affects_tender": True,
            "error_code": "HTTP 500",
        },
        {"type": "incident", "urgency": "high", "impact": "high"},
        "escalated",
    ),
    (
        "walk_in",
        {
            "name": "Nur Aini",
            "phone": "087733334444",
            "institution": "Dinas Kesehatan",
            "user_type": "procurement_officer",
        },
        {
            "subject": "Cara membuat paket pengadaan langsung",
            "description": "Pejabat pengadaan menanyakan langkah membuat paket pengadaan langsung di SPSE.",
            "application": "spse",
        },
        {"type": "service_request", "category": "non_technical", "area": "procedure", "urgency": "low"},
        "closed",
    ),
)


def _agent(organization) -> User | None:
    return organization.users.filter(role_assignments__role="helpdesk_agent", is_active=True).order_by("pk").first()


def ensure_helpdesk(organization) -> int:
    """The priority table and the knowledge (FAQ, canned answers, announcements) always; tickets only where the
    telephone SOP is bound and a helpdesk agent exists. Returns the number of tickets made."""
    ensure_priority_table(organization)
    ensure_knowledge(organization)
    if Ticket.objects.filter(organization=organization).exists():
        return 0
    try:
        version_for(organization=organization, procedure="telephone_helpdesk")
    except ProcedureNotReady:
        return 0
    agent = _agent(organization)
    if agent is None:
        return 0
    domain = office_for(organization).email.partition("@")[2]  # the reporters of a town write from its domain
    for channel, reporter, problem, classification, outcome in TICKETS:
        reporter = {name: value.format(domain=domain) for name, value in reporter.items()}
        _make(organization, agent, channel, reporter, problem, classification, outcome)
    return len(TICKETS)


def _make(organization, agent, channel, reporter, problem, classification, outcome) -> None:
    # Each step commits on its own, as the requests of real people do.
    staff = channel in ("phone", "walk_in")
    with transaction.atomic():
        ticket = tickets.ticket_create(
            organization=organization,
            channel=channel,
            reporter=reporter,
            problem=problem,
            classification=classification,
            by=agent if staff else None,
            solution="Kata sandi dapat diatur ulang lewat menu Lupa Password; tautan dikirim ke e-mail terdaftar."
            if outcome == "solved_on_the_spot"
            else "",
        )
    if outcome in ("solved_on_the_spot", "new"):
        return
    with transaction.atomic():
        ticket = tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    if outcome == "waiting":
        with transaction.atomic():
            tickets.ticket_reply(
                ticket=ticket,
                version=ticket.version,
                by=agent,
                body="Mohon kirimkan kode RUP dan tangkapan layar halaman paket di SiRUP.",
                wait=True,
            )
    elif outcome == "escalated":
        with transaction.atomic():
            escalations.ticket_escalate_lkpp(
                ticket=ticket,
                version=ticket.version,
                by=agent,
                kind=Escalation.Kind.LKPP_EPROC,
                reason="Galat 500 pada pengiriman penawaran harga, tidak dapat diselesaikan LPSE.",
                reference="EPROC-2026-4471",
            )
    elif outcome == "closed":
        with transaction.atomic():
            ticket = tickets.ticket_resolve(
                ticket=ticket,
                version=ticket.version,
                by=agent,
                resolution="Langkah membuat paket pengadaan langsung dijelaskan dan dipraktikkan bersama.",
            )
        with transaction.atomic():
            tickets.ticket_confirm(ticket=ticket)
