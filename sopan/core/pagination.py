"""Keyset pagination: the next page starts after the last row seen, so page 1,000 costs what page 1 costs.

No COUNT(*) and no OFFSET; the order must end with a unique field (usually the primary key) and match an index.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

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


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, cls=_CursorEncoder).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None  # a mangled cursor shows the first page rather than an error
    if not isinstance(values, list) or len(values) != count:
        return None
    return values


def _coerce(value: Any, sample_field) -> Any:
    if sample_field.get_internal_type() == "DateTimeField" and isinstance(value, str):
        return parse_datetime(value)
    if sample_field.get_internal_type() == "DateField" and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def keyset_page(
    queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page of `queryset` ordered by `order` (e.g. ("-created_at", "-id")), starting after `cursor`."""
    queryset = queryset.order_by(*order)
    names = [name.lstrip("-") for name in order]
    values = _decode(cursor, len(order)) if cursor else None
    if values is not None:
        model = queryset.model
        values = [_coerce(v, model._meta.get_field(n)) for v, n in zip(values, names, strict=True)]
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
        next_cursor = _encode(
            [getattr(last, n) if not hasattr(last, f"{n}_id") else getattr(last, f"{n}_id") for n in names]
        )
    return Page(items=rows, next_cursor=next_cursor)
