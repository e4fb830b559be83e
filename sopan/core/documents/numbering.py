"""Numbered series per organisation and year: `next_number(organization, series)`.

The series is a `NumberSeries` row locked while its number is drawn, inside the caller's transaction, so two processes
never draw the same number and a rolled-back transaction gives its number back (gap-free, as registers of letters and
Berita Acara expect). The row is created race-safely: `bulk_create(ignore_conflicts=True)` inserts it unless another
transaction did (the unique constraint decides), then `select_for_update().get()` locks the one row that exists.
Nothing here assumes one process or one host (DESIGN.md §4).

`draw_number` is the other kind, for series where gaps are allowed (ticket numbers: a reader needs them unique and
readable, not gap-free): one `UPDATE … RETURNING` that commits by itself when called outside a transaction, so the
row is locked for that one statement and concurrent writers of the organisation do not wait for each other's commits.
A number drawn for work that then fails is not given back.
"""

from __future__ import annotations

import zoneinfo

from django.db import connection, transaction
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


def draw_number(organization, series: str, *, year: int | None = None) -> int:
    """Draw the next number of `series` in `year` at once, gaps allowed: unique, increasing, never given back.

    Call it before the transaction that stores the numbered object: outside a transaction the increment is its own
    statement and commits at once (one round trip, the row locked only while it runs). Inside one it still works, with
    the row locked until that transaction ends, as `next_number`.
    """
    if year is None:
        year = organization_year(organization)
    organization_id = getattr(organization, "pk", organization)
    table = connection.ops.quote_name(NumberSeries._meta.db_table)
    sql = (
        f"UPDATE {table} SET value = value + 1 WHERE organization_id = %s AND series = %s AND year = %s RETURNING value"  # noqa: S608  (the table name is the model's, quoted)
    )
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [organization_id, series, year])
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        # The series' first number this year: create its row (race-safe, the unique constraint decides), then draw.
        NumberSeries.objects.bulk_create(
            [NumberSeries(organization_id=organization_id, series=series, year=year, value=0)], ignore_conflicts=True
        )
    raise RuntimeError(f"number series {series} {year} of organisation {organization_id} could not be created")
