"""Every write to a ticket: intake on each channel, classification, handling, the reporter's answers, closing.

SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon (seed 004) for telephone tickets, Perwali Salatiga 41/2024
Pasal 9 (follow-up within 1 working day) for all. Each service runs in one transaction, locks the ticket row and —
for staff edits — compares the version the person saw, so two agents never overwrite each other silently.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.core.selectors import calendar_for
from sopan.core.uploads import CheckedFile
from sopan.helpdesk import policies, sla, workflows
from sopan.helpdesk.defaults import ensure_priority_table, settings_for
from sopan.helpdesk.models import (
    Application,
    Area,
    Attachment,
    Category,
    Channel,
    Contact,
    Level,
    Message,
    PriorityLevel,
    PriorityRule,
    Ticket,
    TicketType,
    UserType,
)
from sopan.helpdesk.services.numbers import FORM_KIND, TICKET_KIND, TICKET_NUMBER_WIDTH, next_number
from sopan.sop import api as sop_api

REPORTER_FIELDS = ("name", "email", "phone", "institution", "user_type")
PROBLEM_FIELDS = ("subject", "description", "application", "tender_code", "error_code", "affects_tender")
CLASSIFICATION_FIELDS = ("type", "category", "area", "urgency", "impact")
STAFF_CHANNELS = (Channel.PHONE, Channel.WALK_IN)


# --- helpers -------------------------------------------------------------------------------------------------------
def _mail(ticket: Ticket, kind: str, message: Message | None = None) -> None:
    from sopan.helpdesk.tasks_mail import send_ticket_mail

    if not ticket.reporter_email:
        return
    ticket_id, message_id = ticket.pk, message.pk if message else None
    transaction.on_commit(lambda: send_ticket_mail.enqueue(ticket_id=ticket_id, kind=kind, message_id=message_id))


def _locked(ticket: Ticket, version: int | None) -> Ticket:
    """The ticket row, locked; refused when someone changed it since the person loaded it (`version`)."""
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("organization", "priority").get(pk=ticket.pk)
    if version is not None and locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this ticket while you were working on it (it is now %(status)s). "
                "Reload the page to see their change; your text is kept in the form."
            )
            % {"status": locked.get_status_display()},
            code="stale",
        )
    return locked


def _save(ticket: Ticket, **changes) -> None:
    for name, value in changes.items():
        setattr(ticket, name, value)
    ticket.version += 1
    ticket.save()


def _apply(ticket: Ticket, transition: str, *, by) -> None:
    ticket.version += 1
    workflows.flow_for(ticket).apply(ticket, transition, by=by, title=str(ticket))


def _choice(value, choices, default, label) -> str:
    value = value or default
    if value not in choices.values:
        raise ValidationError(_("Choose a valid %(field)s.") % {"field": label})
    return value


def _clean_reporter(reporter: Mapping) -> dict:
    cleaned = {key: str(reporter.get(key) or "").strip() for key in REPORTER_FIELDS}
    errors = {}
    if not cleaned["name"]:
        errors["name"] = _("Give the reporter's name.")
    if cleaned["email"]:
        from django.core.validators import validate_email

        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("This e-mail address is not valid.")
        cleaned["email"] = cleaned["email"].lower()
    if cleaned["phone"]:
        digits = cleaned["phone"].replace(" ", "").replace("-", "")
        if not (digits.lstrip("+").isdigit() and 6 <= len(digits.lstrip("+")) <= 15):
            errors["phone"] = _("A telephone number has 6 to 15 digits.")
        cleaned["phone"] = digits
    cleaned["user_type"] = cleaned["user_type"] or UserType.PUBLIC
    if cleaned["user_type"] not in UserType.values:
        errors["user_type"] = _("Choose a valid user type.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_problem(problem: Mapping) -> dict:
    cleaned = {key: problem.get(key) for key in PROBLEM_FIELDS}
    for key in ("subject", "description", "tender_code", "error_code"):
        cleaned[key] = str(cleaned[key] or "").strip()
    cleaned["application"] = cleaned["application"] or Application.SPSE
    cleaned["affects_tender"] = bool(cleaned["affects_tender"])
    errors = {}
    if not cleaned["subject"]:
        errors["subject"] = _("Say in a few words what the problem is.")
    if not cleaned["description"]:
        errors["description"] = _("Describe the problem.")
    if cleaned["application"] not in Application.values:
        errors["application"] = _("Choose a valid application.")
    if cleaned["affects_tender"] and not cleaned["tender_code"]:
        errors["tender_code"] = _("Name the tender or package the problem affects.")
    cleaned["subject"] = cleaned["subject"][:200]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_classification(values: Mapping | None) -> dict:
    values = values or {}
    return {
        "type": _choice(values.get("type"), TicketType, TicketType.PROBLEM, _("type")),
        "category": _choice(values.get("category"), Category, Category.TECHNICAL, _("category")),
        "area": _choice(values.get("area"), Area, Area.SOFTWARE, _("area")),
        "urgency": _choice(values.get("urgency"), Level, Level.MEDIUM, _("urgency")),
        "impact": _choice(values.get("impact"), Level, Level.MEDIUM, _("impact")),
    }


def priority_for(organization, *, urgency: str, impact: str, affects_tender: bool) -> PriorityLevel:
    """The priority of the Tabel Prioritas for urgency × impact; one rank higher when an ongoing tender is affected."""
    rule = (
        PriorityRule.objects.filter(organization=organization, urgency=urgency, impact=impact)
        .select_related("priority")
        .first()
    )
    if rule is None:
        ensure_priority_table(organization)
        rule = PriorityRule.objects.select_related("priority").get(
            organization=organization, urgency=urgency, impact=impact
        )
    priority = rule.priority
    if affects_tender:
        higher = (
            PriorityLevel.objects.filter(organization=organization, rank__lt=priority.rank).order_by("-rank").first()
        )
        priority = higher or priority
    return priority


def _contact_for(organization, reporter: dict, user) -> Contact:
    """The reporter's contact: found again by user account, else by e-mail, else by phone under the same name (an
    office switchboard is the number of many people: a different name there is another person); its details
    refreshed from this report."""
    contact = None
    if user is not None and user.is_authenticated:
        contact = Contact.objects.filter(organization=organization, user=user).order_by("-pk").first()
    if contact is None and reporter["email"]:
        contact = Contact.objects.filter(organization=organization, email=reporter["email"]).order_by("-pk").first()
    if contact is None and reporter["phone"]:
        contact = (
            Contact.objects.filter(organization=organization, phone=reporter["phone"], name__iexact=reporter["name"])
            .order_by("-pk")
            .first()
        )
    if contact is None:
        contact = Contact(organization=organization)
    for key in REPORTER_FIELDS:
        if reporter[key]:
            setattr(contact, key, reporter[key])
    if user is not None and user.is_authenticated and contact.user_id is None:
        contact.user = user
    contact.save()
    return contact


def _store_attachments(message: Message, attachments: Iterable[CheckedFile]) -> list[Attachment]:
    stored = []
    for checked in attachments:
        attachment = Attachment(
            message=message,
            ticket=message.ticket,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        attach_on_commit(attachment, "file", checked.name, checked.content)
        attachment.save()
        stored.append(attachment)
    return stored


def _system_message(ticket: Ticket, text: str) -> Message:
    return Message.objects.create(
        ticket=ticket, organization_id=ticket.organization_id, kind=Message.Kind.SYSTEM, body=text
    )


def _respond(ticket: Ticket, now: datetime.datetime) -> None:
    """The first follow-up (Perwali Pasal 9 ayat 2): taking the ticket, a reply, or the solution."""
    if ticket.responded_at is None:
        ticket.responded_at = now


# --- intake --------------------------------------------------------------------------------------------------------
@transaction.atomic
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
) -> Ticket:
    """Record a report from any channel.

    Telephone (SOP steps 2–3, the Formulir Konsultasi filled while talking) and walk-in are recorded by the desk; a
    telephone ticket gets a consultation-form number too. With `solution` the desk solved it during the call (step 5
    "Ya", 6, 7); without, both numbers are given to the caller (step 8). Web reports come from the public or a logged-in
    user, e-mail from the mailbox (`by=None`)."""
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

    now = timezone.now()
    received = received_at or now
    year = timezone.localtime(received, calendar_for(organization).zone).year
    staff = by if by is not None and channel in STAFF_CHANNELS else None
    reporter_user = by if (by is not None and by.is_authenticated and channel == Channel.WEB) else None
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
    sla.targets(ticket, priority, calendar_for(organization), settings_for(organization).at_risk_percent)
    if channel in STAFF_CHANNELS:
        # The person at the desk is talking to the reporter: the follow-up has begun (Pasal 9 ayat 2).
        ticket.responded_at = now
        ticket.assignee = staff
    # The numbers last: drawing one locks the organisation's counter until the commit, so every other report of the
    # organisation waits for this one from here on, not from the start.
    ticket.number = next_number(organization, TICKET_KIND, year, TICKET_NUMBER_WIDTH)
    if channel in STAFF_CHANNELS:
        ticket.form_number = next_number(organization, FORM_KIND, year, TICKET_NUMBER_WIDTH)
    ticket.save()

    first = Message.objects.create(
        ticket=ticket,
        organization=organization,
        kind=Message.Kind.FROM_REPORTER,
        body=problem["description"],
        author=reporter_user,
        author_name=reporter["name"],
        channel=channel,
        email_message_id=email_message_id,
    )
    _store_attachments(first, attachments)
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
        steps = workflows.CALL_TAKEN if solution.strip() else (*workflows.CALL_TAKEN, *workflows.NOT_ANSWERED)
        sop_api.record_steps(
            subject=ticket,
            organization=organization,
            procedure=workflows.PROCEDURE,
            steps=steps,
            by=by,
            title=str(ticket),
        )
    if solution.strip():
        if channel not in STAFF_CHANNELS:
            raise PermissionDenied
        ticket.resolution = solution.strip()
        _resolve(ticket, "resolve_on_the_spot", by=by, now=now)
        ticket.reporter_informed_at = now  # told during the call or at the desk
        ticket.solved_on_first_contact = True
        ticket.save()
    if channel != Channel.PHONE or not solution.strip():
        _mail(ticket, "follow_up" if parent is not None else "created")
    return ticket


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
    if role and role not in policies.ASSIGNABLE_ROLES:
        raise ValidationError({"role": _("Choose one of the LPSE roles.")})
    if assignee is not None and (
        assignee.organization_id != ticket.organization_id or not assignee.has_role(*policies.ASSIGNABLE_ROLES)
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
    _system_message(ticket, _("Assigned to %(who)s.") % {"who": ", ".join(x for x in (who, role_label(role)) if x)})
    return ticket


def role_label(code: str) -> str:
    from sopan.accounts import roles

    return str(roles.get(code).label) if code else ""


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
        follow_up = ticket_create(
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
