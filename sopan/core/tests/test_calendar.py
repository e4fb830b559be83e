"""The working-time calendar: property tests over instants and durations, known holidays, and the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sopan.accounts.services import calendar as services
from sopan.core import selectors
from sopan.core.calendar import NoWorkingTime, WorkCalendar
from sopan.core.models import AuditEvent

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English here; the screens check what people read."""
    with translation.override("en"):
        yield


T = dt.time

DEFAULT = WorkCalendar()
# A unit in eastern Indonesia working Saturday mornings, with its own day off and a Sunday it works.
CUSTOM = WorkCalendar(
    timezone="Asia/Jayapura",
    hours={0: (T(8), T(16)), 1: (T(8), T(16)), 2: (T(8), T(16)), 3: (T(8), T(16)), 4: (T(8), T(11)), 5: (T(8), T(12))},
    extra_days_off=frozenset({dt.date(2026, 7, 1)}),
    extra_working_days={dt.date(2026, 3, 22): (T(9), T(12))},
)
CALENDARS = st.sampled_from([DEFAULT, CUSTOM])
INSTANTS = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 6, 30), timezones=st.just(dt.UTC)
)
DURATIONS = st.integers(min_value=0, max_value=120 * 60).map(lambda m: dt.timedelta(minutes=m))
DAYS = st.integers(min_value=0, max_value=40)


@settings(max_examples=300, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS)
def test_adding_working_time_then_measuring_gives_it_back(calendar, start, duration):
    due = calendar.add(start, duration)
    assert calendar.working_time_between(start, due) == duration


@settings(max_examples=300, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS.filter(lambda d: d > dt.timedelta(0)))
def test_a_due_time_never_lands_outside_working_time(calendar, start, duration):
    assert calendar.is_working_time(calendar.add(start, duration))


@settings(max_examples=200, deadline=None)
@given(CALENDARS, INSTANTS, INSTANTS, DURATIONS, DURATIONS)
def test_adding_is_monotonic(calendar, t1, t2, d1, d2):
    t1, t2 = sorted((t1, t2))
    d1, d2 = sorted((d1, d2))
    assert calendar.add(t1, d1) <= calendar.add(t1, d2)
    assert calendar.add(t1, d1) <= calendar.add(t2, d1)


@settings(max_examples=200, deadline=None)
@given(CALENDARS, INSTANTS, INSTANTS, INSTANTS)
def test_measuring_adds_up(calendar, a, b, c):
    a, b, c = sorted((a, b, c))
    assert calendar.working_time_between(a, c) == (
        calendar.working_time_between(a, b) + calendar.working_time_between(b, c)
    )


@settings(max_examples=300, deadline=None)
@given(CALENDARS, INSTANTS, DAYS)
def test_working_days_round_trip_and_land_in_working_time(calendar, start, days):
    due = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, due) == days
    assert calendar.is_working_time(due)
    assert due >= start


@settings(max_examples=200, deadline=None)
@given(CALENDARS, INSTANTS, DAYS, DAYS)
def test_working_days_are_monotonic(calendar, start, n1, n2):
    n1, n2 = sorted((n1, n2))
    assert calendar.add_working_days(start, n1) <= calendar.add_working_days(start, n2)


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Thursday before Nyepi 2025 (Fri 28 Mar cuti bersama) and Idul Fitri 1446 H (31 Mar–7 Apr with cuti bersama)
        (wib(2025, 3, 27, 10, 0), 1, wib(2025, 4, 8, 10, 0)),
        # Tuesday before Nyepi and Idul Fitri 1447 H (18–24 Mar 2026, cuti bersama included)
        (wib(2026, 3, 17, 15, 0), 1, wib(2026, 3, 25, 15, 0)),
        # Christmas 2026: 24 Dec cuti bersama, 25 Dec Natal, then the weekend
        (wib(2026, 12, 23, 9, 0), 1, wib(2026, 12, 28, 9, 0)),
        # A report on Friday evening is followed up within 1 working day: by Monday evening (Perwali 41/2024 Pasal 9)
        (wib(2026, 11, 20, 19, 0), 1, wib(2026, 11, 24, 7, 30)),
        # A Thursday report at 16.10 (after closing): counted from Friday's opening
        (wib(2026, 11, 19, 16, 10), 1, wib(2026, 11, 23, 7, 30)),
        # A Friday 16.15 clock time clamps to Monday–Thursday's 16.00 closing
        (wib(2026, 11, 20, 16, 15), 1, wib(2026, 11, 23, 16, 0)),
    ],
)
def test_known_working_days(start, days, due):
    assert DEFAULT.add_working_days(start, days) == due


def test_known_working_hours_across_idul_fitri_2025():
    # Thursday 27 March 2025 10.00 (Ramadan 1446 H: 08.00–15.00, break 12.00–12.30) + 8 working hours: 4.5 hours on
    # Thursday, 3.5 on Tuesday 8 April after the holidays (07.30–11.00, before the 12.00 break)
    assert DEFAULT.add(wib(2025, 3, 27, 10, 0), dt.timedelta(hours=8)) == wib(2025, 4, 8, 11, 0)


def test_ten_minutes_and_ten_seconds_of_the_telephone_sop_count_office_time():
    """SOP Penanganan Permasalahan melalui Telepon: 10 detik to answer, 10 menit to handle — within office hours."""
    assert DEFAULT.add(wib(2026, 11, 23, 9, 0), dt.timedelta(seconds=10)) == wib(2026, 11, 23, 9, 0, 10)
    assert DEFAULT.add(wib(2026, 11, 23, 15, 55), dt.timedelta(minutes=10)) == wib(2026, 11, 24, 7, 35)


