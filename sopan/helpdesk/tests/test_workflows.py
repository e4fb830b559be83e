"""The helpdesk's status machines through the workflow helper (issue 15 §3): literal codes, the version counter, the
generic action view on the ticket page, articles and announcements."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.core.workflow import Workflow
from sopan.helpdesk import audit_events, workflows
from sopan.helpdesk.announcements import services as announcements
from sopan.helpdesk.announcements.workflows import ANNOUNCEMENT_FLOW
from sopan.helpdesk.knowledge import services as knowledge
from sopan.helpdesk.knowledge.workflows import ARTICLE_FLOW
from sopan.helpdesk.models import Article, Ticket
from sopan.helpdesk.tests.factories import make_article, problem, reporter
from sopan.helpdesk.tickets import services as tickets

FLOWS: dict[str, Workflow] = {
    "phone": workflows.PHONE_FLOW,
    "ticket": workflows.TICKET_FLOW,
    "article": ARTICLE_FLOW,
    "announcement": ANNOUNCEMENT_FLOW,
}
BEFORE_ISSUE_15 = ("take", "wait", "resume", "resolve", "resolve_on_the_spot", "confirm", "auto_close", "close")


@pytest.fixture
def ticket(helpdesk_setup):
    return tickets.ticket_create(
        organization=helpdesk_setup, channel="web", reporter=reporter(), problem=problem(), by=None
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("flow", FLOWS)
def test_every_transition_has_a_literal_code_in_the_past_tense_with_a_name(flow):
    for transition in FLOWS[flow].transitions:
        assert transition.audit.startswith("helpdesk."), transition.name
        assert transition.audit.split(".")[-1] != transition.name or transition.name.endswith("ed")
        assert transition.audit in audit_events.EVENTS, transition.audit


def test_events_recorded_before_the_literal_codes_keep_their_names():
    for name in (*BEFORE_ISSUE_15, "reopen"):
        assert f"helpdesk.ticket.{name}" in audit_events.EVENTS


def test_agent_takes_the_ticket_by_its_button_once_audited_and_counted(client, helpdesk_agent, ticket):
    login(client, helpdesk_agent)
    page = client.get(reverse("helpdesk:ticket-detail", kwargs={"pk": ticket.pk})).content.decode()
    assert 'id="ticket-take"' in page and 'name="transition" value="take"' in page
    seen = ticket.version

    response = client.post(
        reverse("helpdesk:ticket-take", kwargs={"pk": ticket.pk}), {"transition": "take", "version": seen}
    )

    assert response.status_code == 302 and response.url == reverse("helpdesk:ticket-detail", kwargs={"pk": ticket.pk})
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.version == seen + 1
    event = AuditEvent.objects.filter(target_id=str(ticket.pk), action="helpdesk.ticket.taken").get()
    assert event.changes["status"] == [Ticket.Status.RECORDED, Ticket.Status.IN_PROGRESS]
    assert not AuditEvent.objects.filter(action="helpdesk.ticket.take").exists()


def test_a_button_pressed_on_an_outdated_page_comes_back_to_the_fresh_page_with_the_stale_message(
    client, helpdesk_agent, lpse_head, ticket
):
    seen = ticket.version
    tickets.ticket_take(ticket=ticket, version=seen, by=helpdesk_agent)
    login(client, lpse_head)

    response = client.post(reverse("helpdesk:ticket-wait", kwargs={"pk": ticket.pk}), {"version": seen})

    assert response.status_code == 302 and response.url == reverse("helpdesk:ticket-detail", kwargs={"pk": ticket.pk})
    with translation.override("id"):  # the person's language, Indonesian
        expected = gettext(
            "Someone else changed this ticket while you were working on it (it is now %(status)s). "
            "Reload the page to see their change; your text is kept in the form."
        ) % {"status": Ticket.Status.IN_PROGRESS.label}
    assert _messages(response) == [expected]
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.version == seen + 1


def test_a_button_of_a_move_the_status_no_longer_allows_is_refused_with_a_message(client, helpdesk_agent, ticket):
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=helpdesk_agent)
    ticket.refresh_from_db()
    login(client, helpdesk_agent)

    response = client.post(reverse("helpdesk:ticket-resume", kwargs={"pk": ticket.pk}), {"version": ticket.version})

    assert response.status_code == 302 and _messages(response)
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.IN_PROGRESS


def test_publishing_goes_through_the_article_flow_which_offers_only_the_desk_its_move(
    organization, helpdesk_agent, verifier
):
    article = make_article(organization, status=Article.Status.DRAFT)
    assert [t.name for t in ARTICLE_FLOW.available(article, helpdesk_agent)] == ["publish"]
    assert ARTICLE_FLOW.available(article, verifier) == []

    knowledge.article_publish(article=article, by=helpdesk_agent)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert [t.name for t in ARTICLE_FLOW.available(article, helpdesk_agent)] == ["unpublish"]
    event = AuditEvent.objects.filter(target_id=str(article.pk), action="helpdesk.article.published").get()
    assert event.changes == {"status": [Article.Status.DRAFT, Article.Status.PUBLISHED]}


def test_closing_an_announcement_goes_through_its_flow_with_the_number_in_the_event(organization, helpdesk_agent):
    announcement = announcements.announcement_create(
        organization=organization,
        by=helpdesk_agent,
        kind="outage",
        title="Gangguan akses SPSE",
        body="SPSE tidak dapat diakses.",
        services="SPSE",
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    assert [t.name for t in ANNOUNCEMENT_FLOW.available(announcement, helpdesk_agent)] == ["close"]

    closed = announcements.announcement_close(announcement=announcement, by=helpdesk_agent, cause="Kabel putus.")

    assert ANNOUNCEMENT_FLOW.available(closed, helpdesk_agent) == []
    event = AuditEvent.objects.filter(target_id=str(closed.pk), action="helpdesk.announcement.closed").get()
    assert event.changes["status"] == ["active", "closed"]
    assert event.changes["report_number"] == closed.report_number and closed.report_number
