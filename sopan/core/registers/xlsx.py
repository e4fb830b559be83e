"""A register's XLSX file: written from the filtered list, read back row by row for the import.

The file's columns are the register's declared `columns`, headed in Indonesian. A choice is written by its label and
read back by its stored value or its label (Indonesian or English, any case); a date cell or ISO text both read as a
date. The upload itself is checked by content first (`sopan.core.uploads`: a real workbook, within zip limits, no
macros), then opened read-only, so a sheet is streamed and never built whole in memory.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _

from sopan.core.registers.declaration import MAX_IMPORT_ROWS, Register
from sopan.core.uploads import XLSX, check_upload

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
END_AFTER_EMPTY_ROWS = 100  # formatting applied to whole columns leaves empty rows behind the data


def _header_key(value) -> str:
    return " ".join(str(value or "").lower().split())


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- writing -----------------------------------------------------------------------------------------------------
def _export_value(register: Register, row, name: str):
    field = register.model_field(name)
    if field.choices:
        return str(getattr(row, f"get_{name}_display")())
    value = getattr(row, field.attname)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; the list shows the same wall time
    return value


def export(register: Register, rows: Iterable) -> bytes:
    """The workbook of `rows` (the caller bounds them), one sheet, the declared columns with their headers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(register.title)[:31])
    bold = Font(bold=True)
    headers = []
    for column in register.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        headers.append(cell)
    sheet.append(headers)
    for row in rows:
        sheet.append([_export_value(register, row, column.field) for column in register.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------------------------
@dataclass
class Sheet:
    """The rows of an uploaded file as form data, by spreadsheet row number, and where each field's column is."""

    rows: list[tuple[int, dict]]
    letters: dict[str, str]  # field -> column letter in this file, for messages naming a cell

    def as_json(self) -> dict:
        """Plain JSON (dates as ISO text, which the form reads back), to carry from the preview to the confirmation."""
        return json.loads(json.dumps({"rows": self.rows, "letters": self.letters}, cls=DjangoJSONEncoder))

    @classmethod
    def from_json(cls, value: dict) -> Sheet:
        return cls(rows=[(int(number), dict(data)) for number, data in value["rows"]], letters=dict(value["letters"]))


def _choice_values(register: Register, name: str) -> dict[str, object]:
    """Stored value or label (in both languages, any case) -> stored value."""
    known: dict[str, object] = {}
    for value, label in register.model_field(name).flatchoices:
        known[_header_key(value)] = value
        for language in ("id", "en"):
            with translation.override(language):
                known.setdefault(_header_key(label), value)
    return known


def _form_value(register: Register, name: str, value, choices: dict[str, dict]):
    """A cell as the model form expects it."""
    if value is None:
        return ""
    field = register.model_field(name)
    if name in choices:
        return choices[name].get(_header_key(value), value)
    internal = field.get_internal_type()
    if isinstance(value, datetime.datetime) and internal == "DateField":
        return value.date()
    if isinstance(value, float) and value.is_integer() and internal != "FloatField":
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read(register: Register, upload) -> Sheet:
    """The non-empty rows of the first sheet as form data; ValidationError for an unfit file.

    The file is checked by its content (an XLSX workbook and nothing else), and its first row must carry every
    declared header; columns it has beyond those are ignored."""
    import openpyxl

    checked = check_upload(upload, allowed=(XLSX,))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(checked.content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed input
        raise ValidationError(
            _("The Excel workbook (XLSX) is damaged and cannot be opened."), code="damaged"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=len(register.columns) + 20)
        header = next(rows, ())
        positions = {_header_key(value): index for index, value in enumerate(header) if value is not None}
        missing = [column.header for column in register.columns if _header_key(column.header) not in positions]
        if missing:
            raise ValidationError(
                _("The first row of the sheet must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(missing)},
                code="columns",
            )
        letters = {c.field: _column_letter(positions[_header_key(c.header)]) for c in register.columns}
        choices = {
            c.field: _choice_values(register, c.field)
            for c in register.columns
            if register.model_field(c.field).choices
        }
        found, empty_run = [], 0
        for number, values in enumerate(rows, start=2):
            data = {}
            for column in register.columns:
                index = positions[_header_key(column.header)]
                value = values[index] if index < len(values) else None
                data[column.field] = _form_value(register, column.field, value, choices)
            if not any(value not in ("", None) for value in data.values()):
                empty_run += 1
                if empty_run >= END_AFTER_EMPTY_ROWS:
                    break
                continue
            empty_run = 0
            found.append((number, data))
            if len(found) > MAX_IMPORT_ROWS:
                raise ValidationError(
                    _("The file has more than %(count)s rows; import it in parts.") % {"count": MAX_IMPORT_ROWS},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
    if not found:
        raise ValidationError(_("The file has no rows below its header."), code="no_rows")
    return Sheet(rows=found, letters=letters)
