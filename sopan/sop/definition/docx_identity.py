"""The identity block of a Word SOP, read by its printed labels ("Nomor SOP", "Tanggal Efektif", "Dasar Hukum" …).

The layouts found in the seeds are all read: a label and its value in one cell ("Nama SOP : SOP PEMBINAAN PELAKU
USAHA"), several labels in one cell (Pagar Alam's header cell), a label cell with its value to the right ("No.
Dokumen | : SOP-LPSE.BTG-017", Batang) or below it ("DASAR HUKUM" over the list, Pagar Alam's Manajemen Resiko).
Values are kept as printed (dates too: the loader reads printed dates); lists are split into their numbered items.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Printed label → identity field. Longer labels first, so "Tanggal Revisi" is not read as "Revisi".
LABELS = (
    ("nomor sop", "number"),
    ("no. sop", "number"),
    ("no sop", "number"),
    ("nomor dokumen", "number"),
    ("no. dokumen", "number"),
    ("tanggal pembuatan", "created_on"),
    ("tanggal revisi", "revised_on"),
    ("tanggal efektif", "effective_on"),
    ("berlaku efektif", "effective_on"),
    ("disahkan oleh", "approved_by"),
    ("disetujui oleh", "approved_by"),
    ("dibuat oleh", "prepared_by"),
    ("disusun oleh", "prepared_by"),
    ("dikaji oleh", "reviewed_by"),
    ("diperiksa oleh", "reviewed_by"),
    ("nama sop", "title"),
    ("dasar hukum", "legal_basis"),
    ("kualifikasi pelaksanaan", "qualifications"),
    ("kualifikasi pelaksana", "qualifications"),
    ("keterkaitan", "related"),
    ("peralatan/perlengkapan", "equipment"),
    ("peralatan / perlengkapan", "equipment"),
    ("peralatan dan perlengkapan", "equipment"),
    ("pencatatan dan pendataan", "records"),
    ("peringatan", "warnings"),
    ("penjelasan singkat", "summary"),
    ("tujuan", "purpose"),
    ("definisi", "definitions"),
    ("revisi", "revision"),
)
LIST_LABELS = {"legal_basis", "qualifications", "related", "equipment", "records", "warnings", "summary", "purpose"}
LIST_LABELS.add("definitions")
# A label followed by a colon, or starting a paragraph with the value after it on the same line ("Dasar Hukum 1. …")
# or alone.
_ALTERNATIVES = "|".join(re.escape(label) for label, _field in LABELS)
_LABEL_RE = re.compile(
    rf"^[ \t]*(?P<a>{_ALTERNATIVES})(?=[ \t]*(?:$|\d))|\b(?P<b>{_ALTERNATIVES})[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
_FIELDS = dict(LABELS)
# "1. text", "2) text", "a. text" at the start of an item; inline "… 1. Undang-Undang … 2. Peraturan …" splits there.
_ITEM_START = re.compile(r"^\s*(?:\d{1,2}|[a-z])\s*[.)]\s*|^\s*\d{1,2}\s+(?=[A-Z])")
_SIGNED = ("dto", "ttd", "ttd.")  # "signed" where the signature was
_HEADERS = ("pemerintah", "kementerian", "lembaga", "badan", "sekretariat")


def _labels_in(text: str) -> list[tuple[str, int, int]]:
    """(field, start of the label, end of the label) for every label in a cell's text."""
    found = []
    for match in _LABEL_RE.finditer(text):
        label = (match["a"] or match["b"]).lower()
        found.append((_FIELDS[label], match.start(), match.end()))
    return found


def _inline_items(line: str) -> list[str]:
    """Split "1. A … 2. B …" written in one paragraph at its item numbers, counted 1, 2, 3 (so that "Nomor 60 Tahun"
    inside an item is not taken for item 60)."""
    parts, start, n = [], 0, 2
    while match := re.compile(rf"(?<!\d){n}\s*[.)]?\s+(?=[A-Z])").search(line, start + 1):
        parts.append(line[start : match.start()])
        start, n = match.start(), n + 1
    return [*parts, line[start:]] if parts and _ITEM_START.match(line) else [line]


