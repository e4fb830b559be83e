"""Keyset pagination: the next page starts after the last row seen, so page 1,000 costs what page 1 costs.

No COUNT(*) and no OFFSET; the order must end with a unique field (usually the primary key) and match an index.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils import timezone

from sopan.core import ids

DEFAULT_PAGE_SIZE = 50


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


class _CursorEncoder(DjangoJSONEncoder):
    """Datetimes to the microsecond: DjangoJSONEncoder cuts them to milliseconds, which would show the last row of a
    page again on the next one."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, cls=_CursorEncoder).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, count: int) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None  # a mangled cursor shows the first page rather than an error
    if not isinstance(values, list) or len(values) != count:
        return None
    return values


def _coerce(values: list[Any], fields: list) -> list[Any] | None:
    """The cursor's values as the fields' Python values, or None when one could not have come from a row: a cursor
    comes back from the browser and may be forged (a date that does not exist, a number past the database's range,
    a NUL that PostgreSQL refuses). Such a cursor shows the first page, like a mangled one."""
    coerced = []
    for value, field in zip(values, fields, strict=True):
        if value is None or isinstance(value, (list, dict, bool)):
            return None
        try:
            value = field.to_python(value)
        except (ValidationError, TypeError, ValueError, OverflowError):
            return None
        if isinstance(value, str) and "\x00" in value:
            return None
        if isinstance(value, int) and not ids.fits(value):
            return None
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            return None  # the cursors Sopan writes carry their offset
        coerced.append(value)
    return coerced


def keyset_page(
    queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page of `queryset` ordered by `order` (e.g. ("-created_at", "-id")), starting after `cursor`."""
    queryset = queryset.order_by(*order)
    names = [name.lstrip("-") for name in order]
    values = decode_cursor(cursor, len(order)) if cursor else None
    if values is not None:
        values = _coerce(values, [queryset.model._meta.get_field(n) for n in names])
    if values is not None:
        # (a, b, c) after (x, y, z): a > x OR (a = x AND b > y) OR (a = x AND b = y AND c > z); "<" for descending.
        condition = Q()
        for i, name in enumerate(order):
            op = "lt" if name.startswith("-") else "gt"
            step = Q(**{f"{names[i]}__{op}": values[i]})
            for j in range(i):
                step &= Q(**{names[j]: values[j]})
            condition |= step
        queryset = queryset.filter(condition)
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor(
            [getattr(last, n) if not hasattr(last, f"{n}_id") else getattr(last, f"{n}_id") for n in names]
        )
    return Page(items=rows, next_cursor=next_cursor)
