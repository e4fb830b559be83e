"""Handling an open ticket: classification, assignment, taking it, the conversation with the reporter, waiting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.selectors import calendar_for
from sopan.core.uploads import CheckedFile
from sopan.helpdesk import policies, sla
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.models import (
    Application,
    Channel,
    Message,
    Ticket,
)
from sopan.helpdesk.tickets.services.closing import _reopen
from sopan.helpdesk.tickets.services.common import (
    CLASSIFICATION_FIELDS,
    _apply,
    _clean_classification,
    _locked,
    _mail,
    _respond,
    _save,
    _store_attachments,
    _system_message,
    priority_for,
)
from sopan.helpdesk.tickets.services.intake import ticket_create


# --- classification and assignment --------------------------------------------------------------------------------
@transaction.atomic
def ticket_classify(*, ticket: Ticket, version: int | None, by, values: Mapping) -> Ticket:
    """Change type, category, urgency, impact, the tender flag: the priority and the due times follow (counted from
    the report's arrival, less the time spent waiting for the reporter)."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    classes = _clean_classification(values)
    affects_tender = bool(values.get("affects_tender"))
    tender_code = str(values.get("tender_code") or "").strip()
    if affects_tender and not tender_code:
        raise ValidationError({"tender_code": _("Name the tender or package the problem affects.")})
    application = values.get("application") or ticket.application
    if application not in Application.values:
        raise ValidationError({"application": _("Choose a valid application.")})
    before = {f: getattr(ticket, f) for f in (*CLASSIFICATION_FIELDS, "affects_tender", "tender_code", "application")}
    for key, value in classes.items():
        setattr(ticket, key, value)
    ticket.affects_tender, ticket.tender_code, ticket.application = affects_tender, tender_code, application
    priority = priority_for(
        ticket.organization, urgency=ticket.urgency, impact=ticket.impact, affects_tender=affects_tender
    )
    calendar = calendar_for(ticket.organization)
    paused_at = ticket.paused_at
    sla.targets(ticket, priority, calendar, settings_for(ticket.organization).at_risk_percent)
    ticket.paused_at = paused_at
    _save(ticket)
    after = {f: getattr(ticket, f) for f in before}
    audit.record(
        action="helpdesk.ticket.classified",
        by=by,
        target=ticket,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]} | {"priority": priority.code},
    )
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, version: int | None, by, assignee=None, role: str = "") -> Ticket:
    """Hand the ticket to a person or to an LPSE role (Administrator Sistem, Verifikator, Kepala LPSE …)."""
    ticket = _locked(ticket, version)
    require(policies.can_assign_ticket(by, ticket))
    assignable = policies.assignable_roles(ticket.organization_id)
    if role and role not in assignable:
        raise ValidationError({"role": _("Choose one of the LPSE roles.")})
    if assignee is not None and (
        assignee.organization_id != ticket.organization_id or not assignee.has_role(*assignable)
    ):
        raise ValidationError({"assignee": _("Choose a person of this LPSE who handles tickets.")})
    if assignee is None and not role:
        raise ValidationError(_("Choose a person or a role."))
    before = [ticket.assignee_id, ticket.assigned_role]
    _save(ticket, assignee=assignee, assigned_role=role)
    audit.record(
        action="helpdesk.ticket.assigned",
        by=by,
        target=ticket,
        changes={"assignee": [before[0], ticket.assignee_id], "role": [before[1], role]},
    )
    who = assignee.get_full_name() if assignee else ""
    _system_message(
        ticket,
        _("Assigned to %(who)s.") % {"who": ", ".join(x for x in (who, role_label(role, ticket.organization_id)) if x)},
    )
    return ticket


def role_label(code: str, organization_id: int | None = None) -> str:
    """The role's name; an organisation's own role needs its organisation (else its code shows)."""
    from sopan.accounts.models import role_of

    return str(role_of(organization_id, code).label) if code else ""


