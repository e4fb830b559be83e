"""Dates as SOPs print them: "17 Januari 2024", "30-Nov-12", "02/01/2013", "2 Jan 2013", "2017-01-08".

The identity block's Tanggal Pembuatan, Tanggal Revisi and Tanggal Efektif are copied from the printed SOP, so the
loader reads them the way they are printed and keeps the date itself (it is printed again the Indonesian way,
"2 Januari 2013"). Numeric dates are day first, as Indonesian documents write them ("02/01/2013" is 2 January); a
two-digit year is in 1969-2068, as `strptime`'s %y reads it. Month names are Indonesian or English, written out or
abbreviated ("Jan", "Agt", "Agu", "Ags", "Aug", "Okt", "Des", "Sept"), in any case, with or without a dot.
"""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "ags", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
MONTH_BY_NAME = {name: month for month, names in _MONTHS.items() for name in names}

_SEP = r"\s*[-/.\s]\s*"
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_NUMERIC = re.compile(rf"^(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{2}}|\d{{4}})$")
_NAMED = re.compile(
    rf"^(?P<day>\d{{1,2}}){_SEP}(?P<month>[a-z]+)\.?(?:{_SEP})?(?P<year>\d{{2}}|\d{{4}})$", re.IGNORECASE
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068
        year += 1900 if year >= 69 else 2000
    return year


def parse_date(value: object) -> datetime.date | None:
    """The date a printed text means, or None when it cannot be read (or is not a real day, e.g. 31 Februari).

    A date or datetime (YAML reads an unquoted 2017-01-08 as one) is taken as it is."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        return None
    text = " ".join(value.split()).strip(" ,")
    if match := _ISO.match(text):
        day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    elif match := _NUMERIC.match(text):
        day, month, year = int(match["day"]), int(match["month"]), _year(match["year"])
    elif match := _NAMED.match(text):
        month = MONTH_BY_NAME.get(match["month"].lower())
        if month is None:
            return None
        day, year = int(match["day"]), _year(match["year"])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
