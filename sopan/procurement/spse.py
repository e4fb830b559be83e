"""Reading an SPSE export (the tenders of the organisation's LPSE) as XLSX, CSV or JSON, with SPSE's own column names
(issue 17 §1: SPSE owns the tender data, so it is imported, never re-keyed).

Accepted columns, by the milestone they give (headers compared without case, spaces, dots or underscores):

| field | open-data key (ISB LKPP) | other headers accepted |
|---|---|---|
| kd_tender (required) | kd_tender | Kode Tender |
| kd_rup | kd_rup (SPSE-TenderPengumuman, TenderSelesai), kd_rup_paket | Kode RUP |
| announcement | tgl_pengumuman_tender | tgl_pengumuman, Tanggal Pengumuman |
| selection result (winner set) | tgl_penetapan_pemenang | Tanggal Penetapan Pemenang |
| award letter (SPPBJ) | tgl_sppbj, no_sppbj, nilai_kontrak_sppbj | Tanggal SPPBJ, Nomor SPPBJ, nilai_sppbj |
| contract | tgl_kontrak, no_kontrak, nilai_kontrak | Tanggal Kontrak, Nomor Kontrak |
| handover (BAST) | tgl_bast, no_bast | tgl_serah_terima, Tanggal BAST, Nomor BAST |

The keys are those of LKPP's ISB datasets as read by public clients of them: SPSE-TenderPengumuman and
SPSE-TenderSelesai(-Nilai) (kd_tender, kd_rup, tgl_pengumuman_tender, tgl_penetapan_pemenang, nilai_kontrak), and the
E-Kontrak datasets SPSE-TenderEkontrak-SPPBJ (no_sppbj, tgl_sppbj, nilai_kontrak_sppbj), -Kontrak (no_kontrak,
tgl_kontrak, nilai_kontrak) and -BAPBAST (no_bast, tgl_bast, with the contract's columns again).

The E-Kontrak datasets carry the tender code but not the RUP code, so a row is matched to its package by kd_rup when
the file has it, else by the tender code the package received when its announcement was imported (or typed).

Each row's dates must follow the milestones' order (announcement, selection result, SPPBJ, contract, BAST). A
missing column or an empty cell records nothing. The file is read and checked by `rup.read` (the same reading as
the RUP import). Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sopan.core.cells import cell_text
from sopan.procurement import rup
from sopan.procurement.models import Milestone
from sopan.procurement.rup import RowError, file_error

MAX_ROWS = rup.MAX_ROWS
K = Milestone.Kind

COLUMNS: dict[str, tuple[str, ...]] = {
    "kd_rup": ("kd_rup", "kd_rup_paket", "kode rup", "id rup"),
    "kd_tender": ("kd_tender", "kode tender", "kode_tender", "id tender"),
    "announced_on": ("tgl_pengumuman_tender", "tgl_pengumuman", "tanggal pengumuman"),
    "result_on": ("tgl_penetapan_pemenang", "tanggal penetapan pemenang"),
    "sppbj_on": ("tgl_sppbj", "tanggal sppbj"),
    "sppbj_reference": ("no_sppbj", "nomor sppbj"),
    "sppbj_value": ("nilai_kontrak_sppbj", "nilai_sppbj", "nilai sppbj"),
    "contract_on": ("tgl_kontrak", "tanggal kontrak", "tgl_ttd_kontrak"),
    "contract_reference": ("no_kontrak", "nomor kontrak"),
    "contract_value": ("nilai_kontrak", "nilai kontrak"),
    "handover_on": ("tgl_bast", "tgl_serah_terima", "tanggal bast", "tanggal serah terima"),
    "handover_reference": ("no_bast", "nomor bast"),
}
REQUIRED = ("kd_tender",)
# the milestones in their order, each with the prefix of its columns
STEPS: tuple[tuple[str, str], ...] = (
    (K.ANNOUNCED, "announced"),
    (K.SELECTION_RESULT, "result"),
    (K.SPPBJ, "sppbj"),
    (K.CONTRACT, "contract"),
    (K.HANDOVER, "handover"),
)

_LOOKUP = {rup._key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def is_key(header) -> bool:
    """A column that marks the header row: the RUP code or the tender code."""
    return _LOOKUP.get(rup._key(header)) in ("kd_rup", "kd_tender")


@dataclass
class Step:
    kind: str
    on: datetime.date
    header: str  # the date's column as written in the file
    reference: str = ""
    value: Decimal | None = None


@dataclass
class SpseRow:
    row: int
    kd_rup: str = ""
    kd_tender: str = ""
    steps: list[Step] = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # field -> the header as written in the file


def _columns(records: list[tuple[int, dict]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in records[0][1] if records else ():
        name = _LOOKUP.get(rup._key(header))
        if name and name not in found:
            found[name] = header
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    if missing:
        raise file_error(
            _("Required columns are missing: %(columns)s. The file must have SPSE's own column names.")
            % {"columns": ", ".join(missing)},
            "columns",
        )
    return found


def parse(records: list[tuple[int, dict]]) -> tuple[list[SpseRow], list[RowError]]:
    """The rows as milestones in order, and every error naming its row and column."""
    if not records:
        raise file_error(_("The file has no tender rows."), "empty")
    if len(records) > MAX_ROWS:
        raise file_error(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS}, "too_many_rows")
    columns = _columns(records)
    rows, errors = [], []
    for number, record in records:
        row, row_errors = _row(number, record, columns)
        rows.append(row)
        errors.extend(row_errors)
    return rows, errors


def _row(number: int, record: dict, columns: dict[str, str]) -> tuple[SpseRow, list[RowError]]:
    row = SpseRow(number, headers=columns)
    errors: list[RowError] = []

    def cell(name: str, convert):
        header = columns.get(name)
        if header is None:
            return None
        try:
            return convert(record.get(header))
        except ValueError as error:
            errors.append(RowError(number, header, str(error)))
            return None

    row.kd_rup = cell("kd_rup", lambda v: _code(v, _("RUP code"))) or ""
    row.kd_tender = cell("kd_tender", lambda v: _code(v, _("SPSE tender code"))) or ""
    previous: Step | None = None
    for kind, prefix in STEPS:
        on = cell(f"{prefix}_on", rup.parse_date)
        reference = cell(f"{prefix}_reference", lambda v: cell_text(v)[:100]) or ""
        value = cell(f"{prefix}_value", _value)
        if on is None:
            continue
        step = Step(kind, on, columns[f"{prefix}_on"], reference, value)
        if previous is not None and on < previous.on:
            message = _("The date %(date)s is earlier than the previous milestone (%(previous)s, %(column)s).") % {
                "date": on.isoformat(),
                "previous": previous.on.isoformat(),
                "column": previous.header,
            }
            errors.append(RowError(number, step.header, message))
        row.steps.append(step)
        previous = step
    return row, errors


def _code(value, what: str) -> str:
    text = cell_text(value)
    if not text:
        raise ValueError(_("The value is missing."))
    if not re.fullmatch(r"[0-9A-Za-z.\-]{1,30}", text):
        raise ValueError(
            _("“%(value)s” is not a %(what)s (digits, up to 30 characters).") % {"value": text, "what": what}
        )
    return text


def _value(value) -> Decimal | None:
    text = cell_text(value)
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError(_("The value cannot be negative (%(value)s).") % {"value": text})
    return rup.money(value)
