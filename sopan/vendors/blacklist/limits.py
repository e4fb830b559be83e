"""The limits of a blacklist file (size, zip bomb, rows, columns, field lengths) and one entry as read from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

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
