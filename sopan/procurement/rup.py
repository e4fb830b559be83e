"""Reading a SiRUP export (RUP Paket Penyedia / Swakelola) as XLSX, CSV or JSON, with SiRUP's own column names.

Accepted columns, by the package field they fill (headers compared without case, spaces, dots or underscores):

| field | open-data key (ISB LKPP / SiRUP) | other headers accepted |
|---|---|---|
| kd_rup (required) | kd_rup | Kode RUP, ID RUP |
| name (required) | nama_paket | Nama Paket |
| pagu (required) | pagu | Pagu, Total Pagu, Pagu (Rp) |
| agency (required: one of) | kd_satker, kd_satker_str / nama_satker | Kode Satker / Satuan Kerja, Satker |
| method (required) | metode_pengadaan | Metode Pengadaan, Metode Pemilihan |
| kind (required) | jenis_pengadaan | Jenis Pengadaan |
| fiscal_year (required) | tahun_anggaran | Tahun Anggaran, Tahun |
| funding_source | sumber_dana | Sumber Dana |
| is_domestic | status_pdn ("PDN") | PDN |
| is_small_business | status_ukm ("UKM") | UKM, UMK |
| commitment_officer_name | nama_ppk | PPK |
| budget_holder_name | nama_kpa | PA/KPA, KPA |
| planned_*_on | tgl_awal_pemilihan, tgl_awal_kontrak, tgl_awal_pemanfaatan | Awal Pemilihan / Kontrak / Pemanfaatan |

The open-data keys are those of LKPP's ISB datasets RUP-PaketPenyedia-Terumumkan and RUP-PaketSwakelola (seen in
public clients of those datasets); the Excel headers of the SiRUP screens are not documented publicly and are
accepted as the usual Indonesian spellings. A missing optional column leaves the field as it is.

The file is checked by content first (`sopan.core.uploads`): XLSX as an Office package without macros or zip bomb,
CSV and JSON as plain UTF-8 text (with or without BOM). Nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sopan.core.cells import cell_text
from sopan.core.uploads import MB, XLSX, check_text_upload, check_upload
from sopan.procurement.models import FundingSource, Kind, Method

MAX_BYTES = 10 * MB
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

COLUMNS: dict[str, tuple[str, ...]] = {
    "kd_rup": ("kd_rup", "kode rup", "id rup", "kode_rup"),
    "name": ("nama_paket", "nama paket", "paket"),
    "pagu": ("pagu", "total pagu", "pagu (rp)", "pagu rp"),
    "agency_code": ("kd_satker", "kd_satker_str", "kode satker", "kode satuan kerja"),
    "agency_name": ("nama_satker", "satuan kerja", "satker", "nama satuan kerja"),
    "method": ("metode_pengadaan", "metode pengadaan", "metode pemilihan", "metode"),
    "kind": ("jenis_pengadaan", "jenis pengadaan", "jenis"),
    "fiscal_year": ("tahun_anggaran", "tahun anggaran", "tahun"),
    "funding_source": ("sumber_dana", "sumber dana"),
    "is_domestic": ("status_pdn", "pdn"),
    "is_small_business": ("status_ukm", "ukm", "umk"),
    "commitment_officer_name": ("nama_ppk", "ppk"),
    "budget_holder_name": ("nama_kpa", "pa/kpa", "kpa", "nama_pa_kpa"),
    "planned_selection_on": ("tgl_awal_pemilihan", "awal pemilihan"),
    "planned_contract_on": ("tgl_awal_kontrak", "awal kontrak", "tgl_awal_pelaksanaan_kontrak"),
    "planned_use_on": ("tgl_awal_pemanfaatan", "awal pemanfaatan"),
}
REQUIRED = ("kd_rup", "name", "pagu", "method", "kind", "fiscal_year")


def _key(header) -> str:
    return re.sub(r"[\s._\-]+", "", str(header or "").strip().lower())


_LOOKUP = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def _word(value) -> str:
    return " ".join(re.sub(r"[-_/]+", " ", str(value or "")).lower().split())


KINDS = {
    "barang": Kind.GOODS,
    "pekerjaan konstruksi": Kind.CONSTRUCTION,
    "konstruksi": Kind.CONSTRUCTION,
    "jasa konsultansi": Kind.CONSULTANCY,
    "jasa konsultansi badan usaha": Kind.CONSULTANCY,
    "jasa konsultansi perorangan": Kind.CONSULTANCY,
    "jasa konsultansi badan usaha non konstruksi": Kind.CONSULTANCY,
    "jasa konsultansi badan usaha konstruksi": Kind.CONSULTANCY,
    "jasa lainnya": Kind.OTHER_SERVICES,
    **{_word(value): value for value in Kind.values},
}
METHODS = {
    "tender": Method.TENDER,
    "seleksi": Method.SELECTION,
    "tender cepat": Method.QUICK_TENDER,
    "pengadaan langsung": Method.DIRECT_PROCUREMENT,
    "penunjukan langsung": Method.DIRECT_APPOINTMENT,
    "e purchasing": Method.E_PURCHASING,
    "epurchasing": Method.E_PURCHASING,
    "e katalog": Method.E_PURCHASING,
    "katalog": Method.E_PURCHASING,
    "swakelola": Method.SELF_MANAGED,
    **{_word(value): value for value in Method.values},
}
FUNDING = {
    "apbd": FundingSource.APBD,
    "apbdp": FundingSource.APBDP,
    "apbd p": FundingSource.APBDP,
    "apbd perubahan": FundingSource.APBDP,
    "apbn": FundingSource.APBN,
    "apbnp": FundingSource.APBN,
    "dak": FundingSource.DAK,
    "blud": FundingSource.BLUD,
}
YES = {"pdn", "ukm", "umk", "ya", "y", "true", "1", "yes"}
NO = {
    "",
    "tidak",
    "t",
    "non pdn",
    "tidak pdn",
    "bukan pdn",
    "non ukm",
    "tidak ukm",
    "bukan ukm",
    "non umk",
    "false",
    "0",
    "no",
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class RupRow:
    row: int
    fields: dict = field(default_factory=dict)
    agency_code: str = ""
    agency_name: str = ""
    headers: dict = field(default_factory=dict)  # field -> the header as written in the file


def file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


# --- the file ----------------------------------------------------------------------------------------------------
def read(upload, *, what=None, is_key=None) -> tuple[str, bytes, list[tuple[int, dict]]]:
    """The file's name, bytes and records [(row number, {header: value})], or a ValidationError for the file.
    `what` names the export in the text-file check's message; `is_key(header)` recognises the key column that marks
    the header row (default: kd_rup). The SPSE import (spse.py) reads its files through here too."""
    is_key = is_key or _is_kd_rup
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head == b"PK\x03\x04":
        checked = check_upload(upload, allowed=(XLSX,), max_bytes=MAX_BYTES)
        return checked.name, checked.content, _xlsx_records(checked.content, is_key)
    text = check_text_upload(upload, max_bytes=MAX_BYTES, what=what or _("a SiRUP export (XLSX, CSV or JSON)"))
    text = text.removeprefix("\ufeff")
    name = getattr(upload, "name", "") or "rup"
    content = text.encode()
    if text.lstrip().startswith(("[", "{")):
        return name, content, _json_records(text, is_key)
    return name, content, _csv_records(text, is_key)


def _is_kd_rup(header) -> bool:
    return _LOOKUP.get(_key(header)) == "kd_rup"


def _records(rows: list[list], is_key, first_row: int = 1) -> list[tuple[int, dict]]:
    """Records from a grid: the header is the first of the top rows that names the key column (the RUP code)."""
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(is_key(v) for v in values):
            headers = [str(v or "").strip() for v in values]
            records = []
            for offset, data in enumerate(rows[index + 1 :], start=index + 1 + first_row):
                if not any(str(v if v is not None else "").strip() for v in data):
                    continue
                records.append((offset, {h: v for h, v in zip(headers, data, strict=False) if h}))
            return records
    raise file_error(
        _("No header row with the column kd_rup (Kode RUP) was found in the first %(rows)s rows.")
        % {"rows": HEADER_SEARCH_ROWS},
        "no_header",
    )


def _xlsx_records(content: bytes, is_key) -> list[tuple[int, dict]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed input
        raise file_error(_("The Excel workbook (XLSX) is damaged and cannot be opened."), "damaged") from error
    try:
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1)]
    finally:
        workbook.close()
    return _records(rows, is_key)


def _csv_records(text: str, is_key) -> list[tuple[int, dict]]:
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise file_error(
            _("The file cannot be read as CSV: %(problem)s.") % {"problem": error}, "csv_broken"
        ) from error
    return _records(rows, is_key)


def _json_records(text: str, is_key) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except ValueError as error:
        raise file_error(_("The file is not valid JSON: %(problem)s.") % {"problem": error}, "json_broken") from error
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise file_error(_("A JSON export must be a list of objects, one per package."), "json_shape")
    if data and not any(is_key(k) for k in data[0]):
        raise file_error(_("The JSON objects have no key kd_rup."), "no_header")
    return list(enumerate(data, start=1))


# --- the rows ----------------------------------------------------------------------------------------------------
def _columns(records: list[tuple[int, dict]]) -> dict[str, str]:
    """field -> header as written, for the headers that name a known column; a file-level error if any is missing."""
    headers = list(records[0][1]) if records else []
    found: dict[str, str] = {}
    for header in headers:
        name = _LOOKUP.get(_key(header))
        if name and name not in found:
            found[name] = header
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    if "agency_code" not in found and "agency_name" not in found:
        missing.append("nama_satker / kd_satker")
    if missing:
        raise file_error(
            _("Required columns are missing: %(columns)s. The file must have SiRUP's own column names.")
            % {"columns": ", ".join(missing)},
            "columns",
        )
    return found


def parse(records: list[tuple[int, dict]]) -> tuple[list[RupRow], list[RowError]]:
    """The rows as package fields, and every error naming its row and column."""
    if not records:
        raise file_error(_("The file has no package rows."), "empty")
    if len(records) > MAX_ROWS:
        raise file_error(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS}, "too_many_rows")
    columns = _columns(records)
    rows, errors = [], []
    for number, record in records:
        row = RupRow(number, headers=columns)
        for name, header in columns.items():
            value = record.get(header)
            try:
                _fill(row, name, value)
            except ValueError as error:
                errors.append(RowError(number, header, str(error)))
        rows.append(row)
    return rows, errors


def _fill(row: RupRow, name: str, value) -> None:
    text = cell_text(value)
    if name in ("agency_code", "agency_name"):
        setattr(row, name, text)
    elif name in REQUIRED and not text:
        raise ValueError(_("The value is missing."))
    elif name in ("kd_rup", "name", "commitment_officer_name", "budget_holder_name"):
        row.fields[name] = text[:500] if name == "name" else text[:200]
        if name == "kd_rup" and not re.fullmatch(r"[0-9A-Za-z.\-]{1,30}", text):
            raise ValueError(_("“%(value)s” is not a RUP code (digits, up to 30 characters).") % {"value": text})
    elif name == "pagu":
        row.fields["pagu"] = money(value)
    elif name == "kind":
        row.fields["kind"] = _choice(KINDS, text, _("procurement type"))
    elif name == "method":
        row.fields["method"] = _choice(METHODS, text, _("method"))
    elif name == "funding_source":
        row.fields["funding_source"] = FUNDING.get(_word(text).replace(" ", ""), FundingSource.OTHER)
    elif name == "fiscal_year":
        row.fields["fiscal_year"] = _year(text)
    elif name in ("is_domestic", "is_small_business"):
        row.fields[name] = _flag(text)
    else:
        row.fields[name] = _date(value)


def _choice(table: dict, text: str, what: str) -> str:
    found = table.get(_word(text))
    if found is None:
        raise ValueError(_("“%(value)s” is not a known %(what)s.") % {"value": text, "what": what})
    return str(found)


def money(value) -> Decimal:
    """A Rupiah amount from a number or text: 1500000000, 1.500.000.000, Rp1.500.000.000,00, 1500000000.00."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"(?i)^\s*rp\.?\s*", "", str(value or "")).replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?", text):  # Indonesian: 1.500.000,00
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?", text):  # 1,500,000.00
            text = text.replace(",", "")
        elif re.fullmatch(r"-?\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if amount < 0:
        raise ValueError(_("The budget ceiling (pagu) cannot be negative (%(value)s).") % {"value": value})
    if amount >= Decimal("1e16"):
        raise ValueError(_("The amount %(value)s is too large.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise ValueError(_("“%(value)s” is not a fiscal year.") % {"value": text})
    return int(text)


def _flag(text: str) -> bool:
    word = _word(text)
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": text})


def parse_date(value) -> datetime.date | None:
    """A date from a date, a datetime or text (YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY; a time after it is ignored)."""
    return _date(value)


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).") % {"value": text})
