"""What Sopan can measure from its own data, for the unit's performance indicators (issue 19 §2: SOP on-time rate,
helpdesk SLA compliance, verification time, package cycle time, assessments done).

A module answers the hook "indicator_measures" in its `module.py`:

    hooks={"indicator_measures": "sopan.helpdesk.measures.measures"}

with a callable `measures() -> list[Measure]`. A Measure's `compute(organization, start, end)` gives the figure for
the days `start` to `end` inclusive (datetime.date, in the organisation's calendar) in a fixed number of queries
whatever the organisation's size, or None when there is nothing to measure (no tickets, no registrations decided).
The indicators module binds an indicator to a measure by its code and shows the figure as the realisation; it knows
no domain.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.utils.functional import Promise

from sopan.core import modules

HIGHER = "higher"
LOWER = "lower"

Text = str | Promise
Value = Decimal | float | int | None


@dataclass(frozen=True)
class Measure:
    code: str  # stable and unique across modules: "<app>.<name>", e.g. "helpdesk.sla_resolution"
    label: Text
    unit: Text  # "%", "hari", "penilaian"
    better: str  # HIGHER or LOWER: which way the figure improves
    compute: Callable[..., Value]  # (organization, start: date, end: date) -> figure or None

    def __post_init__(self):
        if self.better not in (HIGHER, LOWER):
            raise ValueError(f"{self.code}: better is {HIGHER!r} or {LOWER!r}, not {self.better!r}")

    def value(self, organization, start: datetime.date, end: datetime.date) -> Decimal | None:
        """The figure rounded to two decimals (None when there is nothing to measure)."""
        found = self.compute(organization, start, end)
        return None if found is None else Decimal(str(found)).quantize(Decimal("0.01"))


@modules.derived
def registry() -> dict[str, Measure]:
    """Every installed module's measures by code; a code answered twice stops the start."""
    found: dict[str, Measure] = {}
    for answer in modules.call("indicator_measures"):
        for measure in answer:
            if measure.code in found:
                raise ValueError(f"the measure {measure.code!r} is declared twice")
            found[measure.code] = measure
    return found


def get(code: str) -> Measure | None:
    return registry().get(code)


def choices() -> list[tuple[str, str]]:
    """For a form's select: (code, label), sorted by label."""
    return sorted(((m.code, str(m.label)) for m in registry().values()), key=lambda c: c[1])


def bounds(organization, start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware instants [start 00.00, the day after end 00.00) in the organisation's time zone."""
    zone = zoneinfo.ZoneInfo(organization.timezone)
    first = datetime.datetime.combine(start, datetime.time.min, zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return first, after


def mean_days(queryset, start: str, end: str) -> float | None:
    """The mean length in days from the field or annotation `start` to `end` of the rows of `queryset` that have
    both, None for none: averaged by the database (a quarter's registrations were some thousand rows brought to
    Python on every indicators page)."""
    length = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    found = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False}).aggregate(mean=Avg(length))
    return found["mean"].total_seconds() / 86400 if found["mean"] is not None else None
