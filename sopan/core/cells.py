"""A spreadsheet cell's value as the imports read it (the RUP and SPSE imports, the blacklist register): whatever the
file held (openpyxl's int, float, date or text, a CSV's text, a JSON value) as one line of text."""

from __future__ import annotations


def cell_text(value) -> str:
    """The value as text with its whitespace collapsed to single spaces; None is "", and a whole float is written
    without its ".0" (a spreadsheet stores the code 12345 typed in a number cell as 12345.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
