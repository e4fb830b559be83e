"""The helpdesk demo: a ticket at every stage on every channel, the FAQ, canned answers and announcements, made
through the services."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.html import escape

from sopan.core.models import AuditEvent
from sopan.helpdesk import demo, demo_knowledge
from sopan.helpdesk.models import Announcement, Article, CannedAnswer, Escalation, Ticket
from sopan.helpdesk.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.every_persona]


def test_the_demo_makes_a_ticket_at_every_stage_once(organization, personas):
    factories.bind_telephone_sop(organization)

    assert demo.ensure_helpdesk(organization) == len(demo.TICKETS)
    assert demo.ensure_helpdesk(organization) == 0  # idempotent

    statuses = set(Ticket.objects.filter(organization=organization).values_list("status", flat=True))
    assert statuses == {"recorded", "in_progress", "waiting", "resolved", "closed"}
    channels = set(Ticket.objects.filter(organization=organization).values_list("channel", flat=True))
    assert channels == {"phone", "web", "email", "walk_in"}
    assert Ticket.objects.get(status="waiting").paused_at is not None
    assert Escalation.objects.filter(kind="lkpp_eproc", external_reference="EPROC-2026-4471").exists()


def test_without_the_telephone_sop_the_demo_makes_no_tickets_but_the_priority_table_and_knowledge(
    organization, personas
):
    assert demo.ensure_helpdesk(organization) == 0
    assert organization.priority_levels.count() == 4
    assert not Ticket.objects.filter(organization=organization).exists()
    assert Article.objects.filter(organization=organization).exists()


def test_the_demo_knowledge_is_published_on_the_public_pages_and_made_once(organization, personas, client):
    """Issue 14 §4: the demo office has a FAQ, canned answers and announcements, one outage closed with its Berita
    Acara Gangguan (Perwali Salatiga 41/2024 annex 2.6.4 b), all made through the services by the helpdesk agent."""
    made = demo_knowledge.ensure_knowledge(organization)

    assert made == {
        "articles": len(demo_knowledge.ARTICLES),
        "canned_answers": len(demo_knowledge.CANNED_ANSWERS),
        "announcements": 3,
    }
    assert set(demo_knowledge.ensure_knowledge(organization).values()) == {0}  # idempotent
    articles = Article.objects.filter(organization=organization)
    assert {article.status for article in articles} == {Article.Status.PUBLISHED}
    assert len({article.application for article in articles}) >= 3  # several categories
    assert AuditEvent.objects.filter(action="helpdesk.article.published").count() == articles.count()
    assert CannedAnswer.objects.filter(organization=organization, is_active=True).count() >= 5

    faq = client.get(f"/bantuan/{organization.slug}/faq/").content.decode()
    for article in articles:
        shown = escape(article.title) in faq
        assert shown == (article.audience == Article.Audience.PUBLIC), article.title
    outage = Announcement.objects.get(organization=organization, kind="outage")
    assert outage.status == "closed" and outage.report_number.startswith("BA-") and outage.cause
    assert outage.started_at < outage.ended_at <= timezone.now()
    # closed the day it happened, so its Berita Acara is signed on that day, not on the day the demo was loaded
    assert timezone.localdate(outage.updated_at) == timezone.localdate(outage.ended_at) < timezone.localdate()
    page = client.get(f"/bantuan/{organization.slug}/pengumuman/").content.decode()
    for announcement in Announcement.objects.filter(organization=organization):
        assert escape(announcement.title) in page
    report = client.get(f"/bantuan/{organization.slug}/pengumuman/{outage.pk}/berita-acara.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"


def test_the_demo_knowledge_names_its_own_lpse_only(organization, personas):
    office = demo_knowledge.office_for(organization)
    assert (office.lpse, office.website) == ("LPSE Kota Salatiga", "lpse.salatiga.demo.sopan.invalid")
    demo_knowledge.ensure_knowledge(organization)
    texts = [
        *Article.objects.filter(organization=organization).values_list("title", "body"),
        *CannedAnswer.objects.filter(organization=organization).values_list("title", "body"),
        *Announcement.objects.filter(organization=organization).values_list("title", "body", "cause"),
    ]
    text = " ".join(" ".join(row) for row in texts)
    assert "LPSE Kota Salatiga" in text and "lpse.salatiga.demo.sopan.invalid" in text
    assert "{" not in text  # every placeholder filled
    for other in ("Pagar Alam", "Batang", "pagaralam", "batangkab"):
        assert other not in text


def test_the_demo_knowledge_names_the_lpses_usual_domain_when_no_website_is_recorded(organization):
    organization.website, organization.email = "", ""
    office = demo_knowledge.office_for(organization)
    assert (office.website, office.email) == ("lpse.salatigakota.go.id", "lpse@salatigakota.go.id")
