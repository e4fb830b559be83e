"""Readable document numbers of the helpdesk, one yearly sequence per organisation and kind: tickets (`HD-2026-000123`),
consultation forms (`FK-…`), Berita Acara (`BA-2026-0001`).

The sequence is a `Counter` row locked while its number is drawn, so two processes never draw the same number and a
rolled-back transaction gives its number back. The row is created race-safely: `bulk_create(ignore_conflicts=True)`
inserts it unless another transaction did (the unique constraint decides), then `select_for_update().get()` locks the
one row that exists. Nothing here assumes one process or one host (DESIGN.md §4).
"""

from __future__ import annotations

from django.db import transaction

from sopan.helpdesk.models import Counter


@transaction.atomic
def next_number(organization, kind: str, year: int, width: int) -> str:
    """Draw the next number of `kind` in `year` for the organisation: `f"{kind}-{year}-{value:0{width}d}"`.

    Call it inside the transaction that stores the numbered object, so the number and the object commit together.
    """
    organization_id = getattr(organization, "pk", organization)
    Counter.objects.bulk_create(
        [Counter(organization_id=organization_id, kind=kind, year=year, value=0)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(organization_id=organization_id, kind=kind, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"{kind}-{year}-{counter.value:0{width}d}"
