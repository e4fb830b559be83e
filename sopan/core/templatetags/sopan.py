"""Template helpers available in every template (settings: TEMPLATES builtins).

Indonesian conventions: Rupiah as Rp1.234.567; times with their zone (WIB/WITA/WIT); personal numbers masked.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django import template
from django.utils import dates, formats, timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.safestring import mark_safe

from sopan.core.calendar import ZONE_ABBREVIATIONS

register = template.Library()


@register.filter
def display(obj, field_name: str) -> str:
    """`{{ package|display:"status" }}`: what `obj.get_status_display()` gives, from a table of the field's labels made
    once per field and language. Django's builds and translates the table of every choice on each call: a list page of
    50 rows with three such columns paid about 1,000 translations."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return force_str(_choice_labels(field, translation.get_language()).get(make_hashable(value), value), True)


@functools.lru_cache(maxsize=512)
def _choice_labels(field, language: str | None) -> dict:
    return {make_hashable(value): force_str(label) for value, label in field.flatchoices}


@register.filter
def rupiah(value, exact: bool = False) -> str:
    """1234567 -> "Rp1.234.567" (whole Rupiah; negative amounts as -Rp1.000). `exact` keeps the sen where there are
    any, "Rp200.000.000,50", for a figure checked against a limit."""
    if value in (None, ""):
        return ""
    number = Decimal(value)
    amount = int(number) if exact else int(number.quantize(Decimal(1)))
    digits = f"{abs(amount):,}".replace(",", ".")
    sen = abs(number - amount) if exact else 0
    if sen:
        digits += f",{int((sen * 100).quantize(Decimal(1))):02d}"
    return f"-Rp{digits}" if number < 0 and (amount or sen) else f"Rp{digits}"


# The format characters of the project's date formats (sopan/formats) that `_formatter` writes itself.
_FAST_PARTS = {
    "j": lambda d, months: str(d.day),
    "d": lambda d, months: f"{d.day:02d}",
    "m": lambda d, months: f"{d.month:02d}",
    "F": lambda d, months: months[d.month - 1],
    "Y": lambda d, months: str(d.year),
    "H": lambda d, months: f"{d.hour:02d}",
    "i": lambda d, months: f"{d.minute:02d}",
}


@functools.lru_cache(maxsize=64)
def _formatter(fmt: str, language: str):
    """A date format made into a function once per language: Django's `dateformat.format` builds a formatter object
    and translates the month's name on every call, which is most of a list's dates. Formats with other characters
    (or escapes) go to Django."""
    if not set(fmt) - set(" ./:-,") <= set(_FAST_PARTS):
        return None
    months = [str(name) for name in dates.MONTHS.values()]
    parts = [_FAST_PARTS.get(char, char) for char in fmt]
    return lambda value: "".join(part if isinstance(part, str) else part(value, months) for part in parts)


@register.filter
def local_datetime(value: datetime.datetime | None, fmt: str = "DATETIME_FORMAT") -> str:
    """An instant in the active (organisation's) zone with its Indonesian abbreviation: 22 November 2026 14.30 WIB."""
    return local_datetimes(fmt)(value)


def local_datetimes(fmt: str = "DATETIME_FORMAT"):
    """`local_datetime` for many values: the zone, its abbreviation and the format looked up once (rows a list view
    writes itself call the function it returns)."""
    zone = timezone.get_current_timezone()
    abbreviation = ZONE_ABBREVIATIONS.get(str(zone))
    pattern = formats.get_format(fmt)
    fast = _formatter(pattern, translation.get_language() or "")

    def written(value: datetime.datetime | None) -> str:
        if not value:
            return ""
        local = value.astimezone(zone)
        text = fast(local) if fast else date_format(local, pattern)
        return f"{text} {abbreviation or local.tzname() or ''}".strip()

    return written


@register.filter
def local_date(value: datetime.date | None, fmt: str = "DATE_FORMAT") -> str:
    """A date as the `date` filter writes it (22 November 2026), through the formatter made once per language: the
    filter of a list's date column, and of the rows a list view makes itself."""
    if not value:
        return ""
    pattern = formats.get_format(fmt)
    fast = _formatter(pattern, translation.get_language() or "")
    return fast(value) if fast else date_format(value, pattern)


@register.filter
def mask(value: str | None, visible: int = 4) -> str:
    """Show only the last `visible` characters of a personal number: 3373xxxxxxxx0001 -> ••••••••••••0001."""
    if not value:
        return ""
    value = str(value)
    return "•" * max(len(value) - visible, 0) + value[-visible:]


@register.filter
def filesize(value) -> str:
    """A file's size as people here write it (466 B, 12,5 KB; 12.5 KB in English): core.uploads.human_size, the one
    size formatter, for templates (instead of Django's `filesizeformat`, which writes "466 bita")."""
    from sopan.core.uploads import human_size

    try:
        return human_size(int(value))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def field(bound_field, **attrs):
    """`{% field form.x %}`: a form field as `components/field.html` writes it, written in Python
    (core.form_rendering.render_field; the template stays the reference the tests compare with)."""
    from sopan.core.form_rendering import render_field

    return mark_safe(render_field(bound_field))  # noqa: S308  (render_field escapes every value it writes)


@register.filter
def is_change(value) -> bool:
    """An audit change entry `[old, new]`, as opposed to a plain fact."""
    return isinstance(value, list) and len(value) == 2
