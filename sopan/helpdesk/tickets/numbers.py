"""Readable document numbers of the helpdesk, one yearly sequence per organisation and kind: tickets (`HD-2026-000123`),
consultation forms (`FK-…`), Berita Acara (`BA-2026-0001`).

The running number comes from core's numbered series (the series named by the kind). Tickets and consultation forms
draw theirs with `draw_number` (`numbering.draw_number`): gaps are allowed, so the number is taken in one statement
before the ticket's transaction and no report of the organisation waits for another's commit (issue 21); a report that
then fails leaves its number unused. Berita Acara keep `next_number` (`numbering.next_number`): locked in the caller's
transaction, gap-free, a rolled-back transaction gives its number back.

People type numbers as they read them aloud or copy them: `hd-2026-7`, `HD 2026 000007`, `HD/2026/7`, `HD2026000007`.
`number_normalised` gives the stored form back (`HD-2026-000007`) for the public tracking and the desk's search.
"""

from __future__ import annotations

import re

from sopan.core.documents import numbering

TICKET_KIND, FORM_KIND = "HD", "FK"
TICKET_NUMBER_WIDTH = 6  # HD-2026-000123, FK-2026-000123
# kind, year, serial; any run of spaces, dashes (also en and em dashes), slashes, dots, underscores or colons between
_TYPED_NUMBER = re.compile(r"([A-Z]{2})[\s\-\u2010-\u2015_/.:#]*(\d{4})[\s\-\u2010-\u2015_/.:#]*(\d{1,9})")


def next_number(organization, kind: str, year: int, width: int) -> str:
    """Draw the next number of `kind` in `year` for the organisation: `f"{kind}-{year}-{value:0{width}d}"`.

    Call it inside the transaction that stores the numbered object, so the number and the object commit together.
    """
    value = numbering.next_number(organization, kind, year=year)
    return f"{kind}-{year}-{value:0{width}d}"


def draw_number(organization, kind: str, year: int, width: int) -> str:
    """Take the next number of `kind` in `year` for the organisation at once, gaps allowed (same format as
    `next_number`). Call it before the transaction that stores the numbered object."""
    value = numbering.draw_number(organization, kind, year=year)
    return f"{kind}-{year}-{value:0{width}d}"


def number_normalised(text: str, *, kinds=(TICKET_KIND, FORM_KIND), width: int = TICKET_NUMBER_WIDTH) -> str | None:
    """The stored form of a number as typed (`hd-2026-7` -> `HD-2026-000007`), or None when it is not one of `kinds`."""
    match = _TYPED_NUMBER.fullmatch((text or "").strip().upper())
    if match is None or match[1] not in kinds:
        return None
    serial = int(match[3])
    if serial == 0 or len(str(serial)) > width:
        return None
    return f"{match[1]}-{match[2]}-{serial:0{width}d}"
