"""The SOP engine's measure for the unit's performance indicators (sopan.core.measures): the share of SOP steps done
within their service standard (mutu baku Waktu), counted as the compliance report counts it, from the same aggregates
(sop/rollup.py: the steps done that have a due time, on time among them; a record belongs to the day it was
completed, or opened when not yet done, in the organisation's zone)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from sopan.core.measures import HIGHER, Measure
from sopan.sop.models import StepDay
from sopan.sop.selectors_compliance import percent


def on_time_rate(organization, start, end) -> float | None:
    counts = StepDay.objects.filter(organization_id=organization.pk, day__gte=start, day__lte=end).aggregate(
        with_standard=Sum("with_standard"), on_time=Sum("on_time")
    )
    return percent(counts["on_time"] or 0, counts["with_standard"] or 0)


def measures() -> list[Measure]:
    return [Measure("sop.on_time_rate", _("SOP steps done on time"), "%", HIGHER, on_time_rate)]