@transaction.atomic
def ticket_take(*, ticket: Ticket, version: int | None, by) -> Ticket:
    """An agent takes the ticket: it is theirs and in progress (the follow-up of Pasal 9 ayat 2)."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    ticket.assignee = by
    _respond(ticket, timezone.now())
    _apply(ticket, "take", by=by)
    return ticket


# --- the conversation ---------------------------------------------------------------------------------------------
@transaction.atomic
def ticket_reply(
    *, ticket: Ticket, version: int | None, by, body: str, attachments: Iterable[CheckedFile] = (), wait: bool = False
) -> Message:
    """A reply to the reporter (mailed to them); `wait`: the helpdesk now needs the reporter's answer (the
    resolution clock stops until they answer)."""
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the reply.")})
    if not ticket.is_open:
        raise ValidationError(
            _("Reopen the ticket before replying: it is %(status)s.") % {"status": ticket.get_status_display()}
        )
    now = timezone.now()
    message = Message.objects.create(
        ticket=ticket,
        organization_id=ticket.organization_id,
        kind=Message.Kind.TO_REPORTER,
        body=body,
        author=by,
        author_name=by.get_full_name(),
        channel=Channel.EMAIL if ticket.reporter_email else ticket.channel,
    )
    _store_attachments(message, attachments)
    _respond(ticket, now)
    if ticket.status == Ticket.Status.RECORDED:
        ticket.assignee = ticket.assignee or by
        _apply(ticket, "take", by=by)
    if wait:
        sla.pause(ticket, now)
        _apply(ticket, "wait", by=by)
    else:
        _save(ticket)
    audit.record(action="helpdesk.message.sent", by=by, target=ticket, changes={"message": message.pk, "wait": wait})
    _mail(ticket, "waiting" if wait else "reply", message)
    return message


@transaction.atomic
def ticket_note(*, ticket: Ticket, by, body: str) -> Message:
    """An internal note: never shown or mailed to the reporter. Notes do not change the ticket (no version check)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    require(policies.can_handle_ticket(by, ticket))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    message = Message.objects.create(
        ticket=ticket,
        organization_id=ticket.organization_id,
        kind=Message.Kind.NOTE,
        body=body,
        author=by,
        author_name=by.get_full_name(),
        channel=ticket.channel,
    )
    audit.record(action="helpdesk.message.noted", by=by, target=ticket, changes={"message": message.pk})
    return message


@transaction.atomic
def ticket_wait(*, ticket: Ticket, version: int | None, by) -> Ticket:
    ticket = _locked(ticket, version)
    sla.pause(ticket)
    _apply(ticket, "wait", by=by)
    return ticket


@transaction.atomic
def ticket_resume(*, ticket: Ticket, version: int | None, by) -> Ticket:
    ticket = _locked(ticket, version)
    require(policies.can_handle_ticket(by, ticket))
    if ticket.paused_at is not None:
        sla.resume(ticket, calendar_for(ticket.organization), ticket.paused_at)
    _apply(ticket, "resume", by=by)
    return ticket


@transaction.atomic
def reporter_message_add(
    *,
    ticket: Ticket,
    body: str,
    channel: str,
    attachments: Iterable[CheckedFile] = (),
    email_message_id: str = "",
    author_name: str = "",
) -> tuple[Ticket, str]:
    """The reporter writes (their link or e-mail). Outcome: "added" (an open ticket; one waiting for them resumes),
    "reopened" (resolved, or closed within the reopen window), "follow_up" (closed longer ago: a new ticket linked to
    it is created and returned)."""
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("organization").get(pk=ticket.pk)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    now = timezone.now()
    rules = settings_for(ticket.organization)
    if ticket.status == Ticket.Status.CLOSED and ticket.closed_at < now - datetime.timedelta(days=rules.reopen_days):
        follow_up = _follow_up(ticket, body, channel, attachments, email_message_id, author_name)
        return follow_up, "follow_up"

    message = Message.objects.create(
        ticket=ticket,
        organization_id=ticket.organization_id,
        kind=Message.Kind.FROM_REPORTER,
        body=body,
        author=ticket.reporter_user,
        author_name=author_name or ticket.reporter_name,
        channel=channel,
        email_message_id=email_message_id,
    )
    _store_attachments(message, attachments)
    outcome = "added"
    calendar = calendar_for(ticket.organization)
    if ticket.status == Ticket.Status.WAITING:
        sla.resume(ticket, calendar, ticket.paused_at or now, now)
        _apply(ticket, "reporter_answered", by=None)
    elif ticket.status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        _reopen(ticket, "reporter_reopened", by=None, calendar=calendar, now=now)
        outcome = "reopened"
        _mail(ticket, "reopened")
    else:
        _save(ticket)
    audit.record(
        action="helpdesk.message.received", by=None, target=ticket, changes={"message": message.pk, "outcome": outcome}
    )
    return ticket, outcome


def _follow_up(ticket: Ticket, body: str, channel: str, attachments, email_message_id: str, author_name: str):
    """A new ticket linked to one closed longer ago than the reopen window, with the same reporter and problem."""
    return ticket_create(
        organization=ticket.organization,
        channel=channel,
        reporter={
            "name": author_name or ticket.reporter_name,
            "email": ticket.reporter_email,
            "phone": ticket.reporter_phone,
            "institution": ticket.reporter_institution,
            "user_type": ticket.user_type,
        },
        problem={
            "subject": ticket.subject,
            "description": body,
            "application": ticket.application,
            "tender_code": ticket.tender_code,
            "error_code": "",
            "affects_tender": False,
        },
        classification={f: getattr(ticket, f) for f in CLASSIFICATION_FIELDS},
        by=None,
        attachments=attachments,
        email_message_id=email_message_id,
        parent=ticket,
    )
