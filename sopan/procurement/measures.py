"""Procurement's measure for the unit's performance indicators (sopan.core.measures): the package cycle time, the
mean number of days from a package's record (planning, or its import from SiRUP) to its handover (BAST), over the
packages handed over in the period. The handover's moment is the one the pipeline dashboard reads
(selectors_dashboard: the package's latest status-changing audit event)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sopan.core.measures import LOWER, Measure, bounds, mean_days
from sopan.procurement.models import Package
from sopan.procurement.selectors_dashboard import _stage_start


def cycle_days(organization, start, end) -> float | None:
    first, after = bounds(organization, start, end)
    handed_over = (
        Package.objects.filter(organization=organization, status=Package.Status.HANDED_OVER)
        .annotate(entered=_stage_start())
        .filter(entered__gte=first, entered__lt=after)
    )
    return mean_days(handed_over.order_by(), "created_at", "entered")


def measures() -> list[Measure]:
    return [Measure("procurement.cycle_days", _("Package cycle time (record to handover)"), _("days"), LOWER,
                    cycle_days)]  # fmt: skip
