"""Writes of the organisation's working-time calendar (office hours, own days off and working days): organisation
administration, on the calendar model and arithmetic of the kernel (core.models, core.calendar).

Every change is checked (the organisation's administrators), validated and audited in one transaction; the apps that
keep due times in working time follow it through the `calendar_changed` hook (sop: open steps' due times).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.accounts import policies
from sopan.core import audit, modules
from sopan.core.calendar import national_days_off
from sopan.core.models import CalendarDay, Weekday, WorkingHours

Hours = tuple[datetime.time, datetime.time]


def _check_period(period: Hours, label: str) -> None:
    starts, ends = period
    if ends <= starts:
        raise ValidationError(_("%(day)s: the closing time must be after the opening time.") % {"day": label})


def _recompute_due_times(organization) -> None:
    """Open SOP steps are due in working time: a changed calendar moves their due times (same transaction)."""
    modules.call("calendar_changed", organization=organization)


@transaction.atomic
def working_hours_set(*, organization, hours: dict[int, Hours | None], by) -> None:
    """Set the office hours of every weekday (None: not worked). At least one weekday must be worked."""
    policies.require(policies.can_manage_organization(by, organization))
    if set(hours) != set(Weekday.values):
        raise ValueError("hours must name every weekday")
    for day, period in hours.items():
        if period is not None:
            _check_period(period, Weekday(day).label)
    if all(period is None for period in hours.values()):
        raise ValidationError(_("At least one day of the week must be a working day."))
    before = {
        row.weekday: (row.starts_at, row.ends_at)
        for row in WorkingHours.objects.select_for_update().filter(organization=organization)
    }
    WorkingHours.objects.filter(organization=organization).delete()
    WorkingHours.objects.bulk_create(
        WorkingHours(organization=organization, weekday=day, starts_at=period[0], ends_at=period[1])
        for day, period in sorted(hours.items())
        if period is not None
    )

    def shown(period):
        return f"{period[0]:%H.%M}–{period[1]:%H.%M}" if period else "-"

    changes = {
        Weekday(day).name.lower(): [shown(before.get(day)), shown(period)]
        for day, period in sorted(hours.items())
        if before.get(day) != period
    }
    if changes:
        audit.record(action="core.working_hours.updated", by=by, target=organization, changes=changes)
        _recompute_due_times(organization)


@transaction.atomic
def calendar_day_add(
    *, organization, date: datetime.date, is_working: bool, reason: str, by, hours: Hours | None = None
) -> CalendarDay:
    """Declare an extra day off, or a working day on a weekend or holiday (with its hours)."""
    policies.require(policies.can_manage_organization(by, organization))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason, e.g. the decree or the occasion.")})
    if is_working:
        if hours is None:
            raise ValidationError({"starts_at": _("Give the office hours of this working day.")})
        _check_period(hours, date.strftime("%d-%m-%Y"))
    if CalendarDay.objects.filter(organization=organization, date=date).exists():
        raise ValidationError({"date": _("This date already has an entry; remove it first.")})
    day = CalendarDay(
        organization=organization,
        date=date,
        is_working=is_working,
        reason=reason.strip(),
        starts_at=hours[0] if is_working else None,
        ends_at=hours[1] if is_working else None,
    )
    day.full_clean()
    day.save()
    audit.record(
        action="core.calendar_day.created",
        by=by,
        target=day,
        changes={
            "date": date,
            "is_working": is_working,
            "reason": day.reason,
            "national_holiday": national_days_off(date.year).get(date, ""),
        },
    )
    _recompute_due_times(organization)
    return day


@transaction.atomic
def calendar_day_remove(*, day: CalendarDay, by) -> None:
    policies.require(policies.can_manage_organization(by, day))
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    audit.record(
        action="core.calendar_day.removed",
        by=by,
        target=day,
        changes={"date": day.date, "is_working": day.is_working, "reason": day.reason},
    )
    organization = day.organization
    day.delete()
    _recompute_due_times(organization)
