"""The e-mail channel end to end: mail delivered to a real IMAP server (dovecot), polled, turned into tickets and
answers, and mail to the reporter in Django's outbox."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sopan.core import scheduler
from sopan.helpdesk import tasks_mail
from sopan.helpdesk.mail import services as inbound
from sopan.helpdesk.mail.imap import PROCESSED
from sopan.helpdesk.mail.services import mail_process, mailbox_poll
from sopan.helpdesk.models import Channel, InboundMail, Mailbox, Message, Ticket
from sopan.helpdesk.tests.factories import committed, make_contact, make_ticket
from sopan.helpdesk.tests.mails import EXE_BYTES, bounce_mail, make_mail, png_bytes
from sopan.helpdesk.tests.test_mail.conftest import HELPDESK_ADDRESS
from sopan.helpdesk.tickets.services import ticket_reply

pytestmark = pytest.mark.django_db
Outcome = InboundMail.Outcome


def poll(mailbox):
    with committed():
        result = mailbox_poll(mailbox)
    assert result.error == ""
    return result


# --- a new mail ------------------------------------------------------------------------------------------------------
def test_a_new_mail_opens_a_ticket_and_the_reporter_gets_an_acknowledgement(mailbox, imap):
    # Given a mail from someone the helpdesk does not know yet
    imap.deliver(make_mail(subject="Tidak bisa login SPSE", body="Sejak pagi muncul galat 500.\n\n-- \nBudi"))

    # When the mailbox is polled
    result = poll(mailbox)

    # Then one e-mail ticket holds the mail, with the sender as reporter
    ticket = Ticket.objects.get(organization=mailbox.organization)
    assert [r.outcome for r in result.records] == [Outcome.NEW_TICKET]
    assert ticket.channel == Channel.EMAIL
    assert (ticket.reporter_name, ticket.reporter_email, ticket.user_type) == (
        "Budi Santoso",
        "budi@cv-maju.example.com",
        "public",
    )
    assert ticket.subject == "Tidak bisa login SPSE"
    assert "galat 500" in ticket.messages.get(kind=Message.Kind.FROM_REPORTER).body
    # and the reporter is told the number, from the helpdesk's address, marked as an automatic notice
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["budi@cv-maju.example.com"]
    assert sent.subject == f"[{ticket.number}] Tidak bisa login SPSE"
    assert HELPDESK_ADDRESS in sent.from_email and sent.reply_to == [HELPDESK_ADDRESS]
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.extra_headers["In-Reply-To"] == ticket.messages.get().email_message_id
    assert f"/bantuan/{mailbox.organization.slug}/t/{ticket.public_token}/" in sent.body
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None and mailbox.last_error == ""


def test_processed_mail_is_flagged_and_kept_and_a_second_poll_changes_nothing(mailbox, imap):
    imap.deliver(make_mail(subject="Lupa kata sandi"))
    imap.deliver(make_mail(subject="Dokumen tidak terunggah", sender="sari@cv-lain.example.com", name="Sari"))

    poll(mailbox)
    second = poll(mailbox)

    # The mail is still there, each message flagged, nothing deleted
    messages = imap.messages()
    assert len(messages) == 2
    assert all(PROCESSED in flags and "\\Deleted" not in flags for _uid, flags in messages)
    # and the second poll found nothing new: no duplicate ticket, no second acknowledgement
    assert second.records == []
    assert Ticket.objects.filter(organization=mailbox.organization).count() == 2
    assert len(mail.outbox) == 2


def test_the_same_mail_delivered_twice_is_handled_once(mailbox, imap):
    # Given the same message (same Message-ID) delivered twice, e.g. through two routes
    raw = make_mail(message_id="<sama-1@cv-maju.example.com>")
    imap.deliver(raw)
    imap.deliver(raw)

    result = poll(mailbox)

    assert len(result.records) == 2 and result.records[0].pk == result.records[1].pk
    assert Ticket.objects.filter(organization=mailbox.organization).count() == 1
    assert len(mail.outbox) == 1
    assert all(PROCESSED in flags for _uid, flags in imap.messages())


def test_a_mail_without_message_id_gets_a_stable_one_and_is_not_handled_twice(helpdesk_setup):
    raw = make_mail(message_id=None)

    with committed():
        first = mail_process(organization=helpdesk_setup, raw=raw)
        again = mail_process(organization=helpdesk_setup, raw=raw)

    assert first.pk == again.pk and first.message_id.endswith("@sopan.invalid>")
    assert Ticket.objects.filter(organization=helpdesk_setup).count() == 1


# --- threading -------------------------------------------------------------------------------------------------------
def test_a_reply_to_the_acknowledgement_joins_its_ticket(mailbox, imap):
    original_id = "<awal-1@cv-maju.example.com>"
    imap.deliver(make_mail(message_id=original_id, subject="Tidak bisa login"))
    poll(mailbox)
    ticket = Ticket.objects.get(organization=mailbox.organization)
    acknowledgement_id = mail.outbox[0].extra_headers["Message-ID"]

    # When the reporter answers the acknowledgement (a mail client keeps the chain in References)
    imap.deliver(
        make_mail(
            subject="Re: Tidak bisa login",
            body="Sudah saya coba lagi, tetap gagal.\n\nOn Mon, 1 Jan 2026 Helpdesk <h@x> wrote:\n> Kami terima",
            in_reply_to=acknowledgement_id,
            references=f"{original_id} {acknowledgement_id}",
        )
    )
    result = poll(mailbox)

    # Then it is added to that ticket, without the quoted history, and no new ticket appears
    assert [r.outcome for r in result.records] == [Outcome.ADDED]
    assert Ticket.objects.filter(organization=mailbox.organization).count() == 1
    last = ticket.messages.filter(kind=Message.Kind.FROM_REPORTER).last()
    assert last.body == "Sudah saya coba lagi, tetap gagal."
    assert last.channel == Channel.EMAIL


def test_a_reply_to_an_agents_answer_threads_by_in_reply_to_alone(mailbox, imap, helpdesk_agent):
    # Given an e-mail ticket the agent answered by mail
    imap.deliver(make_mail(subject="Akun terkunci"))
    poll(mailbox)
    ticket = Ticket.objects.get(organization=mailbox.organization)
    with committed():
        answer = ticket_reply(ticket=ticket, version=None, by=helpdesk_agent, body="Silakan coba reset kata sandi.")
    answer.refresh_from_db()
    sent = mail.outbox[-1]
    # the answer's Message-ID is the one kept on the message, and the answer is a person's, not automatic
    assert answer.email_message_id and sent.extra_headers["Message-ID"] == answer.email_message_id
    assert "Auto-Submitted" not in sent.extra_headers
    assert "Silakan coba reset kata sandi." in sent.body

    # When the reporter answers with a subject that lost the number and only In-Reply-To
    imap.deliver(make_mail(subject="jawaban", body="Berhasil, terima kasih.", in_reply_to=answer.email_message_id))
    poll(mailbox)

    assert Ticket.objects.filter(organization=mailbox.organization).count() == 1
    assert ticket.messages.filter(kind=Message.Kind.FROM_REPORTER).last().body == "Berhasil, terima kasih."


def test_the_ticket_number_in_the_subject_threads_a_reply_from_the_reporter(mailbox, imap):
    imap.deliver(make_mail(subject="Tidak bisa unggah penawaran"))
    poll(mailbox)
    ticket = Ticket.objects.get(organization=mailbox.organization)

    # A fresh mail (no threading headers) naming the ticket in its subject
    imap.deliver(make_mail(subject=f"Tambahan untuk {ticket.number}", body="Ini tangkapan layarnya."))
    result = poll(mailbox)

    assert [r.outcome for r in result.records] == [Outcome.ADDED]
    assert result.records[0].ticket_id == ticket.pk
    assert Ticket.objects.filter(organization=mailbox.organization).count() == 1


def test_a_ticket_number_from_a_stranger_does_not_let_them_into_the_ticket(mailbox, imap):
    imap.deliver(make_mail(subject="Tidak bisa unggah penawaran"))
    poll(mailbox)
    ticket = Ticket.objects.get(organization=mailbox.organization)

    imap.deliver(make_mail(subject=f"Re: [{ticket.number}]", sender="orang.lain@example.com", name="Orang Lain"))
    result = poll(mailbox)

    assert [r.outcome for r in result.records] == [Outcome.NEW_TICKET]
    assert result.records[0].ticket_id != ticket.pk
    assert not ticket.messages.filter(author_name="Orang Lain").exists()


def test_a_reply_to_a_long_closed_ticket_opens_a_linked_follow_up(mailbox, imap):
    # Given a ticket closed a month ago (the reopen window is 14 days), with the reporter's mail on it
    contact = make_contact(mailbox.organization, email="budi@cv-maju.example.com")
    closed = make_ticket(
        mailbox.organization,
        contact=contact,
        channel=Channel.EMAIL,
        status=Ticket.Status.CLOSED,
        closed_at=timezone.now() - datetime.timedelta(days=30),
        received_at=timezone.now() - datetime.timedelta(days=40),
    )
    Message.objects.create(
        ticket=closed,
        organization=mailbox.organization,
        kind=Message.Kind.FROM_REPORTER,
        body="Masalah lama",
        email_message_id="<lama-1@cv-maju.example.com>",
    )

    # When the reporter replies to that old conversation
    imap.deliver(
        make_mail(
            subject="Re: masalah lama", body="Masalahnya muncul lagi.", in_reply_to="<lama-1@cv-maju.example.com>"
        )
    )
    result = poll(mailbox)

    # Then a new ticket follows up the closed one, which stays closed, and the reporter is told the new number
    record = result.records[0]
    assert record.outcome == Outcome.FOLLOW_UP
    follow_up = record.ticket
    assert follow_up.pk != closed.pk and follow_up.parent_id == closed.pk
    assert follow_up.messages.get(kind=Message.Kind.FROM_REPORTER).body == "Masalahnya muncul lagi."
    closed.refresh_from_db()
    assert closed.status == Ticket.Status.CLOSED
    assert [m.subject for m in mail.outbox] == [f"[{follow_up.number}] {follow_up.subject}"]
    assert closed.number in mail.outbox[0].body


# --- machines and loops ----------------------------------------------------------------------------------------------
def test_an_out_of_office_reply_and_a_bounce_create_nothing_and_send_nothing(mailbox, imap):
    imap.deliver(make_mail(subject="Automatic reply: [HD-2026-000001] x", headers={"Auto-Submitted": "auto-replied"}))
    imap.deliver(make_mail(subject="Out of Office", headers={"X-Auto-Response-Suppress": "All"}))
    imap.deliver(bounce_mail())

    result = poll(mailbox)

    assert [r.outcome for r in result.records] == [Outcome.AUTO_REPLY, Outcome.AUTO_REPLY, Outcome.BOUNCE]
    assert not Ticket.objects.filter(organization=mailbox.organization).exists()
    assert mail.outbox == []
    assert all(PROCESSED in flags for _uid, flags in imap.messages())


def test_mail_from_the_helpdesks_own_address_is_ignored(mailbox, imap):
    imap.deliver(make_mail(sender=HELPDESK_ADDRESS, name="Helpdesk", subject="[HD-2026-000001] Kami terima"))

    result = poll(mailbox)

    assert [r.outcome for r in result.records] == [Outcome.REJECTED]
    assert "own address" in result.records[0].detail
    assert not Ticket.objects.exists() and mail.outbox == []


def test_a_burst_from_one_sender_is_cut_as_a_loop(helpdesk_setup, monkeypatch):
    # Given a limit of 3 mails an hour per sender (20 in production; lowered to keep the test short)
    monkeypatch.setattr(inbound, "LOOP_LIMIT", 3)
    raws = [make_mail(subject=f"Pesan {n}", sender="robot@example.com", name="") for n in range(6)]

    with committed():
        records = [mail_process(organization=helpdesk_setup, raw=raw) for raw in raws]

    # Then the first three are tickets, the rest are recorded as a loop naming where the burst began
    assert [r.outcome for r in records] == [Outcome.NEW_TICKET] * 3 + [Outcome.LOOP] * 3
    assert Ticket.objects.filter(organization=helpdesk_setup).count() == 3
    assert len(mail.outbox) == 3  # no answer to the looping mail
    assert records[0].message_id in records[3].detail and "Pesan 0" in records[3].detail
    assert records[-1].ticket is None


# --- attachments ---------------------------------------------------------------------------------------------------
def test_a_disguised_attachment_is_refused_with_a_note_and_the_mail_is_kept(mailbox, imap):
    imap.deliver(
        make_mail(
            subject="Galat saat unggah",
            body="Terlampir tangkapan layar galatnya.",
            attachments=(("layar.png", png_bytes(), "image/png"), ("foto.png", EXE_BYTES, "image/png")),
        )
    )

    result = poll(mailbox)

    ticket = Ticket.objects.get(organization=mailbox.organization)
    first = ticket.messages.get(kind=Message.Kind.FROM_REPORTER)
    assert first.body == "Terlampir tangkapan layar galatnya."
    assert [a.name for a in first.attachments.all()] == ["layar.png"]
    note = ticket.messages.get(kind=Message.Kind.SYSTEM)
    assert "foto.png" in note.body and "not PDF, JPG or PNG" in note.body
    assert result.records[0].outcome == Outcome.NEW_TICKET and "foto.png" in result.records[0].detail


# --- failures --------------------------------------------------------------------------------------------------------
def test_one_bad_mail_is_recorded_as_refused_and_the_others_are_handled(mailbox, imap, monkeypatch):
    real = inbound._thread

    def failing(organization, parsed):
        if parsed.subject == "rusak":
            raise RuntimeError("database hiccup")
        return real(organization, parsed)

    monkeypatch.setattr(inbound, "_thread", failing)
    imap.deliver(make_mail(subject="rusak"))
    imap.deliver(make_mail(subject="baik"))

    result = poll(mailbox)

    assert [r.outcome for r in result.records] == [Outcome.REJECTED, Outcome.NEW_TICKET]
    assert "database hiccup" in result.records[0].detail
    assert list(Ticket.objects.filter(organization=mailbox.organization).values_list("subject", flat=True)) == ["baik"]
    assert all(PROCESSED in flags for _uid, flags in imap.messages())


def test_a_refused_login_is_kept_on_the_mailbox(mailbox, imap):
    Mailbox.objects.filter(pk=mailbox.pk).update(password="salah")
    mailbox.refresh_from_db()
    imap.deliver(make_mail())

    result = mailbox_poll(mailbox)

    mailbox.refresh_from_db()
    assert result.error and mailbox.last_error == result.error
    assert "authentication" in mailbox.last_error.lower() or "login" in mailbox.last_error.lower()
    assert not Ticket.objects.exists()
    assert all(PROCESSED not in flags for _uid, flags in imap.messages())  # left for the next poll


def test_the_poll_task_reads_every_active_mailbox(mailbox, imap):
    imap.deliver(make_mail())

    with committed():
        handled = tasks_mail.poll_mailboxes.call()

    assert handled == 1
    assert Ticket.objects.filter(organization=mailbox.organization, channel=Channel.EMAIL).count() == 1


def test_a_sender_address_the_ticket_service_refuses_is_recorded_as_refused(helpdesk_setup):
    raw = make_mail(sender="budi@-tidak-sah-.example", subject="Halo")

    with committed():
        record = mail_process(organization=helpdesk_setup, raw=raw)

    assert record.outcome == Outcome.REJECTED and "e-mail address is not valid" in record.detail
    assert not Ticket.objects.exists() and mail.outbox == []


def test_the_scheduler_polls_the_mailboxes_every_minute(mailbox, imap):
    # Given a mail waiting in the helpdesk's mailbox
    imap.deliver(make_mail(subject="Paket tidak muncul di SPSE"))

    # When the scheduler ticks (as `bin/serve` runs it) and its tasks run
    with committed():
        call_command("run_scheduler", "--once", verbosity=0)

    # Then the mail became a ticket without anyone polling by hand, and the poll is due again a minute later
    assert ("sopan.helpdesk.tasks_mail.poll_mailboxes", 60) in scheduler.PERIODIC
    ticket = Ticket.objects.get(organization=mailbox.organization, channel=Channel.EMAIL)
    assert ticket.subject == "Paket tidak muncul di SPSE"
    assert scheduler.last_run("sopan.helpdesk.tasks_mail.poll_mailboxes") is not None
