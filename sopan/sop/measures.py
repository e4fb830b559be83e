"""The SOP engine's measure for the unit's performance indicators (sopan.core.measures): the share of SOP steps done
within their service standard (mutu baku Waktu), counted as the compliance report counts it
(selectors_compliance: the steps done that have a due time, on time among them; a record belongs to the day it was
completed, or opened when not yet done)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sopan.core.measures import HIGHER, Measure, bounds
from sopan.sop.models import StepRecord
from sopan.sop.selectors_compliance import HAS_STANDARD, percent


def on_time_rate(organization, start, end) -> float | None:
    first, after = bounds(organization, start, end)
    counts = (
        StepRecord.objects.filter(organization_id=organization.pk, case__organization_id=organization.pk)
        .alias(counted_at=Coalesce("completed_at", "opened_at"))
        .filter(counted_at__gte=first, counted_at__lt=after)
        .aggregate(
            with_standard=Count("pk", filter=HAS_STANDARD),
            on_time=Count("pk", filter=HAS_STANDARD & Q(on_time=True)),
        )
    )
    return percent(counts["on_time"], counts["with_standard"])


def measures() -> list[Measure]:
    return [Measure("sop.on_time_rate", _("SOP steps done on time"), "%", HIGHER, on_time_rate)]