def _split_items(value: str) -> list[str]:
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in _inline_items(lines[0]) if part.strip()]
    items = [_ITEM_START.sub("", line).strip() for line in lines]
    return [item for item in items if item and item != ":"]


PEOPLE = {"prepared_by": "Dibuat oleh", "reviewed_by": "Dikaji oleh", "approved_by": "Disahkan oleh"}


def _person(value: str, doubts: list[str], label: str = PEOPLE["approved_by"]) -> dict[str, str]:
    """Dibuat, Dikaji or Disahkan oleh as printed: the position first, then the name, then "NIP …"; "dto"/"ttd"
    (signed) dropped."""
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    nip = next(
        (re.sub(r"^nip\.?\s*:?\s*", "", line, flags=re.I) for line in lines if line.lower().startswith("nip")), ""
    )
    lines = [
        line for line in lines if not line.lower().startswith("nip") and line.lower() not in ("dto", "ttd", "ttd.")
    ]
    if len(lines) == 1:
        doubts.append(
            _("%(label)s has one line, %(line)r, read as the position: if it is the name, move it to name.")
            % {"label": label, "line": lines[0]}
        )
        return {"position": lines[0], "nip": nip}
    if not lines:
        return {"nip": nip} if nip else {}
    return {"position": " ".join(lines[:-1]), "name": lines[-1], "nip": nip}


class _Cells:
    """The identity table as a grid of distinct cells' texts (a merged cell counted once, where it starts)."""

    def __init__(self, table):
        self.grid: list[list[str | None]] = []
        seen = {}  # id → element: held, so that an id is not reused by another element's proxy
        for row in table.rows:
            texts: list[str | None] = []
            for cell in row.cells:
                if id(cell._tc) in seen:
                    texts.append(None)
                    continue
                seen[id(cell._tc)] = cell._tc
                texts.append("\n".join(p.text for p in cell.paragraphs).strip())
            self.grid.append(texts)

    def neighbour(self, r: int, c: int) -> str:
        """The value of a label written alone: the next cell to the right, else the cell below, if not a label."""
        right = next((t for t in self.grid[r][c + 1 :] if t is not None), None)
        below = self.grid[r + 1][c] if r + 1 < len(self.grid) and c < len(self.grid[r + 1]) else None
        for candidate in (right, below):
            if candidate and not _labels_in(candidate):
                return candidate.lstrip(": ").strip()
        return ""


def read_identity(table, doubts: list[str]) -> dict:
    """The identity fields found in the table, as the data form of `identity` (values as printed)."""
    cells = _Cells(table)
    values: dict[str, str] = {}
    header = ""
    for r, row in enumerate(cells.grid):
        for c, text in enumerate(row):
            if not text:
                continue
            labels = _labels_in(text)
            if not labels:
                if not header and text.lower().startswith(_HEADERS):
                    header = text
                continue
            for i, (name, _start, end) in enumerate(labels):
                stop = labels[i + 1][1] if i + 1 < len(labels) else len(text)
                value = text[end:stop].strip().lstrip(":").strip()
                if not value and i + 1 == len(labels):
                    value = cells.neighbour(r, c)
                if value and name not in values:
                    values[name] = value
    return _identity_data(values, header, doubts)


def _identity_data(values: dict[str, str], header: str, doubts: list[str]) -> dict:
    identity: dict = {}
    if header:
        lines = [line.strip() for line in header.split("\n") if line.strip()]
        identity["organization"] = lines[0]
        if len(lines) > 1:
            identity["unit"] = " ".join(lines[1:])
    for name, value in values.items():
        if name in PEOPLE:
            identity[name] = _person(value, doubts, PEOPLE[name])
        elif name == "related":
            identity[name] = [{"title": item} for item in _split_items(value)]
        elif name in LIST_LABELS:
            identity[name] = _split_items(value)
        elif name == "revision":  # "00", "Revisi ke-1"; "-" is the first edition
            digits = re.sub(r"\D", "", value)
            if digits or value.strip(" -"):
                identity[name] = int(digits) if digits else value
        else:
            identity[name] = " ".join(value.split())
    return identity
