"""The rows of a blacklist file: finding the header row and its columns (Indonesian or English names, any case,
the usual variants), reading each row's identifiers and dates, and naming every wrong row."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.cells import cell_text
from sopan.vendors.blacklist.limits import (
    HEADER_SEARCH_ROWS,
    MAX_REPORTED_ERRORS,
    MAX_ROWS,
    NAME_MAX,
    SK_MAX,
    _Entry,
    _file_error,
)
from sopan.vendors.identifiers import normalize_digits

# --- columns -----------------------------------------------------------------------------------------------------
# Header names as they are normalised by `_header_key`: lower case, punctuation gone ("No. SK" -> "no sk").
_ALIASES = {
    "name": "nama penyedia|nama|nama perusahaan|nama badan usaha|nama pelaku usaha|nama penyedia barang jasa|"
    "penyedia|name|vendor|vendor name|company|company name|supplier|supplier name",
    "npwp": "npwp|no npwp|nomor npwp|tax id|tax number|taxpayer number",
    "nib": "nib|no nib|nomor nib|nomor induk berusaha|business identification number|business id",
    "sk_number": "no sk|nomor sk|no sk penetapan|nomor sk penetapan|sk|sk penetapan|no surat keputusan|"
    "nomor surat keputusan|sk number|decree number|decree",
    "violation": "pelanggaran|jenis pelanggaran|uraian pelanggaran|pelanggaran yang dilakukan|violation|"
    "violation type|type of violation|offence|offense",
    "starts_on": "tanggal mulai|tgl mulai|mulai berlaku|tanggal mulai berlaku|tgl mulai berlaku|berlaku mulai|"
    "tanggal awal|mulai|start date|start|starts on|valid from|from|effective date",
    "ends_on": "tanggal selesai|tgl selesai|tanggal berakhir|tgl berakhir|akhir berlaku|tanggal akhir berlaku|"
    "tanggal akhir|berlaku sampai|berlaku hingga|sampai|selesai|berakhir|end date|end|ends on|valid until|until|"
    "expiry date",
    "period": "masa berlaku|masa berlaku sanksi|masa sanksi|periode|periode sanksi|period|validity|sanction period",
}
_FIELD_OF = {alias: field for field, aliases in _ALIASES.items() for alias in aliases.split("|")}
# Headers such as "NPWP Penyedia" or "NIB Perusahaan": recognised by the identifier's word, less surely than above.
_LOOSE = {"npwp": "npwp", "nib": "nib"}


def _header_key(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", cell_text(value).lower()).split())


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _find_header(rows: list) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, {field: column index}) in the first rows, or None.

    A header row names at least the vendor and its NPWP or NIB. A column named exactly beats one named loosely.
    """
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        exact: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        for column, value in enumerate(values):
            key = _header_key(value)
            if key in _FIELD_OF:
                exact.setdefault(_FIELD_OF[key], []).append(column)
            else:
                for word, field in _LOOSE.items():
                    if word in key.split():
                        loose.setdefault(field, []).append(column)
        fields = set(exact) | set(loose)
        if "name" not in fields or not ({"npwp", "nib"} & fields):
            continue
        columns: dict[str, int] = {}
        for field in fields:
            candidates = exact.get(field) or loose[field]
            if len(candidates) > 1:
                letters = [_column_letter(c) for c in candidates]
                raise _file_error(
                    _("Columns %(columns)s are all read as “%(field)s”: rename or remove all but one.")
                    % {"columns": ", ".join(letters), "field": _FIELD_LABELS[field]},
                    "ambiguous_header",
                )
            columns[field] = candidates[0]
        return index, columns
    return None


_FIELD_LABELS = {
    "name": gettext_lazy("vendor name"),
    "npwp": "NPWP",
    "nib": "NIB",
    "sk_number": gettext_lazy("SK number"),
    "violation": gettext_lazy("violation"),
    "starts_on": gettext_lazy("start date"),
    "ends_on": gettext_lazy("end date"),
    "period": gettext_lazy("period"),
}


# --- rows --------------------------------------------------------------------------------------------------------
def _rows_to_entries(sheets: list[tuple[str, list]]) -> list[_Entry]:
    found = None
    for title, rows in sheets:
        header = _find_header(rows)
        if header is not None:
            found = (title, rows, header)
            break
    if found is None:
        first_rows = sheets[0][1] if sheets else []
        first = next((r for r in first_rows if any(cell_text(v) for v in r)), [])
        cells = ", ".join(f"“{cell_text(v)}”" for v in first if cell_text(v))[:300]
        raise _file_error(
            _(
                "No header row found: one of the first %(count)s rows must name the columns, at least "
                "“Nama Penyedia” and “NPWP” or “NIB”. The first row with text reads: %(cells)s."
            )
            % {"count": HEADER_SEARCH_ROWS, "cells": cells or "—"},
            "no_header",
        )
    _title, rows, (header_index, columns) = found
    entries: list[_Entry] = []
    errors: list[str] = []
    problem_rows = 0
    data_rows = 0
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        if not any(cell_text(v) for v in values):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise _file_error(
                _("The file has more than %(max)s entries; no national list is that long.") % {"max": MAX_ROWS},
                "too_many_rows",
            )
        row_number = index + 1  # as the spreadsheet numbers it
        problems: list[str] = []
        entry = _read_row(values, columns, row_number, problems)
        if problems:
            problem_rows += 1
            errors.extend(problems)
        elif entry is not None:
            entries.append(entry)
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        if len(errors) > MAX_REPORTED_ERRORS:
            shown.append(
                _("… and %(count)s more problems. Nothing was imported.") % {"count": len(errors) - MAX_REPORTED_ERRORS}
            )
        raise ValidationError([ValidationError(message, code="row") for message in shown])
    if not entries:
        raise _file_error(_("The file has a header row but no entries below it."), "no_rows")
    return entries


