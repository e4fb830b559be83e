"""Reading the national blacklist file (Daftar Hitam) as LKPP publishes it: CSV or XLSX, judged by content.

CSV is text (UTF-8, with or without BOM, else Windows-1252, as Excel writes it); XLSX is a ZIP that openpyxl opens,
checked first for a zip bomb. Headers may be Indonesian or English, in any case and with the usual variants; the header
row may sit below a title. Every wrong row is named; the caller (`services.blacklist`) writes nothing unless all are
right.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.uploads import check_name_characters, human_size
from sopan.core.uploads.detect import content_type_of
from sopan.vendors.identifiers import normalize_digits
from sopan.vendors.models import BlacklistEntry, BlacklistImport

MB = 1024 * 1024
MAX_BYTES = 10 * MB
# An XLSX is a ZIP of XML: a normal workbook unpacks to a few times its size. A zip bomb unpacks to far more.
MAX_UNCOMPRESSED = 200 * MB
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB  # below this much unpacked data the ratio does not matter: nothing big can come out
MAX_ZIP_MEMBERS = 5_000
MAX_ROWS = 100_000  # entries; the national list has a few thousand
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10  # the header may sit below a title ("DAFTAR HITAM NASIONAL", a date, a blank line)
END_AFTER_EMPTY_ROWS = 1_000  # formatting applied to whole columns leaves empty rows behind the data
MAX_REPORTED_ERRORS = 50
NAME_MAX = BlacklistEntry._meta.get_field("name").max_length
SK_MAX = BlacklistEntry._meta.get_field("sk_number").max_length
FILE_NAME_MAX = BlacklistImport._meta.get_field("file_name").max_length

_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, and password-protected XLSX
_CSV_EXTENSIONS = (".csv", ".txt")
_XLSX_EXTENSIONS = (".xlsx", ".xlsm")


@dataclass
class _Entry:
    name: str
    npwp: str
    nib: str
    sk_number: str
    violation: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    def fields(self) -> dict:
        return {
            "name": self.name,
            "npwp": self.npwp,
            "nib": self.nib,
            "sk_number": self.sk_number,
            "violation": self.violation,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
        }


def _file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


# --- reading the upload ------------------------------------------------------------------------------------------
def read_upload(uploaded) -> tuple[str, bytes]:
    raw_name = unicodedata.normalize("NFC", getattr(uploaded, "name", None) or "")
    try:
        check_name_characters(raw_name)
    except ValidationError as error:
        raise _file_error(error.messages[0], error.code) from error
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > MAX_BYTES:
        raise _too_large(declared)
    buffer = bytearray()
    for chunk in uploaded.chunks():
        buffer += chunk[: MAX_BYTES + 1 - len(buffer)]
        if len(buffer) > MAX_BYTES:
            raise _too_large(None)
    if not buffer:
        raise _file_error(_("The file is empty."), "empty")
    name = " ".join(raw_name.split()).strip(". ")[:FILE_NAME_MAX] or "daftar-hitam"
    return name, bytes(buffer)


def _too_large(size: int | None) -> ValidationError:
    limit = human_size(MAX_BYTES)
    if size is not None and human_size(size) != limit:
        return _file_error(
            _("The file is %(size)s; the limit is %(limit)s.") % {"size": human_size(size), "limit": limit}, "too_large"
        )
    return _file_error(_("The file is larger than the limit of %(limit)s.") % {"limit": limit}, "too_large")


def _extension(name: str) -> str:
    match = re.search(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$", name)  # "Daftar Hitam 30.11.2026" has none
    return match.group().lower() if match else ""


_REFUSED_TYPES = {
    "application/pdf": gettext_lazy("a PDF document"),
    "text/html": gettext_lazy("a web page (HTML)"),
    "text/xml": gettext_lazy("an XML file"),
    "application/xml": gettext_lazy("an XML file"),
    "application/msword": gettext_lazy("a Word document"),
    "application/gzip": gettext_lazy("a gzip archive"),
    "application/x-7z-compressed": gettext_lazy("a 7z archive"),
    "application/x-rar": gettext_lazy("a RAR archive"),
    "application/vnd.rar": gettext_lazy("a RAR archive"),
    "application/x-dosexec": gettext_lazy("a Windows program"),
    "application/x-executable": gettext_lazy("a program"),
}


def _refuse_kind(kind: str) -> ValidationError:
    return _file_error(
        _("This file is %(kind)s, not a CSV file or an Excel workbook (XLSX).") % {"kind": kind}, "type_not_allowed"
    )


def parse(name: str, content: bytes) -> list[_Entry]:
    """The entries of the file, or a ValidationError naming what is wrong with the file or with which rows."""
    extension = _extension(name)
    if content.startswith(_ZIP_SIGNATURE):
        if extension and extension not in _XLSX_EXTENSIONS:
            raise _file_error(
                _("The file is named %(extension)s but its content is an Excel workbook (XLSX).")
                % {"extension": extension},
                "extension_mismatch",
            )
        return _rows_to_entries(_xlsx_rows(content))
    if content.startswith(_OLE_SIGNATURE):
        raise _file_error(
            _(
                "This is an Excel 97-2003 workbook (.xls) or a password-protected workbook. Save it in Excel as "
                "“Excel Workbook (.xlsx)” without a password, or as “CSV UTF-8”, and import that file."
            ),
            "xls",
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_error(
            _("This text file is in UTF-16 (Excel's “Unicode Text”). Save it as “CSV UTF-8” and import that file."),
            "utf16",
        )
    content_type = content_type_of(content)
    if content_type in _REFUSED_TYPES:
        raise _refuse_kind(str(_REFUSED_TYPES[content_type]))
    if content_type.startswith("image/"):
        raise _refuse_kind(_("an image"))
    if b"\x00" in content:
        raise _refuse_kind(_("a file of type %(type)s") % {"type": content_type})
    if extension and extension not in _CSV_EXTENSIONS:
        raise _file_error(
            _("The file is named %(extension)s but its content is text (CSV).") % {"extension": extension},
            "extension_mismatch",
        )
    return _rows_to_entries(_csv_rows(content))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _file_error(
            _("The file is not readable text (neither UTF-8 nor Windows-1252); save it as “CSV UTF-8”."),
            "encoding",
        ) from error


def _csv_rows(content: bytes) -> list[tuple[str, list]]:
    """The rows of a CSV file as (sheet label, rows); the separator is the one that gives a header row."""
    text = _decode(content)
    first_choice = None
    for delimiter in (",", ";", "\t", "|"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise _file_error(
                _("The file cannot be read as CSV: %(problem)s.") % {"problem": str(error)}, "csv_broken"
            ) from error
        if first_choice is None:
            first_choice = rows
        if _find_header(rows) is not None:
            return [("", rows)]
    return [("", first_choice or [])]


def _xlsx_rows(content: bytes) -> list[tuple[str, list]]:
    """The rows of each sheet of an XLSX workbook, after checking that it is one and not a zip bomb."""
    import openpyxl

    damaged = _file_error(_("The Excel workbook (XLSX) is damaged and cannot be opened."), "damaged")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise damaged from error
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        if "word/document.xml" in names:
            raise _refuse_kind(_("a Word document"))
        raise _refuse_kind(_("a ZIP archive"))
    unpacked = sum(member.file_size for member in members)
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNCOMPRESSED
        or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * len(content))
    ):
        raise _file_error(
            _(
                "The workbook would unpack to %(size)s from a file of %(packed)s: that is not a normal spreadsheet "
                "(a “zip bomb”), and it is not opened."
            )
            % {"size": human_size(unpacked), "packed": human_size(len(content))},
            "zip_bomb",
        )
    if any(member.flag_bits & 0x1 for member in members):  # encrypted members
        raise damaged
    # openpyxl parses with the standard library's expat (2.4+ refuses entity expansion bombs) and never fetches
    # external entities; read-only mode streams the sheets instead of building them in memory.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ValueError, its own) on malformed input
        raise damaged from error
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = []
            empty_run = 0
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                values = list(values)
                rows.append(values)
                empty_run = 0 if any(_text(v) for v in values) else empty_run + 1
                if empty_run >= END_AFTER_EMPTY_ROWS or len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
            sheets.append((sheet.title, rows))
    except Exception as error:
        raise damaged from error
    finally:
        workbook.close()
    return sheets


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
    return " ".join(re.sub(r"[^a-z0-9]+", " ", _text(value).lower()).split())


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
        first = next((r for r in first_rows if any(_text(v) for v in r)), [])
        cells = ", ".join(f"“{_text(v)}”" for v in first if _text(v))[:300]
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
        if not any(_text(v) for v in values):
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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _row_problem(row: int, problem: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": row, "problem": problem}


def _read_row(values: list, columns: dict[str, int], row: int, problems: list[str]) -> _Entry | None:
    def problem(message: str) -> None:
        problems.append(_row_problem(row, message))

    name = _text(_cell(values, columns, "name"))
    if not name:
        problem(_("the vendor's name is missing."))
    elif len(name) > NAME_MAX:
        problem(_("the vendor's name is longer than %(max)s characters.") % {"max": NAME_MAX})
    npwp = _identifier(_cell(values, columns, "npwp"), "npwp", (15, 16), problem)
    nib = _identifier(_cell(values, columns, "nib"), "nib", (13,), problem)
    sk_number = _text(_cell(values, columns, "sk_number"))
    if len(sk_number) > SK_MAX:
        problem(_("the SK number is longer than %(max)s characters.") % {"max": SK_MAX})
    violation = str(_cell(values, columns, "violation") or "").strip()

    start_value, end_value = _cell(values, columns, "starts_on"), _cell(values, columns, "ends_on")
    period = _text(_cell(values, columns, "period"))
    if period and not _text(start_value) and not _text(end_value):
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
    typed = _text(value)
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
        problem(_("the %(field)s %(value)s is a number, not a date.") % {"field": label, "value": _text(value)})
        return None
    typed = _text(value)
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
