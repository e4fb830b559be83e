"""A step's time standard (Waktu / mutu baku) as it is printed, and when a step is due by it.

What the reader makes of a printed Waktu (docs/sop-format.md, "Waktu"):
- a value and a unit: `10 detik`, `2 menit`, `1 jam`, `2 jam kerja` (working time), `1 hari`, `3 hari kerja`,
  `1/2 hari`, `1 x 24 jam` (working days), `1 minggu` (5 working days), `14 hari kalender`, `1 bulan` (calendar);
- a range, `1-3 hari`, `1 s.d. 3 hari`, `1 sampai 3 hari`: due at the upper bound, the lower bound kept (`low`);
- with the wordings around it: `maks.`, `maksimal`, `paling lama`, `paling lambat`, `±`, `kurang lebih`, and the
  number in words in brackets, `1 (satu) hari`;
- periodic, `setiap triwulan`, `setiap bulan`: due at the end of the period the step opened in (`every`);
- relative, `5 menit terhitung setelah mengisi buku tamu`: counted from when another step was completed (`after`, the
  `from` of the data form; the loader finds the step by its text, or the file names it).
Anything else is kept as printed with no due time (the loader warns).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any


class TimeUnit:
    SECONDS = "detik"
    MINUTES = "menit"
    HOURS = "jam"
    WORKING_DAYS = "hari"
    CALENDAR_DAYS = "hari kalender"
    WEEKS = "minggu"  # a working week: 5 working days
    MONTHS = "bulan"  # a calendar month: the same date and time in the next month (clamped to its last day)
    ALL = (SECONDS, MINUTES, HOURS, WORKING_DAYS, CALENDAR_DAYS, WEEKS, MONTHS)
    SECONDS_PER = {SECONDS: 1, MINUTES: 60, HOURS: 3600}
    WORKING_DAYS_PER_WEEK = 5


class Period:
    """What `setiap …` names: the step is due at the end of the period it opened in."""

    DAY = "hari"
    WEEK = "minggu"  # Monday to Sunday
    MONTH = "bulan"
    QUARTER = "triwulan"  # January–March, April–June, July–September, October–December
    HALF_YEAR = "semester"
    YEAR = "tahun"
    ALL = (DAY, WEEK, MONTH, QUARTER, HALF_YEAR, YEAR)
    MONTHS = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}


# Printed time texts that mean "no standard time" (the SOP says so explicitly).
NO_TIME_TEXTS = ("", "-", "n/a", "na", "sesuai kebutuhan", "tidak ada")

_NUMBER = r"\d+(?:[.,]\d+)?(?:/\d+)?"
_PREFIX = (
    r"(?:(?:maks(?:imal|imum)?\.?|max\.?|paling\s+(?:lama|lambat)|selambat-lambatnya|"
    r"±|\+/-|kurang\s+lebih|kurleb|sekitar|lebih\s+kurang)\s*)*"
)
_RANGE = r"\s*(?:-|–|—|s\.?\s*d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*"
_UNIT = r"(?P<unit>detik|menit|jam(?:\s+kerja)?|hari(?:\s+kalender|\s+kerja)?|minggu(?:\s+kerja)?|pekan|bulan)"
_TIME_RE = re.compile(
    rf"^{_PREFIX}(?:(?P<low>{_NUMBER})\s*(?:{_UNIT.replace('P<unit>', ':')})?{_RANGE})?"
    rf"(?P<value>{_NUMBER})\s*(?:x\s*24\s*(?P<x24>jam)|{_UNIT})"
    r"(?:\s+(?:terhitung\s+)?(?P<rel>sejak|setelah|sesudah|dari)\s+(?P<after>.+))?$",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(
    r"^(?:(?:setiap|tiap|per)\s+(?:akhir\s+)?(?P<period>hari|minggu|pekan|bulan|triwulan|kuartal|semester|tahun)"
    r"|(?P<adjective>harian|mingguan|bulanan|triwulanan|semesteran|tahunan))$",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\([^()]*\)")
_SUB_STEP_RE = re.compile(r"^(?P<parent>\d+)\s*[.)]?\s*[a-z]$", re.IGNORECASE)
_PERIOD_WORDS = {"pekan": Period.WEEK, "kuartal": Period.QUARTER}
_ADJECTIVES = {
    "harian": Period.DAY,
    "mingguan": Period.WEEK,
    "bulanan": Period.MONTH,
    "triwulanan": Period.QUARTER,
    "semesteran": Period.HALF_YEAR,
    "tahunan": Period.YEAR,
}


@dataclass(frozen=True)
class Waktu:
    """A step's time standard, with the text as printed. `value` is the upper bound of a range whose lower bound is
    `low`; `every` a period (the step is due at its end); `after` the key of the step the time counts from."""

    text: str
    value: float | None = None
    unit: str | None = None
    low: float | None = None
    every: str | None = None
    after: str = ""

    @property
    def is_none(self) -> bool:
        return self.value is None and self.every is None

    def seconds(self) -> float | None:
        """The standard as working seconds, for the units counted in working hours (detik, menit, jam)."""
        if self.unit in TimeUnit.SECONDS_PER and self.value is not None:
            return self.value * TimeUnit.SECONDS_PER[self.unit]
        return None

    def due(self, calendar, start: datetime.datetime) -> datetime.datetime | None:
        """When a step opened (or counted from) `start` is due, in the organisation's working time."""
        if self.every is not None:
            return end_of_period(self.every, start.astimezone(calendar.zone))
        if self.value is None:
            return None
        if self.unit in (TimeUnit.WORKING_DAYS, TimeUnit.WEEKS):
            days = self.value * (TimeUnit.WORKING_DAYS_PER_WEEK if self.unit == TimeUnit.WEEKS else 1)
            whole = int(days)
            due = calendar.add_working_days(start, whole)
            rest = days - whole
            if rest:  # "1/2 hari": half of the next working day's office hours
                due = calendar.add(due, _fraction_of_day(calendar, due, rest))
            return due
        if self.unit == TimeUnit.CALENDAR_DAYS:
            return calendar.add_calendar_days(start, self.value)
        if self.unit == TimeUnit.MONTHS:
            local = start.astimezone(calendar.zone)
            whole = int(self.value)
            return _add_months(local, whole) + datetime.timedelta(days=30 * (self.value - whole))
        return calendar.add(start, datetime.timedelta(seconds=self.seconds() or 0))

    def as_data(self) -> Any:
        """The printed text when it reads back to this Waktu, else the mapping that does (`from` for `after`)."""
        if parse_time(self.text) == self:
            return self.text
        data: dict[str, Any] = {"text": self.text}
        for name in ("value", "unit", "low", "every"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.after:
            data["from"] = self.after
        return data


def _fraction_of_day(calendar, instant: datetime.datetime, fraction: float) -> datetime.timedelta:
    """A fraction of the day's working time ("1/2 hari": half of the day's hours, its break left out)."""
    length = calendar.working_time_on(instant.astimezone(calendar.zone).date()) or datetime.timedelta(hours=7.5)
    return length * fraction


def _add_months(instant: datetime.datetime, months: int) -> datetime.datetime:
    index = instant.month - 1 + months
    year, month = instant.year + index // 12, index % 12 + 1
    day = min(instant.day, _last_day(year, month))
    return instant.replace(year=year, month=month, day=day)


def _last_day(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def end_of_period(period: str, local: datetime.datetime) -> datetime.datetime:
    """23.59 of the last day of the period (in the organisation's zone) that `local` falls in: "setiap triwulan"
    opened on 10 May is due on 30 June at 23.59."""
    day = local.date()
    if period == Period.DAY:
        last = day
    elif period == Period.WEEK:
        last = day + datetime.timedelta(days=6 - day.weekday())
    else:
        size = Period.MONTHS[period]
        final_month = ((day.month - 1) // size + 1) * size
        last = datetime.date(day.year, final_month, _last_day(day.year, final_month))
    return datetime.datetime.combine(last, datetime.time(23, 59), local.tzinfo)


def _number(text: str) -> float:
    if "/" in text:
        top, bottom = text.split("/")
        value = float(top.replace(",", ".")) / float(bottom)
    else:
        value = float(text.replace(",", "."))
    return int(value) if value == int(value) else value


def _unit(printed: str | None) -> str:
    words = (printed or "").lower().split()
    if words[0] == "pekan":
        return TimeUnit.WEEKS
    if words[-1] == "kerja":  # "2 jam kerja", "3 hari kerja": the working time is the default
        return words[0]
    return " ".join(words)


def parse_time(text: str) -> Waktu | None:
    """ "10 detik" → 10 detik; "2 Jam" → 2 jam; "1-3 hari" → 3 working days (at least 1); "setiap bulan" → the
    end of the month; "N/A" → none. None when the text is none of the forms the reader knows."""
    cleaned = " ".join(str(text).split())
    if cleaned.lower().rstrip(".") in NO_TIME_TEXTS:
        return Waktu(text=cleaned)
    bare = " ".join(_BRACKETED.sub(" ", cleaned).split()).rstrip(".")
    if period := _PERIOD_RE.match(bare):
        name = (period["period"] or "").lower()
        every = _ADJECTIVES.get((period["adjective"] or "").lower()) or _PERIOD_WORDS.get(name, name)
        return Waktu(text=cleaned, every=every)
    match = _TIME_RE.match(bare)
    if not match:
        return None
    value = _number(match["value"])
    low = _number(match["low"]) if match["low"] else None
    if low is not None and low >= value:
        return None  # "3-1 hari" is not a range
    unit = TimeUnit.WORKING_DAYS if match["x24"] else _unit(match["unit"])
    if unit == TimeUnit.MONTHS and value != int(value):
        return None
    return Waktu(text=cleaned, value=value, unit=unit, low=low)


def relative_phrase(text: str) -> str:
    """What a relative Waktu counts from, as printed: "5 menit terhitung setelah mengisi buku tamu" → "mengisi buku
    tamu"; "" when it is not relative."""
    bare = " ".join(_BRACKETED.sub(" ", " ".join(str(text).split())).split()).rstrip(".")
    match = _TIME_RE.match(bare)
    return (match["after"] or "").strip() if match else ""


def parent_number(number: str) -> str:
    """The number of the step a sub-step belongs to: "4a" → "4", "4.b" → "4"; "" for a step that is not one."""
    match = _SUB_STEP_RE.match(number.strip())
    return match["parent"] if match else ""


def parent_step(definition, step):
    """The step whose time is the budget of `step` (a sub-step 4a of step 4), or None."""
    number = parent_number(step.number)
    if not number:
        return None
    return next((s for s in definition.steps if s.number.strip() == number), None)
