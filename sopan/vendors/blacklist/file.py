"""Reading the national blacklist file (Daftar Hitam) as LKPP publishes it: CSV or XLSX, judged by content.

CSV is text (UTF-8, with or without BOM, else Windows-1252, as Excel writes it); XLSX is a ZIP that openpyxl opens,
checked first for a zip bomb. Headers may be Indonesian or English, in any case and with the usual variants; the header
row may sit below a title. Every wrong row is named; the caller (`blacklist.services`) writes nothing unless all are
right.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.cells import cell_text
from sopan.core.uploads import check_name_characters, human_size
from sopan.core.uploads.detect import content_type_of
from sopan.vendors.blacklist.limits import (
    _CSV_EXTENSIONS,
    _OLE_SIGNATURE,
    _XLSX_EXTENSIONS,
    _ZIP_SIGNATURE,
    END_AFTER_EMPTY_ROWS,
    FILE_NAME_MAX,
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    MAX_ZIP_MEMBERS,
    RATIO_FLOOR,
    _Entry,
    _file_error,
)
from sopan.vendors.blacklist.rows import _find_header, _rows_to_entries


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
                empty_run = 0 if any(cell_text(v) for v in values) else empty_run + 1
                if empty_run >= END_AFTER_EMPTY_ROWS or len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
            sheets.append((sheet.title, rows))
    except Exception as error:
        raise damaged from error
    finally:
        workbook.close()
    return sheets
