"""The helpdesk's own rules, set by the organisation's administrators (`policies.can_manage_helpdesk_settings`):
closing and reopening, the at-risk share, the largest attachment, the Tabel Prioritas Penyelesaian Permasalahan
(each priority's targets and the urgency × impact matrix) and the IMAP mailbox.

A changed priority table applies to tickets created or reclassified afterwards; due times already set stay.

Perwali Salatiga 41/2024 Pasal 9 ayat 2: every report is followed up within 1 working day, so no response target may
be longer. To compare hours with days, a working day counts as long as the *shortest* working day of the
organisation's office hours (the core calendar; 8.5 hours for a typical pemda, Monday–Thursday 07.30–16.00): a
response target of 8 working hours is accepted, 9 is refused, and a resolution target of 1 working day is at least a
response target of 8 hours. Using the shortest day keeps the rule safe on every day of the week.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.selectors import calendar_for
from sopan.helpdesk import policies
from sopan.helpdesk.models import HelpdeskSettings, Level, Mailbox, PriorityLevel, PriorityRule, TargetUnit

# (field, lowest, highest) of the numeric settings
SETTING_LIMITS = {
    "auto_close_days": (1, 60),
    "reopen_days": (0, 365),
    "at_risk_percent": (1, 99),
    "max_upload_mb": (1, 20),
}
SETTING_FIELDS = (*SETTING_LIMITS, "helpdesk_email")
LEVEL_FIELDS = ("label", "response_amount", "response_unit", "resolution_amount", "resolution_unit")
MAILBOX_FIELDS = ("address", "host", "port", "use_ssl", "username", "folder", "is_active")


# --- settings ----------------------------------------------------------------------------------------------------
@transaction.atomic
def settings_update(
    *,
    organization,
    by,
    auto_close_days: int,
    reopen_days: int,
    at_risk_percent: int,
    max_upload_mb: int,
    helpdesk_email: str = "",
) -> HelpdeskSettings:
    """Set the closing and reopening windows, the at-risk share, the largest attachment and the helpdesk address."""
    require(policies.can_manage_helpdesk_settings(by, organization))
    values = {
        "auto_close_days": auto_close_days,
        "reopen_days": reopen_days,
        "at_risk_percent": at_risk_percent,
        "max_upload_mb": max_upload_mb,
        "helpdesk_email": (helpdesk_email or "").strip(),
    }
    errors = {}
    for name, (low, high) in SETTING_LIMITS.items():
        value = values[name]
        if value is None or not low <= value <= high:
            errors[name] = _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    if values["helpdesk_email"]:
        try:
            validate_email(values["helpdesk_email"])
        except ValidationError:
            errors["helpdesk_email"] = _("Give a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    HelpdeskSettings.objects.get_or_create(organization=organization)
    row = HelpdeskSettings.objects.select_for_update().get(organization=organization)
    before = audit.snapshot(row, SETTING_FIELDS)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    changes = audit.changes_between(before, audit.snapshot(row, SETTING_FIELDS))
    if changes:
        audit.record(action="helpdesk.settings.updated", by=by, target=row, changes=changes)
    return row


# --- the priority table ------------------------------------------------------------------------------------------
def working_day_hours(calendar) -> Decimal:
    """The working time of the organisation's shortest ordinary working day in hours, breaks left out (what "1 working
    day" is worth in hours: 7.5 under Perpres 21/2023's default week)."""
    lengths = [calendar.usual_working_time(weekday) for weekday in calendar.hours]
    shortest = min((length for length in lengths if length), default=datetime.timedelta(hours=8))
    return Decimal(shortest.total_seconds()) / 3600


def in_hours(amount: int, unit: str, day_hours: Decimal) -> Decimal:
    return Decimal(amount) * (day_hours if unit == TargetUnit.DAYS else 1)


def _hours_text(hours: Decimal) -> str:
    """ "8.5" (English), "8,5" (Indonesian), "8" for a whole number."""
    return number_format(hours.normalize() if hours % 1 else int(hours))


