"""Opening a ticket on each channel (telephone, walk-in, web, e-mail): SOP Penanganan Permasalahan Pengguna SPSE
melalui Telepon (seed 004) steps 2–3."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.selectors import calendar_for
from sopan.core.uploads import CheckedFile
from sopan.helpdesk import policies, sla, workflows
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.models import (
    Channel,
    HelpdeskSettings,
    Message,
    Ticket,
)
from sopan.helpdesk.tickets.numbers import FORM_KIND, TICKET_KIND, TICKET_NUMBER_WIDTH, draw_number
from sopan.helpdesk.tickets.services.closing import _resolve
from sopan.helpdesk.tickets.services.common import (
    STAFF_CHANNELS,
    _clean_classification,
    _clean_problem,
    _clean_reporter,
    _contact_for,
    _mail,
    _store_attachments,
    _system_message,
    priority_for,
)
from sopan.sop import api as sop_api


# --- intake --------------------------------------------------------------------------------------------------------
def ticket_create(
    *,
    organization,
    channel: str,
    reporter: Mapping,
    problem: Mapping,
    classification: Mapping | None = None,
    by,
    attachments: Iterable[CheckedFile] = (),
    email_message_id: str = "",
    parent: Ticket | None = None,
    solution: str = "",
    received_at: datetime.datetime | None = None,
    rules: HelpdeskSettings | None = None,
) -> Ticket:
    """Record a report from any channel.

    Telephone (SOP steps 2–3, the Formulir Konsultasi filled while talking) and walk-in are recorded by the desk; a
    telephone ticket gets a consultation-form number too. With `solution` the desk solved it during the call (step 5
    "Ya", 6, 7); without, both numbers are given to the caller (step 8). Web reports come from the public or a logged-in
    user, e-mail from the mailbox (`by=None`). `rules`: the organisation's helpdesk settings, when the caller has read
    them already.

    The number(s) are taken first, each in one statement of its own (gaps allowed, `numbers.draw_number`), and the
    rest is one transaction; a known reporter's contact is updated last before the audit event, so the rows that
    reports of one organisation share (the contact of a reporter who writes often, the audit chain) stay locked only
    from there to the commit."""
    reporter, problem, classes = _checked_report(organization, channel, reporter, problem, classification, by=by)
    now = timezone.now()
    received = received_at or now
    year = timezone.localtime(received, zoneinfo.ZoneInfo(organization.timezone)).year
    number = draw_number(organization, TICKET_KIND, year, TICKET_NUMBER_WIDTH)
    form_number = draw_number(organization, FORM_KIND, year, TICKET_NUMBER_WIDTH) if channel in STAFF_CHANNELS else ""
    with transaction.atomic():
        return _create(
            organization,
            channel,
            reporter,
            problem,
            classes,
            by=by,
            attachments=attachments,
            email_message_id=email_message_id,
            parent=parent,
            solution=solution,
            now=now,
            received=received,
            numbers=(number, form_number),
            rules=rules,
        )


def _create(
    organization,
    channel,
    reporter,
    problem,
    classes,
    *,
    by,
    attachments,
    email_message_id,
    parent,
    solution,
    now,
    received,
    numbers,
    rules,
) -> Ticket:
    reporter_user = by if (by is not None and by.is_authenticated and channel == Channel.WEB) else None
    ticket, priority = _new_ticket(
        organization,
        channel,
        reporter,
        problem,
        classes,
        by=by,
        reporter_user=reporter_user,
        parent=parent,
        now=now,
        received=received,
        numbers=numbers,
        rules=rules,
    )
    _first_message(ticket, problem, reporter, reporter_user, attachments, email_message_id)
    if not ticket.contact._state.adding:
        ticket.contact.save()  # a known reporter's details, refreshed (`_contact_for`)
    audit.record(
        action="helpdesk.ticket.created",
        by=by,
        target=ticket,
        changes={"channel": channel, "priority": priority.code, "number": ticket.number},
    )
    if parent is not None:
        _system_message(
            parent, _("The reporter wrote again after closing: follow-up %(number)s.") % {"number": ticket.number}
        )
    if channel == Channel.PHONE:
        _record_call(ticket, answered=bool(solution.strip()), by=by)
    if solution.strip():
        _solve_on_the_spot(ticket, solution, by=by, now=now)
    if channel != Channel.PHONE or not solution.strip():
        _mail(ticket, "follow_up" if parent is not None else "created")
    return ticket


def _checked_report(organization, channel, reporter, problem, classification, *, by) -> tuple[dict, dict, dict]:
    """The report's reporter, problem and classification, cleaned; refused for an unknown channel, a desk channel
    used by someone who takes no calls, or no way to answer the reporter."""
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if channel in STAFF_CHANNELS:
        require(by is not None and policies.can_take_calls(by, organization))
    reporter = _clean_reporter(reporter)
    problem = _clean_problem(problem)
    classes = _clean_classification(classification)
    if channel in (Channel.WEB, Channel.EMAIL) and not reporter["email"]:
        raise ValidationError({"email": _("Give an e-mail address, so that the helpdesk can answer you.")})
    if channel == Channel.PHONE and not (reporter["phone"] or reporter["email"]):
        raise ValidationError({"phone": _("Note the caller's telephone number or e-mail address.")})
    return reporter, problem, classes


def _new_ticket(
    organization, channel, reporter, problem, classes, *, by, reporter_user, parent, now, received, numbers, rules
) -> tuple[Ticket, object]:
    """The ticket saved with its priority, service-level targets and number(s)."""
    staff = by if by is not None and channel in STAFF_CHANNELS else None
    ticket = Ticket(
        organization=organization,
        channel=channel,
        contact=_contact_for(organization, reporter, reporter_user),
        reporter_name=reporter["name"],
        reporter_email=reporter["email"],
        reporter_phone=reporter["phone"],
        reporter_institution=reporter["institution"],
        user_type=reporter["user_type"],
        reporter_user=reporter_user,
        created_by=staff,
        parent=parent,
        public_token=secrets.token_urlsafe(32),
        received_at=received,
        **problem,
        **classes,
    )
    priority = priority_for(
        organization, urgency=classes["urgency"], impact=classes["impact"], affects_tender=problem["affects_tender"]
    )
    rules = rules or settings_for(organization)
    sla.targets(ticket, priority, calendar_for(organization), rules.at_risk_percent)
    if channel in STAFF_CHANNELS:
        # The person at the desk is talking to the reporter: the follow-up has begun (Pasal 9 ayat 2).
        ticket.responded_at = now
        ticket.assignee = staff
    ticket.number, ticket.form_number = numbers
    ticket.save()
    return ticket, priority


def _first_message(ticket, problem, reporter, reporter_user, attachments, email_message_id) -> Message:
    """The report itself, as the conversation's first message, with its attachments."""
    first = Message.objects.create(
        ticket=ticket,
        organization=ticket.organization,
        kind=Message.Kind.FROM_REPORTER,
        body=problem["description"],
        author=reporter_user,
        author_name=reporter["name"],
        channel=ticket.channel,
        email_message_id=email_message_id,
    )
    _store_attachments(first, attachments)
    return first


def _record_call(ticket: Ticket, *, answered: bool, by) -> None:
    """SOP steps 1–3 (and 5 "Tidak" and 8 when not answered during the call)."""
    steps = workflows.CALL_TAKEN if answered else (*workflows.CALL_TAKEN, *workflows.NOT_ANSWERED)
    sop_api.record_steps(
        subject=ticket,
        organization=ticket.organization,
        procedure=workflows.PROCEDURE,
        steps=steps,
        by=by,
        title=str(ticket),
    )


def _solve_on_the_spot(ticket: Ticket, solution: str, *, by, now) -> None:
    """Solved during the call or at the desk (step 5 "Ya", 6, 7): the reporter was told there and then."""
    if ticket.channel not in STAFF_CHANNELS:
        raise PermissionDenied
    ticket.resolution = solution.strip()
    _resolve(ticket, "resolve_on_the_spot", by=by, now=now)
    ticket.reporter_informed_at = now  # told during the call or at the desk
    ticket.solved_on_first_contact = True
    ticket.save()