def test_calendar_days_ignore_holidays():
    assert DEFAULT.add_calendar_days(wib(2026, 3, 17, 15, 0), 7) == wib(2026, 3, 24, 15, 0)


def test_working_dates_leave_out_weekends_and_days_off():
    # 28 March – 7 April 2025: Nyepi (29 March), Idul Fitri and its cuti bersama (31 March – 7 April)
    dates = list(DEFAULT.working_dates(dt.date(2025, 3, 27), dt.date(2025, 4, 9)))
    assert dates == [dt.date(2025, 3, 27), dt.date(2025, 4, 8), dt.date(2025, 4, 9)]
    assert list(DEFAULT.working_dates(dt.date(2026, 1, 6), dt.date(2026, 1, 5))) == []


def test_holidays_are_named_in_indonesian():
    assert DEFAULT.day_off_reason(dt.date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert DEFAULT.day_off_reason(dt.date(2026, 11, 21)) == "akhir pekan"
    assert DEFAULT.day_off_reason(dt.date(2026, 11, 23)) is None


def test_custom_calendar_works_its_declared_sunday_and_rests_its_own_day():
    assert CUSTOM.office_hours(dt.date(2026, 3, 22)) is not None  # Sunday, Idul Fitri's second day, yet worked
    assert CUSTOM.office_hours(dt.date(2026, 7, 1)) is None  # a Wednesday the organisation rests


def test_a_week_without_working_days_is_reported():
    with pytest.raises(NoWorkingTime):
        WorkCalendar(hours={}).add(wib(2026, 1, 5, 8, 0), dt.timedelta(hours=1))


# --- the organisation's calendar ---------------------------------------------------------------------------------
WEEK = {
    0: (T(7, 30), T(16)),
    1: (T(7, 30), T(16)),
    2: (T(7, 30), T(16)),
    3: (T(7, 30), T(16)),
    4: (T(7, 30), T(11, 30)),
    5: None,
    6: None,
}


def test_organisation_without_settings_uses_the_pemda_defaults(organization):
    calendar = selectors.calendar_for(organization)
    assert calendar.hours[4] == (T(7, 30), T(16, 30)) and 5 not in calendar.hours
    assert calendar.timezone == "Asia/Jakarta"


def test_administrator_sets_office_hours_and_days(organization, lpse_head, django_assert_num_queries):
    services.working_hours_set(organization=organization, hours=WEEK, by=lpse_head)
    services.calendar_day_add(
        organization=organization,
        date=dt.date(2026, 7, 24),
        is_working=False,
        reason="Hari Jadi Kota Salatiga",
        by=lpse_head,
    )
    services.calendar_day_add(
        organization=organization,
        date=dt.date(2026, 11, 28),
        is_working=True,
        hours=(T(8), T(12)),
        reason="Layanan verifikasi akhir pekan",
        by=lpse_head,
    )
    with django_assert_num_queries(3):  # hours, own days, Ramadan periods with their hours
        calendar = selectors.calendar_for(organization)
    assert calendar.hours[4] == (T(7, 30), T(11, 30))
    assert not calendar.is_working_day(dt.date(2026, 7, 24))
    assert calendar.office_hours(dt.date(2026, 11, 28))[0] == wib(2026, 11, 28, 8, 0)
    event = AuditEvent.objects.get(action="core.working_hours.updated")
    assert event.changes["friday"] == ["-", "07.30–11.30"]


def test_a_week_with_no_working_day_is_refused(organization, lpse_head):
    with pytest.raises(ValidationError, match="At least one day"):
        services.working_hours_set(organization=organization, hours=dict.fromkeys(range(7)), by=lpse_head)


def test_closing_before_opening_is_refused(organization, lpse_head):
    with pytest.raises(ValidationError):
        services.working_hours_set(organization=organization, hours={**WEEK, 0: (T(16), T(8))}, by=lpse_head)


def test_a_working_day_needs_hours_and_a_date_only_one_entry(organization, lpse_head):
    with pytest.raises(ValidationError):
        services.calendar_day_add(
            organization=organization, date=dt.date(2026, 11, 28), is_working=True, reason="Sabtu kerja", by=lpse_head
        )
    services.calendar_day_add(
        organization=organization, date=dt.date(2026, 7, 24), is_working=False, reason="Hari Jadi", by=lpse_head
    )
    with pytest.raises(ValidationError, match="already"):
        services.calendar_day_add(
            organization=organization, date=dt.date(2026, 7, 24), is_working=False, reason="Lagi", by=lpse_head
        )


@pytest.mark.parametrize("persona", ["verifier", "helpdesk_agent", "outsider"])
def test_only_the_organisations_administrators_change_its_calendar(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        services.working_hours_set(organization=organization, hours=WEEK, by=personas[persona])


def test_removing_a_day_is_audited(organization, lpse_head):
    day = services.calendar_day_add(
        organization=organization, date=dt.date(2026, 7, 24), is_working=False, reason="Hari Jadi", by=lpse_head
    )
    services.calendar_day_remove(day=day, by=lpse_head)
    assert selectors.calendar_for(organization).is_working_day(dt.date(2026, 7, 24))
    assert AuditEvent.objects.filter(action="core.calendar_day.removed").exists()
