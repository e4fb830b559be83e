"""Numbered series per organisation and year: `next_number(organization, series)`.

The series is a `NumberSeries` row locked while its number is drawn, inside the caller's transaction, so two processes
never draw the same number and a rolled-back transaction gives its number back (gap-free, as registers of letters and
Berita Acara expect). The row is created race-safely: `bulk_create(ignore_conflicts=True)` inserts it unless another
transaction did (the unique constraint decides), then `select_for_update().get()` locks the one row that exists.
Nothing here assumes one process or one host (DESIGN.md §4).
"""

from __future__ import annotations

import zoneinfo

from django.db import transaction
from django.utils import timezone

from sopan.core.models import NumberSeries


class NumberingOutsideTransaction(RuntimeError):
    """`next_number` was called outside a transaction: the number would be committed apart from what it numbers."""


def organization_year(organization) -> int:
    """The current year in the organisation's time zone (WIB, WITA, WIT), or in the site's when it has none."""
    zone = getattr(organization, "timezone", "") or ""
    now = timezone.now()
    if zone:
        return now.astimezone(zoneinfo.ZoneInfo(zone)).year
    return timezone.localtime(now).year


def next_number(organization, series: str, *, year: int | None = None) -> int:
    """Draw the next number of `series` in `year` (the organisation's current year by default) for the organisation.

    Call it inside the transaction that stores the numbered object, so the number and the object commit together; it
    refuses to run outside one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NumberingOutsideTransaction("next_number must be called inside transaction.atomic()")
    if year is None:
        year = organization_year(organization)
    organization_id = getattr(organization, "pk", organization)
    NumberSeries.objects.bulk_create(
        [NumberSeries(organization_id=organization_id, series=series, year=year, value=0)], ignore_conflicts=True
    )
    row = NumberSeries.objects.select_for_update().get(organization_id=organization_id, series=series, year=year)
    row.value += 1
    row.save(update_fields=["value"])
    return row.value
