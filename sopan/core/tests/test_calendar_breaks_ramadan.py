"""Breaks and Ramadan hours of the working calendar (issue 16 §8, Perpres 21/2023): property tests over the default
calendar and an organisation's own Ramadan, the two examples of the issue, and the Ramadan services."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sopan.accounts.services import calendar as services
from sopan.core import selectors
from sopan.core.calendar import RAMADAN_BREAKS, RAMADAN_HOURS, Season, WorkCalendar, ramadan_dates
from sopan.core.models import AuditEvent

WIB = ZoneInfo("Asia/Jakarta")
T = dt.time


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


DEFAULT = WorkCalendar()
# An organisation that moved Ramadan 1447 H a day later (sidang isbat) and works 08.00–14.00 then, break 12.00–12.30.
OWN_RAMADAN = WorkCalendar(
    ramadan=(
        Season(
            first=dt.date(2026, 2, 19),
            last=dt.date(2026, 3, 20),
            hours=dict.fromkeys(range(5), (T(8), T(14))),
            breaks=dict.fromkeys(range(5), (T(12), T(12, 30))),
            hijri_year=1447,
        ),
    )
)
CALENDARS = st.sampled_from([DEFAULT, OWN_RAMADAN])
# Around Ramadan 1447 H (18 February – 19 March 2026, Umm al-Qura), with the weeks before and after it.
INSTANTS = st.datetimes(
    min_value=dt.datetime(2026, 2, 2), max_value=dt.datetime(2026, 4, 10), timezones=st.just(dt.UTC)
)
DURATIONS = st.integers(min_value=0, max_value=30 * 60).map(lambda m: dt.timedelta(minutes=m))


def in_a_break(calendar: WorkCalendar, instant: dt.datetime) -> bool:
    """Strictly inside the break of its day (its ends are working time: a due time may be 12.00 or 13.00)."""
    intervals = calendar.working_intervals(instant.astimezone(WIB).date())
    return any(a[1] < instant < b[0] for a, b in itertools.pairwise(intervals))


@settings(max_examples=150, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS)
def test_adding_then_measuring_across_breaks_and_ramadan_gives_it_back(calendar, start, duration):
    due = calendar.add(start, duration)
    assert calendar.working_time_between(start, due) == duration
    if duration:
        assert calendar.is_working_time(due) and not in_a_break(calendar, due)


@settings(max_examples=100, deadline=None)
@given(CALENDARS, INSTANTS, INSTANTS, DURATIONS, DURATIONS)
def test_adding_across_breaks_and_ramadan_is_monotonic(calendar, t1, t2, d1, d2):
    t1, t2 = sorted((t1, t2))
    d1, d2 = sorted((d1, d2))
    assert calendar.add(t1, d1) <= calendar.add(t1, d2)
    assert calendar.add(t1, d1) <= calendar.add(t2, d1)


@settings(max_examples=100, deadline=None)
@given(CALENDARS, INSTANTS, st.integers(min_value=0, max_value=15))
def test_working_days_across_ramadan_round_trip_and_never_land_in_a_break(calendar, start, days):
    due = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, due) == days
    assert calendar.is_working_time(due) and not in_a_break(calendar, due)


@settings(max_examples=100, deadline=None)
@given(CALENDARS, INSTANTS)
def test_no_working_time_is_counted_inside_a_break_or_outside_the_days_hours(calendar, instant):
    day = instant.astimezone(WIB).date()
    plan = calendar.day_plan(day)
    start = dt.datetime.combine(day, T(0), WIB)
    counted = calendar.working_time_between(start, start + dt.timedelta(days=1))
    assert counted == calendar.working_time_on(day)
    if plan is not None and plan[1] is not None:
        pause = [dt.datetime.combine(day, t, WIB) for t in plan[1]]
        assert calendar.working_time_between(*pause) == dt.timedelta(0)


# --- the examples of issue 16 §8 -----------------------------------------------------------------------------------
def test_two_hours_from_wednesday_eleven_skip_the_lunch_break():
    """ "2 jam" from Wednesday 11.00: one hour to 12.00, the break 12.00–13.00, one more hour: due at 14.00."""
    assert DEFAULT.add(wib(2026, 11, 25, 11, 0), dt.timedelta(hours=2)) == wib(2026, 11, 25, 14, 0)


def test_ten_minutes_from_14_55_on_a_ramadan_monday_are_due_the_next_morning():
    """ "10 menit" from Monday 2 March 2026 (12 Ramadan 1447 H) 14.55: the office closes at 15.00, so 5 minutes are
    left for Tuesday from 08.00."""
    assert DEFAULT.add(wib(2026, 3, 2, 14, 55), dt.timedelta(minutes=10)) == wib(2026, 3, 3, 8, 5)


def test_a_week_holds_37_5_working_hours_and_a_ramadan_week_32_5():
    def week(monday: dt.date) -> dt.timedelta:
        return sum((DEFAULT.working_time_on(monday + dt.timedelta(days=n)) for n in range(7)), dt.timedelta(0))

    assert week(dt.date(2026, 11, 23)) == dt.timedelta(hours=37, minutes=30)
    assert week(dt.date(2026, 3, 2)) == dt.timedelta(hours=32, minutes=30)


def test_the_default_ramadan_follows_the_umm_al_qura_calendar():
    assert ramadan_dates(1447) == (dt.date(2026, 2, 18), dt.date(2026, 3, 19))
    assert DEFAULT.season_for(dt.date(2026, 2, 17)) is None
    assert DEFAULT.season_for(dt.date(2026, 2, 18)).hijri_year == 1447
    assert DEFAULT.season_for(dt.date(2027, 2, 8)).hijri_year == 1448
    # the organisation's own dates replace the default of that year only
    assert OWN_RAMADAN.season_for(dt.date(2026, 2, 18)) is None
    assert OWN_RAMADAN.office_hours(dt.date(2026, 3, 20)) is None  # Idul Fitri stays a holiday


def test_a_working_day_counted_into_ramadan_keeps_its_clock_time_inside_the_ramadan_hours():
    # Friday 13 February 2026 15.30 + 1 hari: Monday (cuti bersama) and Tuesday (Tahun Baru Imlek) are off, and
    # Wednesday is 1 Ramadan 1447 H, closing at 15.00
    assert DEFAULT.add_working_days(wib(2026, 2, 13, 15, 30), 1) == wib(2026, 2, 18, 15, 0)
    # Thursday 11.45 + 1 hari lands in Friday's break (11.30–13.00): at its end
    assert DEFAULT.add_working_days(wib(2026, 11, 26, 11, 45), 1) == wib(2026, 11, 27, 13, 0)


# --- the organisation's Ramadan ------------------------------------------------------------------------------------
def ramadan_week(opens=T(8), closes=T(15), pause=(T(12), T(12, 30))) -> dict:
    return {day: ((opens, closes), pause) if day < 5 else None for day in range(7)}


def test_administrator_sets_the_ramadan_of_a_year(organization, lpse_head):
    services.ramadan_period_set(
        organization=organization,
        hijri_year=1447,
        starts_on=dt.date(2026, 2, 19),
        ends_on=dt.date(2026, 3, 20),
        hours=ramadan_week(closes=T(14)),
        by=lpse_head,
    )
    calendar = selectors.calendar_for(organization)
    assert calendar.season_for(dt.date(2026, 2, 18)) is None  # Umm al-Qura's 1 Ramadan is no longer Ramadan here
    assert calendar.office_hours(dt.date(2026, 3, 2))[1] == wib(2026, 3, 2, 14, 0)
    assert calendar.add(wib(2026, 3, 2, 13, 55), dt.timedelta(minutes=10)) == wib(2026, 3, 3, 8, 5)
    assert calendar.season_for(dt.date(2027, 2, 8)).hours == RAMADAN_HOURS  # other years keep the default
    event = AuditEvent.objects.get(action="core.ramadan_period.updated")
    assert event.changes["dates"] == ["-", "19-02-2026–20-03-2026"]
    assert event.changes["monday"] == ["-", "08.00–14.00 (12.00–12.30)"]
    services.ramadan_period_remove(organization=organization, hijri_year=1447, by=lpse_head)
    assert selectors.calendar_for(organization).season_for(dt.date(2026, 2, 18)).breaks == RAMADAN_BREAKS
    assert AuditEvent.objects.filter(action="core.ramadan_period.removed").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": dt.date(2026, 2, 1)}, "must not be before its first day"),
        ({"ends_on": dt.date(2026, 4, 30)}, "29 or 30 days"),
        ({"hours": ramadan_week(pause=(T(7), T(8, 30)))}, "the break must start after opening"),
        ({"hours": dict.fromkeys(range(7))}, "at least one day"),
    ],
)
def test_bad_ramadan_settings_are_refused_and_change_nothing(organization, lpse_head, change, message):
    arguments = {"starts_on": dt.date(2026, 2, 18), "ends_on": dt.date(2026, 3, 19), "hours": ramadan_week()}
    with pytest.raises(ValidationError, match=message):
        services.ramadan_period_set(organization=organization, hijri_year=1447, by=lpse_head, **{**arguments, **change})
    assert selectors.calendar_for(organization).ramadan == ()


def test_a_break_outside_the_office_hours_is_refused_for_the_week(organization, lpse_head):
    hours = {day: (T(7, 30), T(16)) if day < 5 else None for day in range(7)}
    with pytest.raises(ValidationError, match="the break must start after opening"):
        services.working_hours_set(organization=organization, hours=hours, breaks={0: (T(15), T(17))}, by=lpse_head)


@pytest.mark.parametrize("persona", ["verifier", "helpdesk_agent", "outsider"])
def test_only_the_organisations_administrators_set_its_ramadan(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        services.ramadan_period_set(
            organization=organization,
            hijri_year=1447,
            starts_on=dt.date(2026, 2, 18),
            ends_on=dt.date(2026, 3, 19),
            hours=ramadan_week(),
            by=personas[persona],
        )
