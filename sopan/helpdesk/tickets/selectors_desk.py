"""Reads of the helpdesk desk beyond `selectors.py`: the recent tickets of several callers in one query (the caller
lookup shows up to five returning callers while the call goes on)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from sopan.helpdesk.models import Contact, Ticket


def recent_tickets_by_contact(contacts: Sequence[Contact], *, size: int = 5) -> dict[int, list[Ticket]]:
    """The latest `size` tickets of each contact, newest first, keyed by contact id (one query for all contacts).

    The contacts come from `selectors.contact_lookup_for`, already scoped to the person's organisation."""
    if not contacts:
        return {}
    rows = (
        Ticket.objects.filter(contact__in=[c.pk for c in contacts])
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("contact_id")], order_by=[F("received_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=size)
        .order_by("contact_id", "rank")
    )
    found: dict[int, list[Ticket]] = {c.pk: [] for c in contacts}
    for ticket in rows:
        found[ticket.contact_id].append(ticket)
    return found
