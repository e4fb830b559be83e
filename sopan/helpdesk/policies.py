"""Who may do what at the helpdesk (Perwali Salatiga 41/2024 annex 2.4 f–g: Layanan Dukungan).

Services enforce these; views only use them to decide what to show. Tickets of another organisation are answered with
404 by the selectors before any of these is asked. Reporters reach their own tickets through the public tracking page
(number + e-mail) or the secret link of their mails, never through these staff rules.
"""

from __future__ import annotations

from sopan.accounts.policies import can_manage_organization, organization_id_of

# The helpdesk desk: the Bidang Layanan dan Dukungan and the LPSE roles a ticket may be handed to.
AGENT_ROLES = ("helpdesk_agent", "lpse_coordinator", "lpse_head", "system_admin")
# Roles a ticket may be assigned to (issue: agents and other LPSE roles).
ASSIGNABLE_ROLES = ("helpdesk_agent", "system_admin", "verifier", "lpse_coordinator", "lpse_head")
# Staff who see the ticket list: the desk and everyone a ticket may be assigned to.
STAFF_ROLES = tuple(dict.fromkeys((*AGENT_ROLES, *ASSIGNABLE_ROLES)))
# The next role up for the automatic internal escalation of a ticket at risk.
ESCALATION_CHAIN = ("helpdesk_agent", "lpse_coordinator", "lpse_head")


def _member(user, obj, roles: tuple[str, ...]) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active and user.organization_id is not None):
        return False
    if obj is not None and user.organization_id != organization_id_of(obj):
        return False
    return user.has_role(*roles)


def can_view_tickets(user, obj=None) -> bool:
    """The ticket list and a ticket's page: LPSE staff of the organisation (`obj`: a ticket or the organisation)."""
    return _member(user, obj, STAFF_ROLES)


def can_take_calls(user, obj=None) -> bool:
    """Record a call, a walk-in or a ticket on someone's behalf (seed steps 2–3)."""
    return _member(user, obj, AGENT_ROLES)


def can_handle_ticket(user, ticket) -> bool:
    """Reply, write notes, change status and classification: the desk, and the person or role it was assigned to."""
    if _member(user, ticket, AGENT_ROLES):
        return True
    if not _member(user, ticket, STAFF_ROLES):
        return False
    return ticket.assignee_id == user.pk or (bool(ticket.assigned_role) and user.has_role(ticket.assigned_role))


def can_assign_ticket(user, ticket) -> bool:
    return _member(user, ticket, AGENT_ROLES)


def can_escalate_ticket(user, ticket) -> bool:
    return can_handle_ticket(user, ticket)


def can_manage_knowledge(user, obj=None) -> bool:
    """Write and publish FAQ articles and canned answers."""
    return _member(user, obj, AGENT_ROLES)


def can_view_staff_articles(user, obj=None) -> bool:
    return _member(user, obj, STAFF_ROLES)


def can_manage_announcements(user, obj=None) -> bool:
    """Announce and close outages and maintenance (annex 2.6.4 b)."""
    return _member(user, obj, AGENT_ROLES)


def can_view_reports(user, obj=None) -> bool:
    return _member(user, obj, AGENT_ROLES)


def can_manage_helpdesk_settings(user, organization=None) -> bool:
    """The priority table, closing rules and the mailbox: the organisation's administrators."""
    return can_manage_organization(user, organization)
