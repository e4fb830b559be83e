"""Integers that come from outside (the path, the query string, a cursor) and the range the databases hold.

SQLite's INTEGER and PostgreSQL's bigint both stop at 64 bits. Django turns an out-of-range value into "no row" for
lookups on an integer field itself, but not for a foreign key (`sop_id=…`) nor inside `__in`: there SQLite raises
OverflowError and PostgreSQL a DataError — a server error from one typed-in number. Values past the range name no
row, so they are treated as not found before they reach a query.
"""

from __future__ import annotations

DB_INT_MIN = -(2**63)
DB_INT_MAX = 2**63 - 1


def fits(value: int) -> bool:
    return DB_INT_MIN <= value <= DB_INT_MAX


def parse_id(text: str | None) -> int | None:
    """A row id from a query parameter: a positive integer the database can hold, else None (no filter)."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= DB_INT_MAX else None
