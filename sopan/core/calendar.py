"""Working time: the clock the mutu baku (service standard) of every SOP step runs on.

An SOP says "1 hari" or "10 menit"; Perwali Salatiga 41/2024 Pasal 9 says a report is followed up "paling lama 1 (satu)
hari kerja". Those count working time of the organisation: its office hours per weekday less the break, minus national
holidays and cuti bersama (the `holidays` package, Indonesia, public and government categories), minus the
organisation's own days off, plus the days it decides to work, with other hours during Ramadan. This module is the
arithmetic; `selectors.calendar_for(organization)` builds one from the organisation's settings, and every due time
(SOP steps, the helpdesk's service levels) is computed on that one calendar.

The defaults follow Perpres 21/2023 (Hari Kerja dan Jam Kerja Instansi Pemerintah dan Pegawai ASN): 5 working days,
Monday to Friday; 37 jam 30 menit a week not counting breaks, starting at 07.30 local time; a break of 90 minutes on
Friday and 60 minutes on the other days. During Ramadan 32 jam 30 menit a week from 08.00, breaks of 60 minutes on
Friday and 30 minutes on the other days. The Perpres leaves the detailed hours and breaks to each agency's PPK or head,
so the clock times below are the usual ones and every organisation sets its own:
- the week: Monday–Thursday 07.30–16.00, break 12.00–13.00; Friday 07.30–16.30, break 11.30–13.00 (4 × 7.5 + 7.5 h);
- Ramadan: Monday–Thursday 08.00–15.00, break 12.00–12.30; Friday 08.00–15.30, break 11.30–12.30 (4 × 6.5 + 6.5 h),
  as Surat Edaran MenPANRB 6/2023 (Ramadan 1444 H) set them for five-day agencies; since 2024 the ministry points to
  the Perpres instead of a yearly circular.
Ramadan runs by default from 1 Ramadan to its last day in the Umm al-Qura calendar (`hijridate`); the government's
sidang isbat may start it a day apart, so each organisation can correct the dates and the hours of a year.

Units (DESIGN.md §2, issue "SOP engine" §5):
- detik, menit, jam: working time inside office hours, breaks excluded (`add`, `working_time_between`);
- hari: working days — the same clock time on the n-th next working day, counted from the next opening when the
  start lies outside working time, moved into that day's working time (`add_working_days`, `working_days_between`);
- hari kalender: calendar days (`add_calendar_days`).
Measuring is the inverse of adding: `working_time_between(t, add(t, d)) == d` and
`working_days_between(t, add_working_days(t, n)) == n`.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import holidays
from hijridate import Gregorian, Hijri

T = datetime.time
Period = tuple[datetime.time, datetime.time]
Interval = tuple[datetime.datetime, datetime.datetime]

# Perpres 21/2023: a typical pemda's week (5 working days, 37.5 hours a week without the breaks).
DEFAULT_HOURS: dict[int, Period] = {**{day: (T(7, 30), T(16)) for day in range(4)}, 4: (T(7, 30), T(16, 30))}
DEFAULT_BREAKS: dict[int, Period] = {**{day: (T(12), T(13)) for day in range(4)}, 4: (T(11, 30), T(13))}
# Ramadan (32.5 hours a week; SE MenPANRB 6/2023 for five-day agencies).
RAMADAN_HOURS: dict[int, Period] = {**{day: (T(8), T(15)) for day in range(4)}, 4: (T(8), T(15, 30))}
RAMADAN_BREAKS: dict[int, Period] = {**{day: (T(12), T(12, 30)) for day in range(4)}, 4: (T(11, 30), T(12, 30))}
RAMADAN = 9  # the ninth month of the Hijri year
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


@functools.lru_cache(maxsize=256)
def ramadan_dates(hijri_year: int) -> tuple[datetime.date, datetime.date] | None:
    """1 Ramadan and the last day of Ramadan of a Hijri year (Umm al-Qura), or None outside the tables
    (hijridate covers 1343–1500 H, 1924–2077)."""
    try:
        first = Hijri(hijri_year, RAMADAN, 1).to_gregorian()
        after = Hijri(hijri_year, RAMADAN + 1, 1).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return datetime.date(first.year, first.month, first.day), datetime.date(after.year, after.month, after.day) - (
        datetime.timedelta(days=1)
    )


def hijri_year_of(day: datetime.date) -> int | None:
    """The Hijri year a date falls in (Umm al-Qura), or None outside the tables."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


