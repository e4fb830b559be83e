"""Vendor registration's measure for the unit's performance indicators (sopan.core.measures): how long the
verification takes, the mean number of days from the file received at the LPSE to the verifier's decision, over the
registrations decided in the period (approved or rejected)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sopan.core.measures import LOWER, Measure, bounds, mean_days
from sopan.vendors.models import Registration

DECIDED = (Registration.Status.APPROVED, Registration.Status.REJECTED)


def verification_days(organization, start, end) -> float | None:
    first, after = bounds(organization, start, end)
    decided = Registration.objects.filter(
        organization=organization, status__in=DECIDED, decided_at__gte=first, decided_at__lt=after,
        received_at__isnull=False,
    )  # fmt: skip
    return mean_days(decided.order_by(), "received_at", "decided_at")


def measures() -> list[Measure]:
    return [Measure("vendors.verification_days", _("Vendor verification time"), _("days"), LOWER, verification_days)]
