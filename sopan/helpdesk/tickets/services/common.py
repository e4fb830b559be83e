"""What every ticket service shares: the reporter/problem/classification fields and their cleaning, the
priority table look-up, the row lock with the version check, the system lines and the first-response stamp."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Iterable, Mapping
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from sopan.core import workflow
from sopan.core.files import attach_on_commit
from sopan.core.uploads import CheckedFile
from sopan.helpdesk import workflows
from sopan.helpdesk.defaults import ensure_priority_table
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
    locked = workflow.locked(Ticket, ticket.pk, related=("organization", "priority"))
    message = _(
        "Someone else changed this ticket while you were working on it (it is now %(status)s). "
        "Reload the page to see their change; your text is kept in the form."
    ) % {"status": locked.get_status_display()}
    workflow.check_version(locked, version, message)
    return locked


def _save(ticket: Ticket, **changes) -> None:
    for name, value in changes.items():
        setattr(ticket, name, value)
    ticket.version += 1
    ticket.save()


def _apply(ticket: Ticket, transition: str, *, by) -> None:
    """Take the transition (the workflow raises the ticket's `version`)."""
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
    refreshed from this report. One query finds it (the three ways ranked in that order, the latest first).

    A new contact is saved at once (the ticket refers to it); a known one comes back with its details changed but
    not saved: the caller saves it late in its transaction (`contact.save()`), so that the row of a reporter who
    writes often stays locked for as short a time as possible."""
    ways = []
    if user is not None and user.is_authenticated:
        ways.append(Q(user=user))
    if reporter["email"]:
        ways.append(Q(email=reporter["email"]))
    if reporter["phone"]:
        ways.append(Q(phone=reporter["phone"], name__iexact=reporter["name"]))
    contact = None
    if ways:
        rank = Case(*(When(way, then=Value(i)) for i, way in enumerate(ways)), output_field=IntegerField())
        contact = (
            Contact.objects.filter(organization=organization)
            .filter(reduce(operator.or_, ways))
            .alias(rank=rank)
            .order_by("rank", "-pk")
            .first()
        )
    if contact is None:
        contact = Contact(organization=organization)
    for key in REPORTER_FIELDS:
        if reporter[key]:
            setattr(contact, key, reporter[key])
    if user is not None and user.is_authenticated and contact.user_id is None:
        contact.user = user
    if contact.pk is None:
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
