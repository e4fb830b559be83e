"""Working time: the clock the mutu baku (service standard) of every SOP step runs on.

An SOP says "1 hari" or "10 menit"; Perwali Salatiga 41/2024 Pasal 9 says a report is followed up "paling lama 1 (satu)
hari kerja". Those count working time of the organisation: its office hours per weekday, minus national holidays and
cuti bersama (the `holidays` package, Indonesia, public and government categories), minus the organisation's own days
off, plus the days it decides to work. This module is the arithmetic; `selectors.calendar_for(organization)` builds
one from the organisation's settings.

Units (DESIGN.md §2, issue "SOP engine" §5):
- detik, menit, jam: working time inside office hours (`add`, `working_time_between`);
- hari: working days — the same clock time on the n-th next working day, counted from the next opening when the
  start lies outside office hours (`add_working_days`, `working_days_between`);
- hari kalender: calendar days (`add_calendar_days`).
Measuring is the inverse of adding: `working_time_between(t, add(t, d)) == d` and
`working_days_between(t, add_working_days(t, n)) == n`.
Office hours are one period per day (breaks are not modelled: a step's clock does not stop at lunch).
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import holidays

# A typical pemda's office hours (5 working days, 37.5 hours a week): Monday–Thursday 07.30–16.00, Friday 07.30–16.30.
DEFAULT_HOURS: dict[int, tuple[datetime.time, datetime.time]] = {
    **{day: (datetime.time(7, 30), datetime.time(16, 0)) for day in range(4)},
    4: (datetime.time(7, 30), datetime.time(16, 30)),
}
MAX_SEARCH_DAYS = 3 * 366  # a calendar with no working day in three years is a configuration error
# The Indonesian names of the organisations' time zones, shown after every time (DESIGN.md §6).
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class NoWorkingTime(ValueError):
    """The calendar has no working time where some was needed (e.g. every weekday switched off)."""


@functools.lru_cache(maxsize=64)
def national_days_off(year: int) -> dict[datetime.date, str]:
    """National holidays and cuti bersama of a year, by date (names in Indonesian)."""
    found = holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")
    return dict(found.items())


@dataclass(frozen=True)
class WorkCalendar:
    timezone: str = "Asia/Jakarta"
    hours: Mapping[int, tuple[datetime.time, datetime.time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    extra_days_off: frozenset[datetime.date] = frozenset()
    # A date the organisation works although it is a weekend or holiday, with that day's hours.
    extra_working_days: Mapping[datetime.date, tuple[datetime.time, datetime.time]] = field(default_factory=dict)
    use_national_holidays: bool = True

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    # --- days ----------------------------------------------------------------------------------------------------
    def day_off_reason(self, day: datetime.date) -> str | None:
        """Why a date is not worked ("Sabtu", a holiday's name, the organisation's own reason), or None."""
        if day in self.extra_working_days:
            return None
        if day in self.extra_days_off:
            return "libur organisasi"
        if self.use_national_holidays and (name := national_days_off(day.year).get(day)):
            return name
        if day.weekday() not in self.hours:
            return "akhir pekan"
        return None

    def office_hours(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime] | None:
        """The working period of a date as aware instants, or None on a day off."""
        if self.day_off_reason(day) is not None:
            return None
        start, end = self.extra_working_days.get(day) or self.hours[day.weekday()]
        return (datetime.datetime.combine(day, start, self.zone), datetime.datetime.combine(day, end, self.zone))

    def is_working_day(self, day: datetime.date) -> bool:
        return self.office_hours(day) is not None

    def working_days(self, start: datetime.date) -> Iterable[tuple[datetime.datetime, datetime.datetime]]:
        """Office hours of `start` and every following working day."""
        day, idle = start, 0
        while True:
            period = self.office_hours(day)
            if period is not None:
                idle = 0
                yield period
            else:
                idle += 1
                if idle > MAX_SEARCH_DAYS:
                    raise NoWorkingTime("no working day in three years: check the organisation's working hours")
            day += datetime.timedelta(days=1)

    def is_working_time(self, instant: datetime.datetime) -> bool:
        period = self.office_hours(instant.astimezone(self.zone).date())
        return period is not None and period[0] <= instant <= period[1]

    def next_working_instant(self, instant: datetime.datetime) -> datetime.datetime:
        """`instant` itself when it is working time, else the next opening."""
        for opens, closes in self.working_days(instant.astimezone(self.zone).date()):
            if instant <= closes:
                return max(instant, opens)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- working time (detik, menit, jam) ------------------------------------------------------------------------
    def add(self, instant: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """The earliest instant at which `duration` of working time has passed since `instant`."""
        if duration < datetime.timedelta(0):
            raise ValueError("duration must not be negative")
        left = duration
        for opens, closes in self.working_days(instant.astimezone(self.zone).date()):
            if instant > closes:
                continue
            start = max(instant, opens)
            if start + left <= closes:
                return start + left
            left -= closes - start
        raise AssertionError("unreachable")  # pragma: no cover

    def working_time_between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        """Working time from `start` to `end` (zero when `end` is not after `start`)."""
        total = datetime.timedelta(0)
        if end <= start:
            return total
        for opens, closes in self.working_days(start.astimezone(self.zone).date()):
            if opens >= end:
                break
            overlap = min(closes, end) - max(opens, start)
            if overlap > datetime.timedelta(0):
                total += overlap
        return total

    # --- working days (hari) -------------------------------------------------------------------------------------
    def add_working_days(self, instant: datetime.datetime, days: int) -> datetime.datetime:
        """The same clock time on the `days`-th next working day (from the next opening if outside office hours);
        clamped to that day's office hours."""
        if days < 0:
            raise ValueError("days must not be negative")
        start = self.next_working_instant(instant).astimezone(self.zone)
        if days == 0:
            return start
        periods = iter(self.working_days(start.date()))
        next(periods)  # the start's own day
        for _ in range(days - 1):
            next(periods)
        opens, closes = next(periods)
        target = datetime.datetime.combine(opens.date(), start.timetz().replace(tzinfo=None), self.zone)
        return min(max(target, opens), closes)

    def working_days_between(self, start: datetime.datetime, end: datetime.datetime) -> int:
        """Whole working days elapsed: the largest n with `add_working_days(start, n) <= end` (0 if none)."""
        if end <= start:
            return 0
        first = self.next_working_instant(start).astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        count = sum(1 for _ in self._working_dates(first + datetime.timedelta(days=1), last))
        while count > 0 and self.add_working_days(start, count) > end:
            count -= 1
        return count

    def _working_dates(self, first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
        day = first
        while day <= last:
            if self.is_working_day(day):
                yield day
            day += datetime.timedelta(days=1)

    # --- calendar days (hari kalender) ---------------------------------------------------------------------------
    @staticmethod
    def add_calendar_days(instant: datetime.datetime, days: int) -> datetime.datetime:
        return instant + datetime.timedelta(days=days)


# --- the precision a due time is shown with ----------------------------------------------------------------------
# Due times are shown to the minute ("due 10.00 WIB"). A step completed within the minute shown is on time, one
# completed once the next minute has begun is late, wherever lateness is decided (a step's completion, the compliance
# counts, the overdue badges and sweeps, a ticket's service levels). So a due time is stored as the last instant of
# its minute, and every comparison (`now > due`, `due < now`, `due__lt=now`) agrees with what the page shows.
ONE_MINUTE = datetime.timedelta(minutes=1)


def start_of_minute(instant: datetime.datetime) -> datetime.datetime:
    """The instant with its seconds dropped: when a warning shown as "from 10.00" begins."""
    return instant.replace(second=0, microsecond=0)


def end_of_minute(instant: datetime.datetime) -> datetime.datetime:
    """The last instant of the minute `instant` falls in: a deadline shown as "10.00" holds until 10.00.59,999999.

    Indonesian zones (and UTC, where instants are stored) are whole hours apart, so the minute is the same in all.
    """
    return start_of_minute(instant) + ONE_MINUTE - datetime.timedelta(microseconds=1)
