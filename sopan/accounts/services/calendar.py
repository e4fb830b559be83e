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
from sopan.core.models import CalendarDay, RamadanHours, RamadanPeriod, Weekday, WorkingHours

MAX_RAMADAN_DAYS = 31  # a corrected Ramadan may start or end a day or two from the tables, not more

Hours = tuple[datetime.time, datetime.time]
Day = tuple[Hours, Hours | None]  # office hours and break of a weekday


def _check_period(period: Hours, label: str) -> None:
    starts, ends = period
    if ends <= starts:
        raise ValidationError(_("%(day)s: the closing time must be after the opening time.") % {"day": label})


def _check_break(period: Hours, pause: Hours | None, label: str) -> None:
    if pause is None:
        return
    if not period[0] < pause[0] < pause[1] < period[1]:
        raise ValidationError(
            _(
                "%(day)s: the break must start after opening, end after it starts and end before closing "
                "(e.g. 12.00–13.00 within 07.30–16.00)."
            )
            % {"day": label}
        )


def _check_days(days: dict[int, Day | None]) -> None:
    if set(days) != set(Weekday.values):
        raise ValueError("hours must name every weekday")
    for day, plan in days.items():
        if plan is not None:
            _check_period(plan[0], Weekday(day).label)
            _check_break(plan[0], plan[1], Weekday(day).label)


def _shown(plan: Day | None) -> str:
    """ "07.30–16.00 (12.00–13.00)", the break in brackets, for the audit trail, "-" for a day not worked."""
    if plan is None:
        return "-"
    (opens, closes), pause = plan
    text = f"{opens:%H.%M}–{closes:%H.%M}"
    return text + (f" ({pause[0]:%H.%M}–{pause[1]:%H.%M})" if pause else "")


def _day_changes(before: dict[int, Day], after: dict[int, Day | None]) -> dict[str, list[str]]:
    return {
        Weekday(day).name.lower(): [_shown(before.get(day)), _shown(plan)]
        for day, plan in sorted(after.items())
        if before.get(day) != plan
    }


def _recompute_due_times(organization) -> None:
    """Open SOP steps are due in working time: a changed calendar moves their due times (same transaction)."""
    modules.call("calendar_changed", organization=organization)


@transaction.atomic
def working_hours_set(
    *, organization, hours: dict[int, Hours | None], by, breaks: dict[int, Hours | None] | None = None
) -> None:
    """Set the office hours of every weekday (None: not worked) and the break of each worked weekday (none when
    absent). At least one weekday must be worked. Perpres 21/2023 leaves the detailed hours to each agency."""
    policies.require(policies.can_manage_organization(by, organization))
    breaks = breaks or {}
    days = {day: None if period is None else (period, breaks.get(day)) for day, period in hours.items()}
    _check_days(days)
    if all(plan is None for plan in days.values()):
        raise ValidationError(_("At least one day of the week must be a working day."))
    before = {
        row.weekday: (row.times, row.pause)
        for row in WorkingHours.objects.select_for_update().filter(organization=organization)
    }
    WorkingHours.objects.filter(organization=organization).delete()
    WorkingHours.objects.bulk_create(
        WorkingHours(organization=organization, weekday=day, **_row_fields(plan))
        for day, plan in sorted(days.items())
        if plan is not None
    )
    changes = _day_changes(before, days)
    if changes:
        audit.record(action="core.working_hours.updated", by=by, target=organization, changes=changes)
        _recompute_due_times(organization)


def _row_fields(plan: Day) -> dict:
    (starts, ends), pause = plan
    return {
        "starts_at": starts,
        "ends_at": ends,
        "break_starts": pause[0] if pause else None,
        "break_ends": pause[1] if pause else None,
    }


@transaction.atomic
def ramadan_period_set(
    *,
    organization,
    hijri_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours: dict[int, Day | None],
    by,
) -> RamadanPeriod:
    """Set the organisation's Ramadan of a Hijri year: its dates (e.g. as the sidang isbat fixed them) and the office
    hours and break of each weekday then (None: the week's hours apply). Replaces the Umm al-Qura default and
    RAMADAN_HOURS for that year only."""
    policies.require(policies.can_manage_organization(by, organization))
    _check_days(hours)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day of Ramadan must not be before its first day.")})
    if (ends_on - starts_on).days > MAX_RAMADAN_DAYS:
        raise ValidationError({"ends_on": _("Ramadan lasts 29 or 30 days: check the first and the last day.")})
    if all(plan is None for plan in hours.values()):
        raise ValidationError(_("Give the Ramadan hours of at least one day of the week."))
    clash = RamadanPeriod.objects.filter(
        organization=organization, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(hijri_year=hijri_year)
    if clash.exists():
        raise ValidationError({"starts_on": _("These dates overlap the Ramadan of another year.")})
    period = RamadanPeriod.objects.select_for_update().filter(organization=organization, hijri_year=hijri_year).first()
    before_dates, before = "-", {}
    if period is None:
        period = RamadanPeriod(organization=organization, hijri_year=hijri_year)
    else:
        before_dates = f"{period.starts_on:%d-%m-%Y}–{period.ends_on:%d-%m-%Y}"
        before = {row.weekday: (row.times, row.pause) for row in period.hours.all()}
    period.starts_on, period.ends_on = starts_on, ends_on
    period.full_clean(validate_constraints=False)
    period.save()
    period.hours.all().delete()
    RamadanHours.objects.bulk_create(
        RamadanHours(period=period, weekday=day, **_row_fields(plan))
        for day, plan in sorted(hours.items())
        if plan is not None
    )
    changes = _day_changes(before, hours)
    after_dates = f"{starts_on:%d-%m-%Y}–{ends_on:%d-%m-%Y}"
    if before_dates != after_dates:
        changes["dates"] = [before_dates, after_dates]
    if changes:
        changes["hijri_year"] = hijri_year
        audit.record(action="core.ramadan_period.updated", by=by, target=organization, changes=changes)
        _recompute_due_times(organization)
    return period


@transaction.atomic
def ramadan_period_remove(*, organization, hijri_year: int, by) -> None:
    """Return a year's Ramadan to the default (Umm al-Qura dates, RAMADAN_HOURS)."""
    policies.require(policies.can_manage_organization(by, organization))
    period = RamadanPeriod.objects.select_for_update().filter(organization=organization, hijri_year=hijri_year).first()
    if period is None:
        return
    audit.record(
        action="core.ramadan_period.removed",
        by=by,
        target=organization,
        changes={"hijri_year": hijri_year, "dates": f"{period.starts_on:%d-%m-%Y}–{period.ends_on:%d-%m-%Y}"},
    )
    period.delete()
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
