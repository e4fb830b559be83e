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
from sopan.sop.definition.model import TimeUnit, Waktu

UTC = datetime.UTC
DAY = 86_400


class WorkClock:
    def __init__(self, calendar: WorkCalendar, first: datetime.date, last: datetime.date):
        self.calendar = calendar
        self.opens: list[int] = []
        self.closes: list[int] = []
        self.midnights: list[int] = []
        self.cum: list[int] = []  # working seconds before each day
        self.cum_end: list[int] = []  # … up to the end of each day
        zone = calendar.zone
        total = 0
        day = first
        while day <= last:
            period = calendar.office_hours(day)
            if period is not None:
                opens, closes = int(period[0].timestamp()), int(period[1].timestamp())
                self.opens.append(opens)
                self.closes.append(closes)
                self.midnights.append(int(datetime.datetime.combine(day, datetime.time(), zone).timestamp()))
                self.cum.append(total)
                total += closes - opens
                self.cum_end.append(total)
            day += datetime.timedelta(days=1)

    # --- days --------------------------------------------------------------------------------------------------
    def day_index(self, ts: int) -> int:
        """The working day that contains `ts` or is the next one after it."""
        return bisect.bisect_left(self.closes, ts)

    def days_between(self, start: int, end: int) -> range:
        return range(self.day_index(start), self.day_index(end))

    def instant(self, rng: random.Random, day: int, *, early: bool = False) -> int:
        """A moment in the office hours of working day `day`, most often in the morning (people call and come early)."""
        opens, closes = self.opens[day], self.closes[day]
        share = rng.random() * rng.random() if early else rng.triangular(0.0, 1.0, 0.3)
        return opens + int((closes - opens) * share)

    # --- the WorkCalendar operations ---------------------------------------------------------------------------
    def next_working_instant(self, ts: int) -> int:
        return max(ts, self.opens[self.day_index(ts)])

    def add(self, ts: int, seconds: float) -> int:
        """`calendar.add`: the earliest instant at which `seconds` of working time have passed since `ts`."""
        if seconds <= 0:
            return self.next_working_instant(ts)
        position = self.position(ts) + seconds
        day = bisect.bisect_left(self.cum_end, position)
        return int(self.opens[day] + (position - self.cum[day]))

    def position(self, ts: int) -> int:
        """Working seconds of the window before `ts`."""
        day = bisect.bisect_right(self.opens, ts) - 1
        if day < 0:
            return 0
        return self.cum[day] + min(ts - self.opens[day], self.closes[day] - self.opens[day])

    def working_between(self, start: int, end: int) -> int:
        """`calendar.working_time_between`, in seconds."""
        return self.position(end) - self.position(start) if end > start else 0

    def add_working_days(self, ts: int, days: int) -> int:
        """`calendar.add_working_days`: the same clock time on the `days`-th next working day, clamped to its hours."""
        start = self.next_working_instant(ts)
        if days == 0:
            return start
        here = self.day_index(start)
        there = here + days
        target = self.midnights[there] + (start - self.midnights[here])
        return min(max(target, self.opens[there]), self.closes[there])

    def due(self, waktu: Waktu, ts: int) -> int | None:
        """`Waktu.due(calendar, start)` for a step opened at `ts`."""
        if waktu.value is None:
            return None
        if waktu.unit == TimeUnit.WORKING_DAYS:
            whole = int(waktu.value)
            due = self.add_working_days(ts, whole)
            rest = waktu.value - whole
            if rest:
                day = self.day_index(due)
                due = self.add(due, (self.closes[day] - self.opens[day]) * rest)
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
