"""Working time at generation speed: the same arithmetic as `sopan.core.calendar.WorkCalendar`, on integer epoch
seconds over a fixed window, with the working days computed once by the real calendar.

Millions of due times, SLA targets and working-time durations are needed; the real calendar walks day by day in
Python for each (tens of microseconds). Here a working day is an index into sorted arrays and each operation is a
bisection. The results are those of the real calendar (Indonesian time zones have no daylight saving time, so a day's
local midnight is a fixed offset); the test compares a sample against `calendar_for(organization)`.
"""

from __future__ import annotations

import bisect
import datetime
import random

from sopan.core.calendar import WorkCalendar
from sopan.sop.definition import TimeUnit, Waktu

UTC = datetime.UTC
DAY = 86_400


class WorkClock:
    """Per working day: `opens` (its first opening), `closes` (its last closing) and `midnights`; per working
    interval (a day's hours less its break, Ramadan hours in Ramadan): `starts`, `ends` and the working seconds of the
    window before (`cum`) and up to the end (`cum_end`) of each."""

    def __init__(self, calendar: WorkCalendar, first: datetime.date, last: datetime.date):
        self.calendar = calendar
        self.opens: list[int] = []
        self.closes: list[int] = []
        self.midnights: list[int] = []
        self.first_interval: list[int] = []  # each day's first interval
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = []
        self.cum_end: list[int] = []
        zone = calendar.zone
        total = 0
        day = first
        while day <= last:
            intervals = [(int(a.timestamp()), int(b.timestamp())) for a, b in calendar.working_intervals(day)]
            if intervals:
                self.opens.append(intervals[0][0])
                self.closes.append(intervals[-1][1])
                self.midnights.append(int(datetime.datetime.combine(day, datetime.time(), zone).timestamp()))
                self.first_interval.append(len(self.starts))
                for opens, closes in intervals:
                    self.starts.append(opens)
                    self.ends.append(closes)
                    self.cum.append(total)
                    total += closes - opens
                    self.cum_end.append(total)
            day += datetime.timedelta(days=1)
        self.first_interval.append(len(self.starts))  # the end of the last day's intervals

    # --- days --------------------------------------------------------------------------------------------------
    def day_index(self, ts: int) -> int:
        """The working day that contains `ts` or is the next one after it."""
        return bisect.bisect_left(self.closes, ts)

    def days_between(self, start: int, end: int) -> range:
        return range(self.day_index(start), self.day_index(end))

    def worked(self, day: int) -> int:
        """The working seconds of working day `day`."""
        return self.cum_end[self.first_interval[day + 1] - 1] - self.cum[self.first_interval[day]]

    def instant(self, rng: random.Random, day: int, *, early: bool = False) -> int:
        """A moment in the working time of day `day`, most often in the morning (people call and come early)."""
        share = rng.random() * rng.random() if early else rng.triangular(0.0, 1.0, 0.3)
        return self.at(self.cum[self.first_interval[day]] + int(self.worked(day) * share))

    # --- the WorkCalendar operations ---------------------------------------------------------------------------
    def next_working_instant(self, ts: int) -> int:
        return max(ts, self.starts[bisect.bisect_left(self.ends, ts)])

    def at(self, position: float) -> int:
        """The instant at which `position` working seconds of the window have passed."""
        interval = bisect.bisect_left(self.cum_end, position)
        return int(self.starts[interval] + (position - self.cum[interval]))

    def add(self, ts: int, seconds: float) -> int:
        """`calendar.add`: the earliest instant at which `seconds` of working time have passed since `ts`."""
        if seconds <= 0:
            return self.next_working_instant(ts)
        return self.at(self.position(ts) + seconds)

    def position(self, ts: int) -> int:
        """Working seconds of the window before `ts`."""
        interval = bisect.bisect_right(self.starts, ts) - 1
        if interval < 0:
            return 0
        return self.cum[interval] + min(ts - self.starts[interval], self.ends[interval] - self.starts[interval])

    def working_between(self, start: int, end: int) -> int:
        """`calendar.working_time_between`, in seconds."""
        return self.position(end) - self.position(start) if end > start else 0

    def add_working_days(self, ts: int, days: int) -> int:
        """`calendar.add_working_days`: the same clock time on the `days`-th next working day, moved into its working
        time (before opening to the opening, after closing to the closing, inside the break to its end)."""
        start = self.next_working_instant(ts)
        if days == 0:
            return start
        here = self.day_index(start)
        there = here + days
        target = self.midnights[there] + (start - self.midnights[here])
        for interval in range(self.first_interval[there], self.first_interval[there + 1]):
            if target <= self.ends[interval]:
                return max(target, self.starts[interval])
        return self.closes[there]

    def due(self, waktu: Waktu, ts: int) -> int | None:
        """`Waktu.due(calendar, start)` for a step opened at `ts`."""
        if waktu.every is not None or waktu.unit == TimeUnit.MONTHS:  # rare: the real calendar's arithmetic
            due = waktu.due(self.calendar, as_datetime(ts))
            return None if due is None else epoch(due)
        if waktu.value is None:
            return None
        if waktu.unit in (TimeUnit.WORKING_DAYS, TimeUnit.WEEKS):
            days = waktu.value * (TimeUnit.WORKING_DAYS_PER_WEEK if waktu.unit == TimeUnit.WEEKS else 1)
            whole = int(days)
            due = self.add_working_days(ts, whole)
            rest = days - whole
            if rest:  # a fraction of that day's working time
                due = self.add(due, self.worked(self.day_index(due)) * rest)
            return due
        if waktu.unit == TimeUnit.CALENDAR_DAYS:
            return int(ts + waktu.value * DAY)
        return self.add(ts, waktu.seconds() or 0)


def as_datetime(ts: int | None) -> datetime.datetime | None:
    return None if ts is None else datetime.datetime.fromtimestamp(ts, UTC)


def minute_end(ts: int) -> int:
    """The first second after the minute `ts` falls in: a due time shown as "10.00" holds while `t < minute_end`.
    (Indonesian zones are whole hours from UTC, so epoch minutes are the pages' minutes.)"""
    return ts - ts % 60 + 60


def minute_start(ts: int | float) -> int:
    return int(ts - ts % 60)


def as_due(ts: int | None) -> datetime.datetime | None:
    """A due time as Sopan stores it (`sopan.core.calendar.end_of_minute`): the last instant of its minute."""
    if ts is None:
        return None
    return datetime.datetime.fromtimestamp(minute_end(ts), UTC) - datetime.timedelta(microseconds=1)


def epoch(moment: datetime.datetime) -> int:
    return int(moment.timestamp())
