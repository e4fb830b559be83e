"""The helpdesk demo: a ticket at every stage on every channel, made through the services."""

from __future__ import annotations

import pytest

from sopan.helpdesk import demo
from sopan.helpdesk.models import Escalation, Ticket
from sopan.helpdesk.tests import factories

pytestmark = pytest.mark.django_db


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


def test_without_the_telephone_sop_the_demo_makes_only_the_priority_table(organization, personas):
    assert demo.ensure_helpdesk(organization) == 0
    assert organization.priority_levels.count() == 4