@functools.lru_cache(maxsize=64)
def ramadans_of_year(year: int) -> tuple[tuple[int, datetime.date, datetime.date], ...]:
    """The Ramadans (Hijri year, first, last day) that touch a Gregorian year."""
    first_hijri = hijri_year_of(datetime.date(year, 1, 1)) or hijri_year_of(datetime.date(year, 12, 31))
    if first_hijri is None:
        return ()
    found = []
    for hijri_year in (first_hijri - 1, first_hijri, first_hijri + 1):
        dates = ramadan_dates(hijri_year)
        if dates and dates[0].year <= year <= dates[1].year:
            found.append((hijri_year, *dates))
    return tuple(found)


@dataclass(frozen=True)
class Season:
    """Dated office hours replacing the week's (Ramadan): per weekday its hours and break; a weekday it does not
    name keeps the week's hours, a weekday the week does not work stays off."""

    first: datetime.date
    last: datetime.date
    hours: Mapping[int, Period] = field(default_factory=lambda: dict(RAMADAN_HOURS))
    breaks: Mapping[int, Period] = field(default_factory=lambda: dict(RAMADAN_BREAKS))
    hijri_year: int | None = None


def split_by_break(opens: datetime.datetime, closes: datetime.datetime, pause: Interval | None) -> list[Interval]:
    """The working intervals of a day: its office hours less the part of the break that falls inside them."""
    if pause is None:
        return [(opens, closes)]
    starts, ends = max(pause[0], opens), min(pause[1], closes)
    if starts >= ends:
        return [(opens, closes)]
    return [(a, b) for a, b in ((opens, starts), (ends, closes)) if a < b]


