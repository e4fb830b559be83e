"""Mail to the reporter (tasks_mail.send_ticket_mail): addressing, threading headers, automatic-notice marking."""

from __future__ import annotations

import pytest
from django.core import mail

from sopan.helpdesk import tasks_mail
from sopan.helpdesk.models import HelpdeskSettings, Mailbox, Message
from sopan.helpdesk.tests.factories import make_contact, make_ticket

pytestmark = pytest.mark.django_db


def _reporter_mail(ticket, body="Laporan awal", message_id="<r-1@cv-maju.example.com>"):
    return Message.objects.create(
        ticket=ticket,
        organization=ticket.organization,
        kind=Message.Kind.FROM_REPORTER,
        body=body,
        email_message_id=message_id,
    )


@pytest.mark.parametrize("kind", tasks_mail.KINDS)
def test_every_kind_of_mail_names_the_ticket_and_links_the_reporters_page(helpdesk_setup, kind):
    parent = make_ticket(helpdesk_setup)
    ticket = make_ticket(helpdesk_setup, subject="Tidak bisa login", resolution="Reset sandi.", parent=parent)
    answer = Message.objects.create(
        ticket=ticket, organization=helpdesk_setup, kind=Message.Kind.TO_REPORTER, body="Silakan coba lagi."
    )

    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind=kind, message_id=answer.pk)

    sent = mail.outbox[0]
    assert sent.to == [ticket.reporter_email]
    assert sent.subject == f"[{ticket.number}] Tidak bisa login"
    assert f"/bantuan/{helpdesk_setup.slug}/t/{ticket.public_token}/" in sent.body
    assert ticket.reporter_name in sent.body and "{%" not in sent.body and "&#" not in sent.body
    automatic = sent.extra_headers.get("Auto-Submitted") == "auto-generated"
    assert automatic == (kind in ("created", "closed", "reopened", "follow_up"))


def test_the_confirmation_of_a_call_carries_both_numbers_given_on_the_telephone(helpdesk_setup):
    # Given a call recorded on the consultation form (seed step 8: the form number and the ticket number are given,
    # and the desk's page says a confirmation with the numbers goes to the caller)
    call = make_ticket(helpdesk_setup, channel="phone", form_number="FK-2026-000042")
    web = make_ticket(helpdesk_setup)

    tasks_mail.send_ticket_mail.call(ticket_id=call.pk, kind="created")
    tasks_mail.send_ticket_mail.call(ticket_id=web.pk, kind="created")

    # Then the caller's mail names both numbers; a web report, which has no consultation form, only its ticket
    to_caller, to_web_reporter = mail.outbox
    assert call.number in to_caller.body and "FK-2026-000042" in to_caller.body
    assert web.number in to_web_reporter.body and "FK-" not in to_web_reporter.body


def test_a_reply_keeps_its_message_id_and_answers_the_reporters_last_mail(helpdesk_setup):
    ticket = make_ticket(helpdesk_setup)
    _reporter_mail(ticket, message_id="<r-1@cv-maju.example.com>")
    _reporter_mail(ticket, body="Tambahan", message_id="<r-2@cv-maju.example.com>")
    Mailbox.objects.create(
        organization=helpdesk_setup,
        address="helpdesk@lpse.salatiga.go.id",
        host="127.0.0.1",
        username="x",
        password="y",
    )
    answer = Message.objects.create(
        ticket=ticket, organization=helpdesk_setup, kind=Message.Kind.TO_REPORTER, body="Sudah kami perbaiki."
    )

    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind="reply", message_id=answer.pk)
    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind="reply", message_id=answer.pk)  # run twice

    answer.refresh_from_db()
    first, second = mail.outbox
    assert answer.email_message_id.endswith("@lpse.salatiga.go.id>")
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"] == answer.email_message_id
    assert first.extra_headers["In-Reply-To"] == "<r-2@cv-maju.example.com>"
    assert "Auto-Submitted" not in first.extra_headers
    assert "Sudah kami perbaiki." in first.body
    assert "helpdesk@lpse.salatiga.go.id" in first.from_email


def test_without_a_mailbox_the_settings_address_sends_and_else_the_sites_sender(helpdesk_setup, settings):
    settings.DEFAULT_FROM_EMAIL = "Sopan <noreply@sopan.example.go.id>"
    ticket = make_ticket(helpdesk_setup)

    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind="created")
    HelpdeskSettings.objects.create(organization=helpdesk_setup, helpdesk_email="layanan@lpse.example.go.id")
    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind="created")

    assert "noreply@sopan.example.go.id" in mail.outbox[0].from_email
    assert mail.outbox[1].reply_to == ["layanan@lpse.example.go.id"]
    assert mail.outbox[1].extra_headers["Message-ID"].endswith("@lpse.example.go.id>")


def test_a_ticket_without_e_mail_sends_nothing(helpdesk_setup):
    ticket = make_ticket(helpdesk_setup, contact=make_contact(helpdesk_setup, email=""))

    tasks_mail.send_ticket_mail.call(ticket_id=ticket.pk, kind="created")

    assert mail.outbox == []


def test_the_mail_is_in_the_reporters_own_language_when_they_have_an_account(helpdesk_setup, personas, monkeypatch):
    languages = []
    monkeypatch.setattr(tasks_mail, "send_templated", lambda **kwargs: languages.append(kwargs["language"]))
    user = personas["vendor_admin"]
    user.language = "en"
    user.save(update_fields=["language"])
    with_account = make_ticket(helpdesk_setup, reporter_user=user)
    without = make_ticket(helpdesk_setup)

    tasks_mail.send_ticket_mail.call(ticket_id=with_account.pk, kind="created")
    tasks_mail.send_ticket_mail.call(ticket_id=without.pk, kind="created")

    assert languages == ["en", "id"]