@transaction.atomic
def priority_level_update(
    *,
    level: PriorityLevel,
    by,
    label: str,
    response_amount: int,
    response_unit: str,
    resolution_amount: int,
    resolution_unit: str,
) -> PriorityLevel:
    """Change one priority of the Tabel Prioritas: its name, response target and resolution target (working time).

    The response target is at most 1 working day (Perwali Pasal 9 ayat 2); the resolution target is at least the
    response target. New and reclassified tickets get the new targets."""
    level = PriorityLevel.objects.select_for_update().get(pk=level.pk)
    require(policies.can_manage_helpdesk_settings(by, level.organization))
    label = (label or "").strip()
    errors: dict[str, list] = {}
    if not label:
        errors["label"] = [_("Give the priority a name.")]
    elif (
        PriorityLevel.objects.filter(organization_id=level.organization_id, label__iexact=label)
        .exclude(pk=level.pk)
        .exists()
    ):
        errors["label"] = [_("Another priority already has this name.")]
    for name, value in (("response_unit", response_unit), ("resolution_unit", resolution_unit)):
        if value not in TargetUnit.values:
            errors[name] = [_("Choose working hours or working days.")]
    for name, value in (("response_amount", response_amount), ("resolution_amount", resolution_amount)):
        if value is None or value < 1:
            errors[name] = [_("A target is at least 1.")]
    if not errors:
        day_hours = working_day_hours(calendar_for(level.organization))
        response = in_hours(response_amount, response_unit, day_hours)
        resolution = in_hours(resolution_amount, resolution_unit, day_hours)
        if response > day_hours:
            errors["response_amount"] = [
                _(
                    "Perwali Salatiga 41/2024 Pasal 9 ayat 2: every report is followed up within 1 working day "
                    "(%(hours)s working hours here), so the response target may not be longer."
                )
                % {"hours": _hours_text(day_hours)}
            ]
        elif resolution < response:
            errors["resolution_amount"] = [_("The resolution target may not be shorter than the response target.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(level, LEVEL_FIELDS)
    level.label = label
    level.response_amount, level.response_unit = response_amount, response_unit
    level.resolution_amount, level.resolution_unit = resolution_amount, resolution_unit
    level.save()
    changes = audit.changes_between(before, audit.snapshot(level, LEVEL_FIELDS))
    if changes:
        audit.record(action="helpdesk.priority_level.updated", by=by, target=level, changes=changes)
    return level


@transaction.atomic
def priority_matrix_update(*, organization, by, cells: dict[tuple[str, str], PriorityLevel]) -> None:
    """Set the priority of every urgency × impact cell (all nine, each a priority of this organisation)."""
    require(policies.can_manage_helpdesk_settings(by, organization))
    wanted = {(u, i) for u in Level.values for i in Level.values}
    if set(cells) != wanted:
        raise ValidationError(_("Choose a priority for every combination of urgency and impact."))
    if any(level is None or level.organization_id != organization.pk for level in cells.values()):
        raise ValidationError(_("Choose one of the organisation's priorities."))
    rules = {
        (rule.urgency, rule.impact): rule
        for rule in PriorityRule.objects.select_for_update().filter(organization=organization)
    }
    codes = dict(PriorityLevel.objects.filter(organization=organization).values_list("pk", "code"))
    changes = {}
    for (urgency, impact), level in sorted(cells.items()):
        rule = rules.get((urgency, impact))
        if rule is None:
            PriorityRule.objects.create(organization=organization, urgency=urgency, impact=impact, priority=level)
            changes[f"{urgency}×{impact}"] = [None, level.code]
        elif rule.priority_id != level.pk:
            changes[f"{urgency}×{impact}"] = [codes.get(rule.priority_id), level.code]
            rule.priority = level
            rule.save(update_fields=["priority"])
    if changes:
        audit.record(action="helpdesk.priority_matrix.updated", by=by, target=organization, changes=changes)


# --- the mailbox -------------------------------------------------------------------------------------------------
def _check_mailbox(values: dict, password: str, mailbox: Mailbox | None) -> None:
    """Refuse, field by field, the mailbox details that cannot work (a password is needed once)."""
    errors = {}
    try:
        validate_email(values["address"])
    except ValidationError:
        errors["address"] = _("Give a valid e-mail address.")
    if not values["host"]:
        errors["host"] = _("Give the IMAP server's name.")
    port = values["port"]
    if port is None or not 1 <= port <= 65535:
        errors["port"] = _("A port is a number from 1 to 65535 (IMAPS: 993, IMAP with STARTTLS: 143).")
    if not values["username"]:
        errors["username"] = _("Give the user name of the mailbox.")
    if not password and (mailbox is None or not mailbox.password):
        errors["password"] = _("Give the mailbox's password.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mailbox_update(
    *,
    organization,
    by,
    address: str,
    host: str,
    port: int,
    use_ssl: bool,
    username: str,
    password: str = "",
    folder: str = "INBOX",
    is_active: bool = True,
) -> Mailbox:
    """Set the IMAP mailbox polled for new tickets. The password is write-only: blank keeps the one stored, and it
    never appears in the audit trail (only that it was changed)."""
    require(policies.can_manage_helpdesk_settings(by, organization))
    values = {
        "address": (address or "").strip(),
        "host": (host or "").strip(),
        "port": port,
        "use_ssl": bool(use_ssl),
        "username": (username or "").strip(),
        "folder": (folder or "").strip() or "INBOX",
        "is_active": bool(is_active),
    }
    mailbox = Mailbox.objects.select_for_update().filter(organization=organization).first()
    _check_mailbox(values, password, mailbox)
    created = mailbox is None
    mailbox = mailbox or Mailbox(organization=organization)
    before = audit.snapshot(mailbox, MAILBOX_FIELDS) if not created else {}
    for name, value in values.items():
        setattr(mailbox, name, value)
    password_changed = bool(password) and password != mailbox.password
    if password:
        mailbox.password = password
    if created or password_changed or audit.changes_between(before, audit.snapshot(mailbox, MAILBOX_FIELDS)):
        mailbox.last_error = ""  # the next poll says whether the new details work
    mailbox.save()
    changes = audit.changes_between(before, audit.snapshot(mailbox, MAILBOX_FIELDS))
    if password_changed:
        changes["password"] = ["(hidden)", "(changed)"]  # the value itself is never written down
    if changes:
        audit.record(
            action="helpdesk.mailbox.created" if created else "helpdesk.mailbox.updated",
            by=by,
            target=mailbox,
            changes=changes,
        )
    return mailbox