@dataclass(frozen=True)
class WorkCalendar:
    timezone: str = "Asia/Jakarta"
    hours: Mapping[int, Period] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    # One break per weekday; a break outside the day's hours has no effect.
    breaks: Mapping[int, Period] = field(default_factory=lambda: dict(DEFAULT_BREAKS))
    extra_days_off: frozenset[datetime.date] = frozenset()
    # A date the organisation works although it is a weekend or holiday, with that day's hours (no break).
    extra_working_days: Mapping[datetime.date, Period] = field(default_factory=dict)
    use_national_holidays: bool = True
    # The organisation's own Ramadan periods; each replaces the default of its Hijri year.
    ramadan: tuple[Season, ...] = ()
    # Ramadan of the years the organisation did not set: Umm al-Qura dates with these hours.
    default_ramadan: bool = True
    ramadan_hours: Mapping[int, Period] = field(default_factory=lambda: dict(RAMADAN_HOURS))
    ramadan_breaks: Mapping[int, Period] = field(default_factory=lambda: dict(RAMADAN_BREAKS))

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

    def season_for(self, day: datetime.date) -> Season | None:
        """The Ramadan period a date falls in: the organisation's own, else the Umm al-Qura default of a year it did
        not set."""
        for season in self.ramadan:
            if season.first <= day <= season.last:
                return season
        if not self.default_ramadan:
            return None
        own_years = {season.hijri_year for season in self.ramadan}
        for hijri_year, first, last in ramadans_of_year(day.year):
            if first <= day <= last and hijri_year not in own_years:
                return Season(first, last, self.ramadan_hours, self.ramadan_breaks, hijri_year)
        return None

    def day_plan(self, day: datetime.date) -> tuple[Period, Period | None] | None:
        """A date's office hours and break as clock times, or None on a day off."""
        if self.day_off_reason(day) is not None:
            return None
        if day in self.extra_working_days:
            return self.extra_working_days[day], None
        weekday = day.weekday()
        season = self.season_for(day)
        if season is not None and weekday in season.hours:
            return season.hours[weekday], season.breaks.get(weekday)
        return self.hours[weekday], self.breaks.get(weekday)

    def _aware(self, day: datetime.date, period: Period) -> Interval:
        combine = datetime.datetime.combine
        return combine(day, period[0], self.zone), combine(day, period[1], self.zone)

    def office_hours(self, day: datetime.date) -> Interval | None:
        """The office hours of a date (opening to closing, the break inside) as aware instants, or None on a day
        off."""
        plan = self.day_plan(day)
        return None if plan is None else self._aware(day, plan[0])

    def working_intervals(self, day: datetime.date) -> list[Interval]:
        """The working time of a date: its office hours less its break (empty on a day off)."""
        plan = self.day_plan(day)
        if plan is None:
            return []
        opens, closes = self._aware(day, plan[0])
        return split_by_break(opens, closes, plan[1] and self._aware(day, plan[1]))

    def is_working_day(self, day: datetime.date) -> bool:
        return self.day_plan(day) is not None

    def _days(self, start: datetime.date) -> Iterator[tuple[datetime.date, list[Interval]]]:
        """Every working day from `start` on, with its working intervals."""
        day, idle = start, 0
        while True:
            intervals = self.working_intervals(day)
            if intervals:
                idle = 0
                yield day, intervals
            else:
                idle += 1
                if idle > MAX_SEARCH_DAYS:
                    raise NoWorkingTime("no working day in three years: check the organisation's working hours")
            day += datetime.timedelta(days=1)

    def working_days(self, start: datetime.date) -> Iterable[Interval]:
        """Office hours of `start` and every following working day."""
        for _day, intervals in self._days(start):
            yield intervals[0][0], intervals[-1][1]

    def _intervals(self, start: datetime.date) -> Iterator[Interval]:
        for _day, intervals in self._days(start):
            yield from intervals

    def is_working_time(self, instant: datetime.datetime) -> bool:
        """Whether `instant` lies in working time (an interval's ends included: a due time may be 12.00 or 16.00)."""
        intervals = self.working_intervals(instant.astimezone(self.zone).date())
        return any(opens <= instant <= closes for opens, closes in intervals)

    def next_working_instant(self, instant: datetime.datetime) -> datetime.datetime:
        """`instant` itself when it is working time, else the next opening (the end of a break, the next day)."""
        for opens, closes in self._intervals(instant.astimezone(self.zone).date()):
            if instant <= closes:
                return max(instant, opens)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- working time (detik, menit, jam) ------------------------------------------------------------------------
    def add(self, instant: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """The earliest instant at which `duration` of working time has passed since `instant`."""
        if duration < datetime.timedelta(0):
            raise ValueError("duration must not be negative")
        left = duration
        for opens, closes in self._intervals(instant.astimezone(self.zone).date()):
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
        for opens, closes in self._intervals(start.astimezone(self.zone).date()):
            if opens >= end:
                break
            overlap = min(closes, end) - max(opens, start)
            if overlap > datetime.timedelta(0):
                total += overlap
        return total

    def usual_working_time(self, weekday: int) -> datetime.timedelta:
        """The working time of an ordinary (not Ramadan) `weekday`: its office hours less its break; none if closed."""
        if weekday not in self.hours:
            return datetime.timedelta(0)
        day = datetime.date(2001, 1, 1) + datetime.timedelta(days=weekday)  # a Monday, so weekday days later
        opens, closes = (datetime.datetime.combine(day, t) for t in self.hours[weekday])
        pause = self.breaks.get(weekday)
        pause = pause and tuple(datetime.datetime.combine(day, t) for t in pause)
        return sum((b - a for a, b in split_by_break(opens, closes, pause)), datetime.timedelta(0))

    def working_time_on(self, day: datetime.date) -> datetime.timedelta:
        """How much working time a date has (7.5 hours on a default weekday, 6.5 in Ramadan, none on a day off)."""
        return sum((closes - opens for opens, closes in self.working_intervals(day)), datetime.timedelta(0))

    # --- working days (hari) -------------------------------------------------------------------------------------
    def add_working_days(self, instant: datetime.datetime, days: int) -> datetime.datetime:
        """The same clock time on the `days`-th next working day (from the next opening if outside working time),
        moved into that day's working time: before opening to the opening, after closing to the closing, inside the
        break to its end."""
        if days < 0:
            raise ValueError("days must not be negative")
        start = self.next_working_instant(instant).astimezone(self.zone)
        if days == 0:
            return start
        found = self._days(start.date())
        next(found)  # the start's own day
        for _ in range(days - 1):
            next(found)
        day, intervals = next(found)
        target = datetime.datetime.combine(day, start.timetz().replace(tzinfo=None), self.zone)
        for opens, closes in intervals:
            if target <= closes:
                return max(target, opens)
        return intervals[-1][1]

    def working_days_between(self, start: datetime.datetime, end: datetime.datetime) -> int:
        """Whole working days elapsed: the largest n with `add_working_days(start, n) <= end` (0 if none)."""
        if end <= start:
            return 0
        first = self.next_working_instant(start).astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        count = sum(1 for _ in self.working_dates(first + datetime.timedelta(days=1), last))
        while count > 0 and self.add_working_days(start, count) > end:
            count -= 1
        return count

    def working_dates(self, first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
        """The working days from `first` to `last`, both included, in order (days off and closed days left out)."""
        day = first
        while day <= last:
            if self.working_intervals(day):
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
