"""The organisation's own roles at the helpdesk (issue 15 §5: used like any role): one that handles tickets is a desk
a ticket may be assigned and escalated to; one flagged LPSE personnel counts as LPSE staff on the public pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sopan.accounts import services as accounts
from sopan.accounts.models import User
from sopan.accounts.services import own_roles
from sopan.helpdesk.models import Message
from sopan.helpdesk.tests.test_services_tickets import web_ticket
from sopan.helpdesk.tickets import escalations
from sopan.helpdesk.tickets import services as tickets
from sopan.helpdesk.tickets.forms import AssignForm, EscalateForm
from sopan.helpdesk.tickets.views_public import _user_type_of


@pytest.fixture
def org(helpdesk_setup):
    return helpdesk_setup


@pytest.fixture
def agent(helpdesk_agent):
    return User.objects.get(pk=helpdesk_agent.pk)


def _own_role(org, by, code: str, name: str, capabilities=(), **kwargs):
    return own_roles.own_role_create(
        organization=org, code=code, name=name, capabilities=list(capabilities), by=by, **kwargs
    )


def _holder(org, role: str, username: str) -> User:
    person = accounts.user_create(
        organization=org, username=username, full_name=username.title(), email=f"{username}@x.invalid", by=None
    )
    accounts.role_assign(
        user=person,
        role=role,
        unit=org.units.get(code="LPSE"),
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
        decree_number="800/15/2026",
        decree_date=timezone.localdate(),
        by=None,
    )
    return User.objects.get(pk=person.pk)


def test_a_ticket_is_escalated_to_an_own_desk_above_the_agent_that_handles_tickets(org, agent, lpse_head):
    # Given a "Koordinator Helpdesk" handling tickets, set above the helpdesk agents
    _own_role(org, lpse_head, "helpdesk_coordinator", "Koordinator Helpdesk", ["helpdesk.handle_tickets"])
    own_roles.role_supervisor_set(
        organization=org, role="helpdesk_agent", supervisor="helpdesk_coordinator", by=lpse_head
    )
    ticket = web_ticket(org, received_at=None)
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()
    # When the agent escalates it to the next role up
    escalation = escalations.ticket_escalate_internal(ticket=ticket, version=ticket.version, by=agent, reason="Naik")
    # Then it goes to that desk, named in the conversation
    ticket.refresh_from_db()
    assert escalation.to_role == ticket.assigned_role == "helpdesk_coordinator"
    assert ticket.messages.filter(
        kind=Message.Kind.SYSTEM, body__startswith="Escalated to Koordinator Helpdesk"
    ).exists()


def test_an_own_role_that_does_not_handle_tickets_is_no_desk(org, agent, lpse_head):
    # Given an own role above the agents without the capability to handle tickets
    _own_role(org, lpse_head, "emergency_team", "Tim Tanggap Darurat", ["helpdesk.view_tickets"])
    own_roles.role_supervisor_set(organization=org, role="helpdesk_agent", supervisor="emergency_team", by=lpse_head)
    ticket = web_ticket(org, received_at=None)
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()
    # Then the next role up skips it (to the top of the chain the agent's desk reaches), and naming it is refused
    assert escalations.next_role_up(ticket) != "emergency_team"
    with pytest.raises(ValidationError, match="Choose one of the LPSE roles"):
        escalations.ticket_escalate_internal(
            ticket=ticket, version=ticket.version, by=agent, reason="Naik", to_role="emergency_team"
        )
    assert "emergency_team" not in dict(EscalateForm(organization=org).fields["to_role"].choices)


def test_the_assign_form_offers_an_own_desk_and_its_holders_and_the_service_takes_them(
    org, agent, lpse_head, other_organization
):
    # Given a "Koordinator Helpdesk" handling tickets, held by one person
    _own_role(org, lpse_head, "helpdesk_coordinator", "Koordinator Helpdesk", ["helpdesk.handle_tickets"])
    coordinator = _holder(org, "helpdesk_coordinator", "koordinator.helpdesk")
    # Then the assignment and escalation forms offer the role by its name, and its holder as a person
    form = AssignForm(organization=org)
    assert ("helpdesk_coordinator", "Koordinator Helpdesk") in form.fields["role"].choices
    assert coordinator in form.fields["assignee"].queryset
    assert ("helpdesk_coordinator", "Koordinator Helpdesk") in EscalateForm(organization=org).fields["to_role"].choices
    # (another organisation's forms do not)
    assert "helpdesk_coordinator" not in dict(AssignForm(organization=other_organization).fields["role"].choices)
    # And the service hands the ticket to them
    ticket = web_ticket(org, received_at=None)
    tickets.ticket_assign(
        ticket=ticket, version=ticket.version, by=agent, assignee=coordinator, role="helpdesk_coordinator"
    )
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.assigned_role) == (coordinator, "helpdesk_coordinator")


def test_a_holder_of_an_own_role_flagged_lpse_personnel_counts_as_lpse_staff_on_the_public_form(org, lpse_head):
    _own_role(org, lpse_head, "standards_coordinator", "Koordinator Standardisasi LPSE", lpse_personnel=True)
    _own_role(org, lpse_head, "guest_team", "Tim Tamu")
    assert _user_type_of(_holder(org, "standards_coordinator", "koordinator.standar")) == "lpse"
    assert _user_type_of(_holder(org, "guest_team", "tamu")) != "lpse"