def _cell(values: list, columns: dict[str, int], field: str):
    column = columns.get(field)
    if column is None or column >= len(values):
        return None
    return values[column]


def _row_problem(row: int, problem: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": row, "problem": problem}


def _read_row(values: list, columns: dict[str, int], row: int, problems: list[str]) -> _Entry | None:
    def problem(message: str) -> None:
        problems.append(_row_problem(row, message))

    name = cell_text(_cell(values, columns, "name"))
    if not name:
        problem(_("the vendor's name is missing."))
    elif len(name) > NAME_MAX:
        problem(_("the vendor's name is longer than %(max)s characters.") % {"max": NAME_MAX})
    npwp = _identifier(_cell(values, columns, "npwp"), "npwp", (15, 16), problem)
    nib = _identifier(_cell(values, columns, "nib"), "nib", (13,), problem)
    sk_number = cell_text(_cell(values, columns, "sk_number"))
    if len(sk_number) > SK_MAX:
        problem(_("the SK number is longer than %(max)s characters.") % {"max": SK_MAX})
    violation = str(_cell(values, columns, "violation") or "").strip()

    start_value, end_value = _cell(values, columns, "starts_on"), _cell(values, columns, "ends_on")
    period = cell_text(_cell(values, columns, "period"))
    if period and not cell_text(start_value) and not cell_text(end_value):
        parts = _split_period(period)
        if parts is None:
            problem(
                _("the period “%(value)s” is not two dates (for example 25/11/2026 - 24/11/2028).") % {"value": period}
            )
        else:
            start_value, end_value = parts
    starts_on = _date(start_value, "starts_on", problem)
    ends_on = _date(end_value, "ends_on", problem)
    if starts_on and ends_on and ends_on < starts_on:
        problem(
            _("the end date %(end)s is before the start date %(start)s.")
            % {"end": date_format(ends_on, "SHORT_DATE_FORMAT"), "start": date_format(starts_on, "SHORT_DATE_FORMAT")}
        )
    if problems:
        return None
    return _Entry(name, npwp, nib, sk_number, violation, starts_on, ends_on)


_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


def _identifier(value, field: str, lengths: tuple[int, ...], problem) -> str:
    """The digits of an NPWP or NIB cell, or "" (and a problem) when it is not one.

    A number cell loses its leading zeros (Excel keeps NPWP 01.… as 1…): they are put back when one or two are
    missing. The check digit is not checked: the national list is what it is, and the number only has to find the
    company.
    """
    label = _FIELD_LABELS[field]
    if value is None or value == "":
        return ""
    typed = cell_text(value)
    if _SCIENTIFIC.match(typed):
        problem(
            _(
                "the %(field)s %(value)s is written as a number in scientific notation and has lost digits: format "
                "the column as text and export the file again."
            )
            % {"field": label, "value": typed}
        )
        return ""
    digits = normalize_digits(typed)
    if not digits:
        return ""
    if (isinstance(value, float) and not value.is_integer()) or not (digits.isascii() and digits.isdigit()):
        problem(
            _("the %(field)s “%(value)s” may contain only digits, dots, dashes and spaces.")
            % {"field": label, "value": typed}
        )
        return ""
    shortest = min(lengths)
    lost_zeros = shortest - 2 <= len(digits) < shortest and typed == digits
    if lost_zeros and isinstance(value, int | float) and not isinstance(value, bool):
        return digits.zfill(shortest)
    if len(digits) in lengths:
        return digits
    if field == "npwp":
        message = _("the NPWP %(value)s must have 15 or 16 digits; it has %(count)s.")
    else:
        message = _("the NIB %(value)s must have 13 digits; it has %(count)s.")
    message %= {"value": typed, "count": len(digits)}
    if lost_zeros:
        message += " " + _("Its leading 0 was probably lost in a column formatted as numbers: format it as text.")
    problem(message)
    return ""


# --- dates -------------------------------------------------------------------------------------------------------
_MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_WORDS = re.compile(r"^(?:[A-Za-z'’]+,\s*)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")  # "(Senin,) 25 November 2026"
_PERIOD_SEPARATOR = re.compile(
    r"\s+(?:[-–—]|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to|until)\s+|\s*[–—]\s*", re.IGNORECASE
)
# Excel's serial day numbers of 1 January 1990 and 31 December 2199: a bare number cell in that range is a date
# whose cell lost its date format. (Serials count from 30 December 1899.)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SERIAL_RANGE = (32874, 109573)


def _split_period(text: str) -> tuple[str, str] | None:
    parts = _PERIOD_SEPARATOR.split(text.strip())
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None
    return parts[0].strip(), parts[1].strip()


def _date(value, field: str, problem) -> datetime.date | None:
    label = _FIELD_LABELS[field]
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        problem(_("the %(field)s %(value)s is a number, not a date.") % {"field": label, "value": cell_text(value)})
        return None
    typed = cell_text(value)
    if not typed or typed in ("-", "—"):
        return None
    parts = None
    if match := _DMY.match(typed):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _YMD.match(typed):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _WORDS.match(typed)) and match[2].lower() in _MONTHS:
        parts = (int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    if parts is None:
        problem(
            _("the %(field)s “%(value)s” is not a date: write it as 25/11/2026, 2026-11-25 or 25 November 2026.")
            % {"field": label, "value": typed}
        )
        return None
    try:
        return datetime.date(*parts)
    except ValueError:
        problem(_("the %(field)s %(value)s is not a real date.") % {"field": label, "value": typed})
        return None
