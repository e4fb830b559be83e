"""The ticket page and its actions through the web: real outcomes, stale versions, bad input, files, scoping."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from sopan.core.testing import duplicate_ids, login, run_background_tasks
from sopan.helpdesk.models import Attachment, Escalation, Message, Ticket
from sopan.helpdesk.tests.factories import (
    add_conversation,
    bind_telephone_sop,
    committed,
    make_ticket,
    problem,
    reporter,
)
from sopan.helpdesk.tickets import selectors
from sopan.helpdesk.tickets import services as tickets


@pytest.fixture
def ticket(helpdesk_setup):
    return tickets.ticket_create(
        organization=helpdesk_setup, channel="web", reporter=reporter(), problem=problem(), by=None
    )


@pytest.fixture
def agent_client(client, helpdesk_agent):
    login(client, helpdesk_agent)
    return client


def url(name, ticket, **kwargs):
    return reverse(f"helpdesk:{name}", kwargs={"pk": ticket.pk, **kwargs})


def png(name="layar.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_agent_sees_the_ticket_with_reporter_problem_and_sla(agent_client, ticket):
    response = agent_client.get(url("ticket-detail", ticket))

    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.number in page and ticket.reporter_email in page and ticket.reporter_institution in page
    assert 'id="sla-state" data-sla="on_track"' in page
    assert 'id="ticket-take"' in page  # recorded: it may be taken


def test_reply_with_an_image_goes_to_the_reporter_and_waiting_stops_the_clock(agent_client, ticket):
    with committed():
        response = agent_client.post(
            url("ticket-reply", ticket),
            {"version": ticket.version, "body": "Mohon kirim tangkapan layar.", "wait": "on", "attachments": png()},
        )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING and ticket.paused_at is not None
    reply = ticket.messages.get(kind=Message.Kind.TO_REPORTER)
    attachment = reply.attachments.get()
    assert attachment.content_type == "image/png" and attachment.name == "layar.png"
    page = agent_client.get(url("ticket-detail", ticket)).content.decode()
    assert 'id="paused-since"' in page and 'id="sla-paused"' in page


def test_a_text_file_named_png_is_refused_and_nothing_is_sent(agent_client, ticket):
    disguised = SimpleUploadedFile("layar.png", b"just some text, not an image\n" * 10, content_type="image/png")

    response = agent_client.post(
        url("ticket-reply", ticket), {"version": ticket.version, "body": "Lihat lampiran", "attachments": disguised}
    )

    assert response.status_code == 400
    assert "layar.png" in response.content.decode() and "Lihat lampiran" in response.content.decode()
    assert not ticket.messages.filter(kind=Message.Kind.TO_REPORTER).exists()
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_second_agent_on_a_stale_page_is_refused_with_the_message_and_keeps_the_text(
    client, helpdesk_agent, lpse_head, ticket
):
    seen = ticket.version  # both load the page
    login(client, helpdesk_agent)
    assert client.post(url("ticket-take", ticket), {"version": seen}).status_code == 302
    client.logout()
    login(client, lpse_head)

    response = client.post(url("ticket-close", ticket), {"version": seen, "reason": "Laporan ganda HD-1"})

    assert response.status_code == 409
    page = response.content.decode()
    with translation.override("id"):  # the page is in the person's language, Indonesian
        expected = gettext(
            "Someone else changed this ticket while you were working on it (it is now %(status)s). "
            "Reload the page to see their change; your text is kept in the form."
        ) % {"status": Ticket.Status.IN_PROGRESS.label}
    assert escape(expected) in page
    assert "Laporan ganda HD-1" in page
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.closed_at is None


def test_close_without_a_reason_says_why(agent_client, ticket):
    response = agent_client.post(url("ticket-close", ticket), {"version": ticket.version, "reason": ""})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECORDED


def test_the_ticket_page_has_no_duplicate_ids_in_any_state(agent_client, helpdesk_agent, personas, ticket):
    """The page holds a form per action (reply, note, close, reopen, escalate …): each has ids of its own, whatever
    the ticket's state, with a form that came back with an error, and with escalations waiting for an answer."""
    _escalate(ticket, 2, [helpdesk_agent, personas["lpse_head"]])
    pages = {"recorded": agent_client.get(url("ticket-detail", ticket))}
    pages["failed close"] = agent_client.post(url("ticket-close", ticket), {"version": ticket.version, "reason": ""})
    assert pages["failed close"].status_code == 400
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=helpdesk_agent)
    pages["in progress"] = agent_client.get(url("ticket-detail", ticket))
    ticket.refresh_from_db()
    tickets.ticket_resolve(ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Bersihkan cache.")
    pages["resolved"] = agent_client.get(url("ticket-detail", ticket))

    for state, response in pages.items():
        page = response.content.decode()
        assert duplicate_ids(page) == {}, state
    # the labels still point at their fields, and the reason's error is on the close form's own field
    failed = pages["failed close"].content.decode()
    assert 'for="id_close_reason"' in failed and 'id="id_close_reason"' in failed
    assert 'for="id_reply_body"' in failed and 'id="id_note_body"' in failed


def test_every_handling_action_through_the_web(agent_client, helpdesk_agent, personas, ticket):
    def post(name, **data):
        ticket.refresh_from_db()
        with committed():
            response = agent_client.post(url(name, ticket), {"version": ticket.version, **data})
        assert response.status_code == 302, response.content.decode()[:2000]
        ticket.refresh_from_db()

    post("ticket-take")
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.assignee == helpdesk_agent
    post("ticket-wait")
    assert ticket.status == Ticket.Status.WAITING
    post("ticket-resume")
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.paused_at is None
    post("ticket-note", body="Cek log server")
    post("ticket-assign", assignee=personas["verifier"].pk, role="")
    assert ticket.assignee == personas["verifier"]
    post(
        "ticket-classify",
        type="incident",
        category="technical",
        area="software",
        urgency="high",
        impact="high",
        application="spse",
        affects_tender="on",
        tender_code="10012345000",
    )
    assert ticket.priority.code == "kritis" and ticket.affects_tender and ticket.tender_code == "10012345000"
    post("ticket-escalate", to_role="lpse_head", reason="Butuh keputusan")
    assert ticket.assigned_role == "lpse_head"
    post("ticket-escalate-lkpp", kind="lkpp_eproc", reference="EPROC-991", reason="Galat unggah", sent_at="")
    escalation = ticket.escalations.get(kind=Escalation.Kind.LKPP_EPROC)
    assert escalation.external_reference == "EPROC-991"
    response = agent_client.post(
        reverse("helpdesk:escalation-answer", kwargs={"pk": ticket.pk, "escalation_pk": escalation.pk}),
        {f"esc{escalation.pk}-answer": "Sudah diperbaiki", f"esc{escalation.pk}-reference": ""},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.answer == "Sudah diperbaiki" and escalation.answered_at is not None
    post("ticket-resolve", resolution="Unggah ulang dengan Apendo terbaru.")
    assert ticket.status == Ticket.Status.RESOLVED
    run_background_tasks()  # step 7: the consultation form with its solution is archived
    post("ticket-inform")
    assert ticket.reporter_informed_at is not None
    post("ticket-close", reason="Dikonfirmasi via telepon")
    assert ticket.status == Ticket.Status.CLOSED
    post("ticket-reopen", reason="Galat muncul lagi")
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.reopened_count == 1

    page = agent_client.get(url("ticket-detail", ticket)).content.decode()
    assert "EPROC-991" in page and "Sudah diperbaiki" in page
    assert ticket.attachments.filter(content_type="application/pdf").exists()  # the archived consultation form
    assert 'id="archived-forms"' in page


def test_internal_notes_never_reach_the_public_conversation(agent_client, ticket):
    agent_client.post(url("ticket-note", ticket), {"body": "Rahasia internal"})

    assert ticket.messages.filter(kind=Message.Kind.NOTE, body="Rahasia internal").exists()
    assert all(m.kind != Message.Kind.NOTE for m in selectors.public_messages(ticket))
    page = agent_client.get(url("ticket-detail", ticket)).content.decode()
    assert 'data-kind="note"' in page


def test_attachment_download_is_an_attachment_with_its_stored_type(agent_client, ticket):
    with committed():
        agent_client.post(url("ticket-reply", ticket), {"version": ticket.version, "body": "x", "attachments": png()})
    attachment = Attachment.objects.get(ticket=ticket)

    response = agent_client.get(url("attachment-download", ticket, attachment_pk=attachment.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_outsider_and_other_organisation_attachments_get_404(client, personas, ticket, other_organization):
    foreign = make_ticket(other_organization)
    message = Message.objects.create(ticket=foreign, organization=other_organization, kind="from_reporter", body="x")
    stray = Attachment.objects.create(
        message=message,
        ticket=foreign,
        file="helpdesk/x.png",
        name="x.png",
        content_type="image/png",
        size=1,
        sha256="",
    )
    login(client, personas["helpdesk_agent"])
    assert client.get(url("attachment-download", ticket, attachment_pk=stray.pk)).status_code == 404
    client.logout()
    login(client, personas["outsider"])
    assert client.get(url("ticket-detail", ticket)).status_code == 404


def _escalate(ticket, count: int, people) -> None:
    now = timezone.now()
    Escalation.objects.bulk_create(
        Escalation(
            ticket=ticket,
            kind=Escalation.Kind.INTERNAL if n % 2 else Escalation.Kind.LKPP_TECHNICAL,
            to_role="lpse_head" if n % 2 else "",
            to_user=people[n % len(people)] if n % 2 else None,
            reason=f"Alasan {n}",
            sent_at=now,
            by=people[(n + 1) % len(people)],
        )
        for n in range(count)
    )


def test_ticket_page_costs_the_same_queries_for_3_or_30_messages_files_escalations_and_tickets_of_the_reporter(
    agent_client, ticket, personas, helpdesk_agent, django_assert_num_queries
):
    people = [helpdesk_agent, personas["lpse_head"], personas["verifier"]]
    # Given a ticket with 3 messages with files, an escalation, a follow-up and another ticket of its reporter
    add_conversation(ticket, 2, authors=people)
    _escalate(ticket, 1, people)
    make_ticket(ticket.organization, contact=ticket.contact, parent=ticket)
    agent_client.get(url("ticket-detail", ticket))  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        first = agent_client.get(url("ticket-detail", ticket))
    few = len(captured)  # now: the next request empties the log the capture reads from
    # When it gathers 30 messages by several people, 10 escalations, and its reporter 10 more tickets (follow-ups too)
    add_conversation(ticket, 27, authors=people)
    _escalate(ticket, 9, people)
    for n in range(10):
        make_ticket(ticket.organization, contact=ticket.contact, parent=ticket if n % 2 else None)

    # Then the page costs the same queries
    with django_assert_num_queries(few):
        response = agent_client.get(url("ticket-detail", ticket))
    assert response.status_code == 200
    assert (len(first.context["conversation"]), len(response.context["conversation"])) == (3, 30)
    assert len(response.context["escalations"]) == 10 and len(response.context["follow_ups"]) == 6
    assert len(response.context["other_tickets"]) == 5


def test_consultation_form_prints_as_pdf(agent_client, ticket):
    response = agent_client.get(url("ticket-form-pdf", ticket))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_ticket_page_queries_do_not_grow_with_the_conversation(agent_client, ticket, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            Message.objects.create(ticket=ticket, organization=ticket.organization, kind="to_reporter", body=f"m{i}")

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert agent_client.get(url("ticket-detail", ticket)).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert agent_client.get(url("ticket-detail", ticket)).status_code == 200


# --- other tickets of the reporter ----------------------------------------------------------------------------------
@pytest.fixture
def telephone_desk(helpdesk_setup):
    bind_telephone_sop(helpdesk_setup)
    return helpdesk_setup


def _phone_ticket(organization, agent, **reporter_fields) -> Ticket:
    with committed():
        return tickets.ticket_create(
            organization=organization,
            channel="phone",
            reporter=reporter(**reporter_fields),
            problem=problem(),
            by=agent,
        )


def test_callers_sharing_a_switchboard_number_are_not_one_reporter(agent_client, helpdesk_agent, telephone_desk):
    """An office switchboard (or a shared mobile) is the number of many people: two callers from it are not linked
    as the same reporter, and the second does not overwrite the first one's contact."""
    siti = _phone_ticket(telephone_desk, helpdesk_agent, name="Siti Aminah", email="", phone="0298321000")
    budi = _phone_ticket(telephone_desk, helpdesk_agent, name="Budi Santoso", email="", phone="0298321000")

    response = agent_client.get(url("ticket-detail", budi))

    assert response.status_code == 200 and response.context["other_tickets"] == []
    assert siti.number not in response.content.decode()
    siti.contact.refresh_from_db()
    assert siti.contact_id != budi.contact_id and siti.contact.name == "Siti Aminah"


def test_other_tickets_link_the_same_email_address_or_the_same_account(
    agent_client, helpdesk_agent, telephone_desk, vendor_admin
):
    helpdesk_setup = telephone_desk
    # Given one address used on the web and on the telephone (different numbers), and one account with two addresses
    web = make_ticket(helpdesk_setup, contact=None)
    by_phone = _phone_ticket(helpdesk_setup, helpdesk_agent, name=web.reporter_name, email=web.reporter_email.upper())
    with committed():
        first, second = (
            tickets.ticket_create(
                organization=helpdesk_setup,
                channel="web",
                reporter=reporter(email=email),
                problem=problem(),
                by=vendor_admin,
            )
            for email in ("kantor@cv-maju.example", "direktur@cv-maju.example")
        )
    unrelated = make_ticket(helpdesk_setup, contact=None)

    # Then each ticket page lists exactly the same person's other tickets
    assert response_others(agent_client, by_phone) == [web.number]
    assert response_others(agent_client, second) == [first.number]
    assert response_others(agent_client, unrelated) == []


def response_others(client, ticket) -> list[str]:
    return [t.number for t in client.get(url("ticket-detail", ticket)).context["other_tickets"]]


# --- the wording of times ---------------------------------------------------------------------------------------------
def test_the_at_risk_time_is_worded_for_the_future_and_for_the_past(agent_client, helpdesk_agent, ticket):
    """A time to come is "berisiko terlambat pada …", only a time passed is "… sejak …"; a resolved ticket has none."""
    helpdesk_agent.language = "id"
    helpdesk_agent.save(update_fields=["language"])

    def at_risk_line() -> str:
        page = agent_client.get(url("ticket-detail", ticket)).content.decode()
        found = re.search(r'<dt class="col-6">([^<]*)</dt><dd class="col-6" id="at-risk">', page)
        return found[1] if found else ""

    assert at_risk_line() == "Berisiko terlambat pada"
    Ticket.objects.filter(pk=ticket.pk).update(at_risk_at=timezone.now() - datetime.timedelta(minutes=1))
    assert at_risk_line() == "Berisiko terlambat sejak"
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=helpdesk_agent)
    ticket.refresh_from_db()
    tickets.ticket_resolve(ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Bersihkan cache.")
    assert at_risk_line() == ""
