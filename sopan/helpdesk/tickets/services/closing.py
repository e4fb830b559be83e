"""Resolving, informing the reporter, confirming, closing, reopening, and closing automatically (seed 004 steps 6–8)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.selectors import calendar_for
from sopan.helpdesk import policies, sla, workflows
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.models import (
    Channel,
    Message,
    Ticket,
)
from sopan.helpdesk.tickets.services.common import _apply, _locked, _mail, _respond, _save, _system_message
from sopan.sop import api as sop_api


# --- resolving and closing ----------------------------------------------------------------------------------------
def _resolve(ticket: Ticket, transition: str, *, by, now) -> None:
    _respond(ticket, now)
    if ticket.paused_at is not None:
        sla.resume(ticket, calendar_for(ticket.organization), ticket.paused_at, now)
    ticket.resolved_at = now
    ticket.archived_at = now  # step 7: the consultation form with its solution is archived with the ticket
    rules = settings_for(ticket.organization)
    ticket.closes_at = calendar_for(ticket.organization).add_working_days(now, rules.auto_close_days)
    _apply(ticket, transition, by=by)
    from sopan.helpdesk.tasks import archive_ticket

    ticket_id = ticket.pk
    transaction.on_commit(lambda: archive_ticket.enqueue(ticket_id=ticket_id))


@transaction.atomic
def ticket_resolve(*, ticket: Ticket, version: int | None, by, resolution: str) -> Ticket:
    """Give the solution (seed step 6); the consultation form with the solution is archived (step 7); the reporter is
    mailed and may confirm, else the ticket closes after the organisation's waiting time."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    ticket.resolution = resolution.strip()
    now = timezone.now()
    _resolve(ticket, "resolve", by=by, now=now)
    message = Message.objects.create(
        ticket=ticket,
        organization_id=ticket.organization_id,
        kind=Message.Kind.TO_REPORTER,
        body=ticket.resolution,
        author=by,
        author_name=by.get_full_name(),
        channel=Channel.EMAIL if ticket.reporter_email else ticket.channel,
    )
    _mail(ticket, "resolved", message)
    return ticket


@transaction.atomic
def ticket_mark_informed(*, ticket: Ticket, version: int | None, by) -> Ticket:
    """The reporter was told of the solution (by telephone, at the desk): recorded with its time."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    if ticket.status not in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        raise ValidationError(_("Only a resolved ticket's reporter can be informed of the solution."))
    _save(ticket, reporter_informed_at=timezone.now())
    audit.record(action="helpdesk.ticket.informed", by=by, target=ticket, changes={})
    return ticket


@transaction.atomic
def ticket_confirm(*, ticket: Ticket, by=None) -> Ticket:
    """The reporter confirms the solution (their link): the ticket is closed."""
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("organization").get(pk=ticket.pk)
    if ticket.status == Ticket.Status.CLOSED:
        return ticket
    ticket.closed_at = timezone.now()
    ticket.reporter_informed_at = ticket.reporter_informed_at or ticket.closed_at
    _apply(ticket, "confirm", by=None)
    _system_message(ticket, _("The reporter confirmed the solution."))
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, version: int | None, by, reason: str) -> Ticket:
    """Close without the reporter (e.g. a duplicate, or the reporter confirmed by telephone)."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is closed.")})
    ticket.closed_at = timezone.now()
    _apply(ticket, "close", by=by)
    _system_message(ticket, _("Closed by %(who)s: %(reason)s") % {"who": by.get_full_name(), "reason": reason.strip()})
    if ticket.channel == Channel.PHONE:
        sop_api.close_case(subject=ticket, procedure=workflows.PROCEDURE, by=by, reason=reason.strip())
    _mail(ticket, "closed")
    return ticket


def _reopen(ticket: Ticket, transition: str, *, by, calendar, now) -> None:
    since = ticket.resolved_at or ticket.closed_at or now
    sla.resume(ticket, calendar, since, now)
    ticket.resolved_at = ticket.closed_at = ticket.closes_at = None
    ticket.reopened_count += 1
    _apply(ticket, transition, by=by)


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, version: int | None, by, reason: str) -> Ticket:
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is reopened.")})
    _reopen(ticket, "reopen", by=by, calendar=calendar_for(ticket.organization), now=timezone.now())
    _system_message(ticket, _("Reopened by %(who)s: %(reason)s") % {"who": by.get_full_name(), "reason": reason})
    return ticket


def tickets_auto_close(*, now: datetime.datetime | None = None) -> int:
    """Close resolved tickets whose reporter did not answer within the waiting time (one transaction each)."""
    now = now or timezone.now()
    closed = 0
    for pk in Ticket.objects.filter(status=Ticket.Status.RESOLVED, closes_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(pk=pk, status=Ticket.Status.RESOLVED).first()
            if ticket is None or ticket.closes_at is None or ticket.closes_at > now:
                continue
            ticket.closed_at = now
            _apply(ticket, "auto_close", by=None)
            _system_message(ticket, _("Closed automatically: the reporter did not answer within the waiting time."))
            _mail(ticket, "closed")
            closed += 1
    return closed
