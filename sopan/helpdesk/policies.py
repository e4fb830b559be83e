"""Who may do what at the helpdesk (Perwali Salatiga 41/2024 annex 2.4 f–g: Layanan Dukungan).

Services enforce these; views only use them to decide what to show. Tickets of another organisation are answered with
404 by the selectors before any of these is asked. Reporters reach their own tickets through the public tracking page
(number + e-mail) or the secret link of their mails, never through these staff rules.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import roles_in
from sopan.accounts.policies import can_manage_organization, has_capability, in_same_organization, may
from sopan.accounts.roles import Role
from sopan.core.modules import Capability

# The helpdesk desk: the Bidang Layanan dan Dukungan and the LPSE roles a ticket may be handed to.
AGENT_ROLES = ("helpdesk_agent", "lpse_coordinator", "lpse_head", "system_admin")
# Roles a ticket may be assigned to (issue: agents and other LPSE roles).
ASSIGNABLE_ROLES = ("helpdesk_agent", "system_admin", "verifier", "lpse_coordinator", "lpse_head")
# Staff who see the ticket list: the desk and everyone a ticket may be assigned to.
STAFF_ROLES = tuple(dict.fromkeys((*AGENT_ROLES, *ASSIGNABLE_ROLES)))
# A ticket at risk goes to the next role up in the organisation's supervisor chain (accounts.supervisors), from the
# helpdesk agent (services/escalations.py).
ESCALATION_START = "helpdesk_agent"
HANDLE_TICKETS = "helpdesk.handle_tickets"


def assignable_role_list(organization_id: int | None) -> list[Role]:
    """The roles a ticket of the organisation may be assigned or escalated to: ASSIGNABLE_ROLES, then its own roles
    that handle tickets (issue 15 §5: an own role is used like any role). One query."""
    found = {role.code: role for role in roles_in(organization_id)}
    own = [role for role in found.values() if role.own and HANDLE_TICKETS in role.granted]
    return [*(found[code] for code in ASSIGNABLE_ROLES), *own]


def assignable_roles(organization_id: int | None) -> tuple[str, ...]:
    return tuple(role.code for role in assignable_role_list(organization_id))


CAPABILITIES: tuple[Capability, ...] = (
    Capability("helpdesk.view_tickets", _("See the ticket list and the tickets"), STAFF_ROLES),
    Capability("helpdesk.take_calls", _("Record calls, walk-ins and tickets on someone's behalf"), AGENT_ROLES),
    Capability(HANDLE_TICKETS, _("Handle, assign and escalate any ticket of the desk"), AGENT_ROLES),
    Capability("helpdesk.manage_knowledge", _("Write and publish FAQ articles and canned answers"), AGENT_ROLES),
    Capability("helpdesk.view_staff_articles", _("Read the articles for staff"), STAFF_ROLES),
    Capability("helpdesk.manage_announcements", _("Announce and close outages and maintenance"), AGENT_ROLES),
    Capability("helpdesk.view_reports", _("See the helpdesk reports"), AGENT_ROLES),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_tickets(user, obj=None) -> bool:
    """The ticket list and a ticket's page: LPSE staff of the organisation (`obj`: a ticket or the organisation)."""
    return may("helpdesk.view_tickets", user, obj)


def can_take_calls(user, obj=None) -> bool:
    """Record a call, a walk-in or a ticket on someone's behalf (seed steps 2–3)."""
    return may("helpdesk.take_calls", user, obj)


def can_handle_ticket(user, ticket) -> bool:
    """Reply, write notes, change status and classification: the desk, and the person or role it was assigned to."""
    if may("helpdesk.handle_tickets", user, ticket):
        return True
    if not may("helpdesk.view_tickets", user, ticket):
        return False
    return ticket.assignee_id == user.pk or (bool(ticket.assigned_role) and user.has_role(ticket.assigned_role))


def can_assign_ticket(user, ticket) -> bool:
    return may("helpdesk.handle_tickets", user, ticket)


def can_escalate_ticket(user, ticket) -> bool:
    return can_handle_ticket(user, ticket)


def can_manage_knowledge(user, obj=None) -> bool:
    """Write and publish FAQ articles and canned answers."""
    return may("helpdesk.manage_knowledge", user, obj)


def can_view_staff_articles(user, obj=None) -> bool:
    return may("helpdesk.view_staff_articles", user, obj)


def can_manage_announcements(user, obj=None) -> bool:
    """Announce and close outages and maintenance (annex 2.6.4 b)."""
    return may("helpdesk.manage_announcements", user, obj)


def can_view_reports(user, obj=None) -> bool:
    return may("helpdesk.view_reports", user, obj)


def can_manage_helpdesk_settings(user, organization=None) -> bool:
    """The priority table, closing rules and the mailbox: the organisation's administrators."""
    return can_manage_organization(user, organization)
