"""Helpdesk's measure for the unit's performance indicators (sopan.core.measures): the resolution SLA compliance of
the tickets received in the period, as the helpdesk report counts it (reports.selectors: met / (met + missed), the
tickets not yet due left out)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.core.measures import HIGHER, Measure, bounds
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.reports.selectors import _sla, _sla_counts


def sla_resolution(organization, start, end) -> float | None:
    first, after = bounds(organization, start, end)
    tickets = Ticket.objects.filter(organization=organization, received_at__gte=first, received_at__lt=after)
    return _sla("", tickets.aggregate(**_sla_counts(timezone.now()))).resolution_rate


def measures() -> list[Measure]:
    return [Measure("helpdesk.sla_resolution", _("Helpdesk tickets resolved within the SLA"), "%", HIGHER,
                    sla_resolution)]  # fmt: skip
