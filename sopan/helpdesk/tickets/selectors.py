"""Reads of tickets for the LPSE's staff, already scoped to the person's organisation (404 for other organisations).

The list is keyset-paginated on (received_at, id) with the organisation/status indexes; search by number, company or
text narrows it without counting the whole table.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from sopan.core.pagination import Page, keyset_page
from sopan.helpdesk import policies
from sopan.helpdesk.models import Contact, Escalation, Message, Ticket
from sopan.helpdesk.tickets.numbers import TICKET_KIND, number_normalised

ORDER = ("-received_at", "-id")
# What a row of the list shows (the SLA badge included: `sla.state`), and nothing more: the description, the
# solution and the rest stay in the database (half the columns of a wide row).
LIST_FIELDS = (
    "id",
    "number",
    "form_number",
    "channel",
    "status",
    "subject",
    "affects_tender",
    "tender_code",
    "reporter_name",
    "reporter_institution",
    "assigned_role",
    "received_at",
    "response_due_at",
    "responded_at",
    "resolution_due_at",
    "at_risk_at",
    "paused_at",
    "resolved_at",
    "priority__id",
    "priority__label",
    "assignee__id",
    "assignee__full_name",
    "assignee__username",
)


def _scoped(user) -> QuerySet[Ticket]:
    if not policies.can_view_tickets(user):
        return Ticket.objects.none()
    return Ticket.objects.filter(organization_id=user.organization_id)


def ticket_get_for(user, pk: int) -> Ticket:
    """One ticket of the user's organisation with what its page shows, else 404.

    The organisation is the user's (already loaded with them), and the ticket followed up, when there is one, is
    read when shown: each table joined more costs PostgreSQL's planner on every request (seven tables: about 1 ms
    at nasional, four: 0.4 ms)."""
    queryset = _scoped(user).select_related("priority", "assignee", "contact", "created_by")
    ticket = get_object_or_404(queryset, pk=pk)
    ticket.organization = user.organization
    return ticket


def ticket_list_for(
    user,
    *,
    status: str = "",
    scope: str = "",
    channel: str = "",
    priority: str = "",
    query: str = "",
    cursor: str | None = None,
    size: int = 50,
) -> Page:
    """`scope`: "mine" (assigned to the user or their roles), "unassigned", "" (all). `status`: a status, or "open"."""
    queryset = _scoped(user).select_related("priority", "assignee").only(*LIST_FIELDS)
    if status == "open":
        queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES)
    elif status in Ticket.Status.values:
        queryset = queryset.filter(status=status)
    if scope == "mine":
        queryset = queryset.filter(Q(assignee=user) | Q(assigned_role__in=list(user.role_codes)))
    elif scope == "unassigned":
        queryset = queryset.filter(assignee__isnull=True, assigned_role="")
    if channel:
        queryset = queryset.filter(channel=channel)
    if priority:
        queryset = queryset.filter(priority__code=priority)
    query = query.strip()
    if query:
        key = number_normalised(query)  # hd-2026-7, HD 2026 000007 … -> HD-2026-000007
        if key is not None:
            queryset = queryset.filter(Q(number=key) | Q(form_number=key))
        else:
            queryset = queryset.filter(
                Q(subject__icontains=query)
                | Q(reporter_institution__icontains=query)
                | Q(reporter_name__icontains=query)
                | Q(reporter_email__iexact=query)
                | Q(tender_code__iexact=query)
            )
    return keyset_page(queryset, order=ORDER, cursor=cursor, size=size)


def conversation_for(user, ticket: Ticket) -> list[Message]:
    """Every message of the ticket (notes included: staff only) with its attachments, oldest first."""
    if not policies.can_view_tickets(user, ticket):
        raise Http404
    return list(ticket.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "id"))


def escalations_for(ticket: Ticket) -> list[Escalation]:
    return list(ticket.escalations.select_related("by", "to_user").order_by("sent_at", "id"))


def contact_lookup_for(user, *, phone: str = "", email: str = "", size: int = 5) -> list[Contact]:
    """A returning caller, found by telephone or e-mail while the call goes on (indexed, exact match)."""
    if not policies.can_take_calls(user):
        return []
    condition = Q()
    phone = "".join(c for c in phone if c.isdigit() or c == "+")
    if phone:
        condition |= Q(phone=phone)
    if email.strip():
        condition |= Q(email=email.strip().lower())
    if not condition:
        return []
    return list(Contact.objects.filter(condition, organization_id=user.organization_id).order_by("-updated_at")[:size])


def other_tickets_of_reporter(ticket: Ticket, *, size: int = 5) -> list[Ticket]:
    """The reporter's other tickets, newest first: only those of the same person as far as the helpdesk can tell —
    the same user account, or the same e-mail address (the one the helpdesk answers them at). A telephone number
    links nobody: an office switchboard or a shared mobile is the number of many people."""
    same_person = Q()
    if ticket.reporter_user_id is not None:
        same_person |= Q(reporter_user_id=ticket.reporter_user_id)
    if ticket.reporter_email:
        same_person |= Q(reporter_email=ticket.reporter_email.lower())  # stored in lower case
    if not same_person:
        return []
    return list(
        Ticket.objects.filter(same_person, organization_id=ticket.organization_id)
        .exclude(pk=ticket.pk)
        .select_related("priority")
        .order_by("-received_at", "-id")[:size]
    )


def public_ticket_get(organization, *, number: str, email: str) -> Ticket | None:
    """Public tracking: the ticket with this number AND this reporter e-mail, or None (the same answer for a wrong
    number and a wrong e-mail, so nobody can enumerate tickets)."""
    number, email = number_normalised(number, kinds=(TICKET_KIND,)), email.strip().lower()  # stored lower case
    if not number or not email:
        return None
    return (
        Ticket.objects.filter(organization=organization, number=number, reporter_email=email)
        .select_related("organization", "priority")
        .first()
    )


def public_ticket_by_token(organization_slug: str, token: str) -> Ticket:
    """The ticket behind a reporter's link, only under its own organisation's slug (else 404): one query, the
    organisation joined."""
    ticket = (
        Ticket.objects.filter(organization__slug=organization_slug, public_token=token)
        .select_related("organization", "priority")
        .first()
    )
    if ticket is None or not token:
        raise Http404
    return ticket


def public_messages(ticket: Ticket) -> list[Message]:
    """What the reporter sees: the conversation without internal notes."""
    return list(
        ticket.messages.exclude(kind=Message.Kind.NOTE).prefetch_related("attachments").order_by("created_at", "id")
    )
