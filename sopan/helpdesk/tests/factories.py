"""Test data of the helpdesk. `make_ticket` writes the row directly (fast, any status); tests of behaviour create
tickets through the services (`services.tickets.ticket_create`)."""

from __future__ import annotations

import datetime
import itertools
import secrets

from django.test import TestCase
from django.utils import timezone

from sopan.core.selectors import calendar_for
from sopan.helpdesk import sla
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.models import (
    Announcement,
    Article,
    Attachment,
    Channel,
    Contact,
    Message,
    PriorityLevel,
    Ticket,
)

_serial = itertools.count(1)


def committed():
    """Run on-commit callbacks (files, mail) of the service call inside the test's transaction."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def make_contact(organization, **fields) -> Contact:
    n = next(_serial)
    defaults = {
        "name": f"Pelapor {n}",
        "email": f"pelapor{n}@example.com",
        "phone": f"08123456{n:04d}",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
    }
    return Contact.objects.create(organization=organization, **{**defaults, **fields})


def make_ticket(organization, *, contact: Contact | None = None, received_at=None, priority_code="sedang", **fields):
    ensure_priority_table(organization)
    contact = contact or make_contact(organization)
    n = next(_serial)
    priority = PriorityLevel.objects.get(organization=organization, code=priority_code)
    ticket = Ticket(
        organization=organization,
        number=fields.pop("number", f"HD-{timezone.now().year}-{900000 + n:06d}"),
        channel=fields.pop("channel", Channel.WEB),
        contact=contact,
        reporter_name=contact.name,
        reporter_email=contact.email,
        reporter_phone=contact.phone,
        reporter_institution=contact.institution,
        user_type=contact.user_type,
        subject=fields.pop("subject", f"Tidak bisa mengunggah penawaran {n}"),
        description=fields.pop("description", "Muncul pesan galat saat mengunggah dokumen penawaran."),
        public_token=secrets.token_urlsafe(32),
        received_at=received_at or timezone.now() - datetime.timedelta(minutes=5),
        **fields,
    )
    sla.targets(ticket, priority, calendar_for(organization), 75)
    ticket.save()
    return ticket


def add_conversation(ticket: Ticket, count: int, *, authors=()) -> list[Message]:
    """`count` messages on the ticket, written directly (fast): to the reporter, from the reporter and an internal note
    in turn, each with one file; `authors` sign the staff's messages in turn."""
    kinds = (Message.Kind.TO_REPORTER, Message.Kind.FROM_REPORTER, Message.Kind.NOTE)
    staff = list(authors) or [None]
    messages = Message.objects.bulk_create(
        Message(
            ticket=ticket,
            organization_id=ticket.organization_id,
            kind=kinds[n % 3],
            body=f"Pesan {n}",
            author=None if kinds[n % 3] == Message.Kind.FROM_REPORTER else staff[n % len(staff)],
            author_name=ticket.reporter_name if kinds[n % 3] == Message.Kind.FROM_REPORTER else "",
        )
        for n in range(count)
    )
    Attachment.objects.bulk_create(
        Attachment(
            message=message,
            ticket=ticket,
            file=f"helpdesk/layar-{message.pk}.png",
            name=f"layar-{message.pk}.png",
            content_type="image/png",
            size=1000,
            sha256="0" * 64,
        )
        for message in messages
    )
    return messages


def make_article(organization, **fields) -> Article:
    n = next(_serial)
    defaults = {
        "title": f"Bagaimana cara mengunggah dokumen penawaran? {n}",
        "body": "Gunakan Apendo terbaru dan pastikan ukuran berkas di bawah batas.",
        "status": Article.Status.PUBLISHED,
        "audience": Article.Audience.PUBLIC,
    }
    return Article.objects.create(organization=organization, **{**defaults, **fields})


def make_announcement(organization, **fields) -> Announcement:
    defaults = {
        "title": "Gangguan akses SPSE",
        "body": "SPSE tidak dapat diakses karena gangguan jaringan.",
        "services": "SPSE",
        "started_at": timezone.now() - datetime.timedelta(hours=2),
    }
    return Announcement.objects.create(organization=organization, **{**defaults, **fields})


def bind_telephone_sop(organization):
    """Put Batang's SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon in force here and bind it."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    source = next(x for x in d.load_catalogue()["batang"] if x.key == "penanganan-permasalahan-telepon")
    version = effective_version(organization, source.to_yaml())
    versions.procedure_bind(organization=organization, procedure="telephone_helpdesk", sop=version.sop, by=None)
    return version


def reporter(**fields) -> dict:
    n = next(_serial)
    return {
        "name": f"Budi Pelapor {n}",
        "email": f"budi{n}@example.com",
        "phone": f"0812999{n:05d}",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
        **fields,
    }


def problem(**fields) -> dict:
    return {
        "subject": "Gagal unggah dokumen penawaran",
        "description": "Saat mengunggah penawaran muncul galat 500.",
        "application": "spse",
        "tender_code": "",
        "error_code": "500",
        "affects_tender": False,
        **fields,
    }


def closed_outage(organization, *, by, cause: str = "Kabel fiber optik putus."):
    """An outage announced two hours ago and closed now by `by`: its Berita Acara Gangguan is numbered and printable."""
    from sopan.helpdesk.announcements import services as announcements

    ensure_priority_table(organization)
    outage = announcements.announcement_create(
        organization=organization,
        by=by,
        kind="outage",
        title="Gangguan akses SPSE",
        body="SPSE tidak dapat diakses karena gangguan jaringan.",
        services="SPSE",
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    return announcements.announcement_close(announcement=outage, by=by, cause=cause)
