"""An SOP from a Word file (.docx) in the official layout: the identity table, then the flowchart table.

The flowchart table is read by its column headers, in one header row or two ("Pelaksana" over the lane names, "Mutu
Baku" over Kelengkapan / Waktu / Output; Batang's SOP-LPSE.BTG-017 and every Pagar Alam SOP are printed so): No,
Kegiatan (Aktivitas), one column per Pelaksana, Kelengkapan/Persyaratan, Waktu, Output, Keterangan. A header the
reader does not know, between Kegiatan and the mutu baku, is a lane (Salatiga's "Pengguna | Pengelola Pendukung
Layanan", printed without "Pelaksana" over them).

Each row is a step. Its lane is the column whose cell holds the drawn symbol, its symbol the shape's type
(`docx_shapes`); the first terminator is the start, the others are ends. A step goes on to the next row unless its
text says where ("lanjut ke langkah 8", "kembali ke aktivitas No. 1"); a decision's exits are read from its text, its
Keterangan and the labels beside its arrows where they can be, and otherwise recorded as doubts. The result is the
data form of a definition with its doubts: imported as a draft, it is finished in the editor.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import PurePath

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import docx_identity
from .docx_flow import link_steps
from .docx_shapes import TERMINATOR, cell_drawing
from .model import FORMAT, Symbol

_COLUMNS = (
    ("number", ("no", "no.", "nomor")),
    ("text", ("kegiatan", "aktivitas", "aktifitas", "uraian kegiatan", "uraian prosedur", "uraian")),
    ("requirements", ("kelengkapan", "persyaratan", "perlengkapan", "persyaratan/perlengkapan")),
    ("requirements", ("kelengkapan/persyaratan", "persyaratan / perlengkapan", "kelengkapan / persyaratan")),
    ("time", ("waktu",)),
    ("output", ("output", "keluaran")),
    ("notes", ("keterangan", "ket", "ket.")),
)
_GROUPS = ("pelaksana", "pelaksanaan", "mutu baku")
_STEP_NUMBER = re.compile(r"^(?:\d{1,3}[a-z]?|[a-z])\.?$", re.IGNORECASE)


class WordError(ValueError):
    """The file cannot be read as an SOP at all (not a Word file, or no flowchart table)."""


@dataclass
class WordReading:
    data: dict
    doubts: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=110)


def _norm(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).strip().lower().rstrip(":").strip()


def _column_kind(header: str) -> str:
    name = _norm(header)
    for kind, names in _COLUMNS:
        if name in names:
            return kind
    if name.startswith(("kelengkapan", "persyaratan", "perlengkapan")):
        return "requirements"
    return ""


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _is_flowchart(table) -> bool:
    if not table.rows:
        return False
    kinds = {_column_kind(_cell_text(c)) for c in table.rows[0].cells}
    return "number" in kinds and "text" in kinds


@dataclass
class _Layout:
    columns: dict[int, str]  # grid column → "number" | "text" | "requirements" | "time" | "output" | "notes"
    lanes: dict[int, str]  # grid column → lane name as printed
    header_rows: int


def _layout(table) -> _Layout:
    top = [_cell_text(c) for c in table.rows[0].cells]
    two_rows = any(_norm(t) in _GROUPS for t in top)
    sub = [_cell_text(c) for c in table.rows[1].cells] if two_rows and len(table.rows) > 1 else top
    columns, lanes = {}, {}
    text_seen = False
    for i, head in enumerate(top):
        below = sub[i] if i < len(sub) else ""
        kind = _column_kind(head) or (two_rows and _column_kind(below))
        if kind and not (kind in columns.values() and kind in ("number", "text")):
            columns[i] = kind
            text_seen = text_seen or kind == "text"
        elif _norm(head) in ("pelaksana", "pelaksanaan") and below.strip() and below != head:
            lanes[i] = " ".join(below.split())
        elif text_seen and head.strip() and _norm(head) not in _GROUPS and not _past_lanes(columns):
            lanes[i] = " ".join(head.split())  # lanes printed without "Pelaksana" over them
    return _Layout(columns=columns, lanes=lanes, header_rows=2 if two_rows else 1)


def _past_lanes(columns: dict[int, str]) -> bool:
    """A mutu baku column or Keterangan is already seen: the lanes lie before them."""
    return bool(set(columns.values()) - {"number", "text"})


def _lane_keys(names: list[str]) -> list[str]:
    keys = []
    for i, name in enumerate(names):
        key = slugify(name)[:40].strip("-") or f"pelaksana-{i + 1}"
        while key in keys:
            key = f"{key}-{i + 1}"
        keys.append(key)
    return keys


def _row_values(row, layout: _Layout) -> dict:
    values: dict = {}
    for i, cell in enumerate(row.cells):
        kind = layout.columns.get(i)
        if kind and kind not in values:
            values[kind] = _cell_text(cell)
    return values


def _is_numbering_row(values: dict) -> bool:
    """The row of column numbers some templates print under the headers: (1) (2) (3) …"""
    return bool(re.fullmatch(r"\(?\d{1,2}\)?", values.get("text", "").strip()))


def _steps(table, layout: _Layout, lane_keys: dict[int, str]) -> list[dict]:
    steps, parent = [], ""
    for row in table.rows[layout.header_rows :]:
        values = _row_values(row, layout)
        if not values.get("text", "").strip() or _is_numbering_row(values) or _column_kind(values["text"]) == "text":
            continue  # an empty row, the column numbers (1) (2) …, or the headers printed again
        printed = values.get("number", "").strip().rstrip(".")
        if printed and not _STEP_NUMBER.match(printed):
            printed = ""
        if printed.isalpha():  # "a." under step 7 is printed as a sub-step: 7a
            printed = f"{parent}{printed.lower()}"
        elif printed:
            parent = printed.rstrip("abcdefghijklmnopqrstuvwxyz")
        step = {"number": printed, "text": " ".join(values["text"].split())}
        _place(step, row, layout, lane_keys)
        for name in ("requirements", "time", "output", "notes"):
            value = values.get(name, "").strip()
            if value:
                step[name] = [v.strip() for v in value.split("\n") if v.strip()] if name == "requirements" else value
        steps.append(step)
    return steps


def _place(step: dict, row, layout: _Layout, lane_keys: dict[int, str]) -> None:
    """The step's lanes (the columns whose cell holds a symbol) and its symbol; the text written in a lane cell (a
    number, "Mulai") when nothing is drawn."""
    seen, lanes, shapes, labels, written = set(), [], [], [], []
    for i, cell in enumerate(row.cells):
        if i not in lane_keys or id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        drawing = cell_drawing(cell._tc)
        labels.extend(drawing.labels)
        if drawing.shapes:  # a shape of a kind Sopan does not know still marks the lane
            lanes.append(lane_keys[i])
            shapes.extend(drawing.shapes)
        elif _cell_text(cell):
            written.append((lane_keys[i], _cell_text(cell)))
    step["_labels"] = labels
    notes = []
    if shapes:
        step["_shape"] = next((s.symbol for s in shapes if s.symbol), "")
        if not step["_shape"]:
            notes.append(
                _("The shape %(kind)r is not a flowchart symbol Sopan knows; it is read as a process.")
                % {"kind": shapes[0].kind}
            )
        if len({s.symbol for s in shapes}) > 1:
            notes.append(
                _("Several symbols are drawn in this row (%(kinds)s); the first known one is taken.")
                % {"kinds": ", ".join(s.kind for s in shapes)}
            )
    elif written:
        lanes = [lane for lane, _text in written]
        text = written[0][1].lower()
        step["_shape"] = TERMINATOR if text.startswith(("mulai", "selesai")) else ""
        notes.append(
            _("No symbol is drawn in this row; the lane is read from the text %(text)r written in its column.")
            % {"text": written[0][1]}
        )
    else:
        step["_shape"] = ""
        notes.append(
            _("No symbol is found in the Pelaksana columns of this row: write the lane (lanes) and the symbol.")
        )
    step["lanes"] = lanes
    step["_notes"] = notes


def _symbols(steps: list[dict]) -> None:
    """Terminators: the first is the start, the others are ends. Without a drawn start, step 1 is taken as it."""
    terminators = [i for i, s in enumerate(steps) if s["_shape"] == TERMINATOR]
    for i, step in enumerate(steps):
        shape = step.pop("_shape")
        if shape == TERMINATOR:
            step["symbol"] = Symbol.START if i == terminators[0] and i == 0 else Symbol.END
        else:
            step["symbol"] = shape or Symbol.PROCESS
    if steps and steps[0]["symbol"] != Symbol.START:
        steps[0]["symbol"] = Symbol.START
        steps[0]["_notes"].append(_("No terminator (Mulai) is drawn on the first row; it is taken as the start."))


def _step_keys(steps: list[dict]) -> None:
    keys: set[str] = set()
    for i, step in enumerate(steps):
        base = f"langkah-{slugify(step['number'])}" if step["number"] else f"baris-{i + 1}"
        key = base
        while key in keys:
            key = f"{base}-{i + 1}"
        keys.add(key)
        step["key"] = key


WORD_MAX_BYTES = 5 * 1024 * 1024  # a Word SOP with its logo; the definition read from it is far smaller


def is_zip(head: bytes) -> bool:
    """A .docx is a ZIP package: what is checked as Word rather than read as YAML text."""
    return head.startswith(b"PK\x03\x04")


def read_upload(uploaded) -> WordReading:
    """A Word SOP uploaded (or opened by the command line), checked by its content like every office upload
    (`sopan.core.uploads`: a .docx package without macros, embedded objects or outside links), then read. Raises
    ValidationError for a file that is not such a document, WordError when it holds no SOP table."""
    from sopan.core.uploads import DOCX, check_upload

    checked = check_upload(uploaded, allowed=(DOCX,), max_bytes=WORD_MAX_BYTES)
    return read_docx(checked.content, source=checked.name)


def _open(content: bytes):
    import docx  # python-docx; imported here, where a Word file is read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise WordError(_("not a Word (.docx) document (%(error)s)") % {"error": error}) from None


def _lane_names(layout: _Layout) -> list[str]:
    return [layout.lanes[i] for i in sorted(layout.lanes)]


def _continues(table, previous) -> bool:
    """A table without headers right after a flowchart table, as wide, its first row a step: the rest of it."""
    first = table.rows[0].cells if table.rows else ()
    return len(first) == len(previous.rows[0].cells) and bool(_STEP_NUMBER.match(_cell_text(first[0]).strip()))


def _flowchart_parts(tables: list, doubts: list[str]) -> list[tuple[object, _Layout]]:
    """The first flowchart table, and the tables after it with the same lanes (or none repeated): one flowchart split
    over pages. A table with other lanes is another SOP of the same file (Pagar Alam's decree holds thirteen): not
    read."""
    parts: list[tuple[object, _Layout]] = []
    for table in tables:
        if not _is_flowchart(table):
            if parts and _continues(table, parts[-1][0]):
                parts.append((table, replace(parts[-1][1], header_rows=0)))
            continue
        layout = _layout(table)
        if parts and _lane_names(layout) != _lane_names(parts[0][1]):
            doubts.append(_("The file holds more flowchart tables with other lanes: only the first SOP is read."))
            break
        parts.append((table, layout))
    return parts


def read_docx(content: bytes, *, source: str = "import") -> WordReading:
    """Read a Word SOP. Raises WordError when the file has neither an identity table nor a flowchart table."""
    tables = list(_open(content).tables)
    doubts: list[str] = []
    parts = _flowchart_parts(tables, doubts)
    first = tables.index(parts[0][0]) if parts else len(tables)
    identity: dict = {}
    for table in tables[:first]:  # the identity table, and a Lembar Pengesahan before it
        for name, value in docx_identity.read_identity(table, doubts).items():
            identity.setdefault(name, value)
    if not parts:
        if not identity:
            raise WordError(_("no identity table and no flowchart table (with the columns No and Kegiatan) found"))
        doubts.append(_("No flowchart table (with the columns No and Kegiatan) is found: add the lanes and steps."))
        return _reading(identity, [], [], doubts, source)
    names = _lane_names(parts[0][1])
    keys = _lane_keys(names)
    steps = []
    for table, layout in parts:
        steps.extend(_steps(table, layout, dict(zip(sorted(layout.lanes), keys, strict=True))))
    if not steps:
        doubts.append(_("The flowchart table has no rows of steps."))
    _symbols(steps)
    _step_keys(steps)
    link_steps(steps)
    lanes = [{"key": k, "name": n, "roles": []} for k, n in zip(keys, names, strict=True)]
    for lane in lanes:
        doubts.append(
            _(
                "Lane %(name)r: name the roles that execute it (roles), or leave it without roles if it is an "
                "outside party."
            )
            % {"name": lane["name"]}
        )
    return _reading(identity, lanes, steps, doubts, source)


def _reading(identity: dict, lanes: list, steps: list, doubts: list[str], source: str) -> WordReading:
    """The data form, with the document's doubts in `doubts` and each step's in its `doubt`; `WordReading.doubts`
    lists them all, for the person importing."""
    if not identity.get("title"):
        doubts.append(_("The Nama SOP is not found: write the title (the file name is taken for now)."))
    title = identity.get("title") or PurePath(source).stem
    identity = {"title": title, **{k: v for k, v in identity.items() if k != "title"}}
    key = slugify(re.sub(r"^sop\s+", "", title, flags=re.IGNORECASE))[:60].strip("-") or "sop"
    every = list(doubts)
    for step in steps:
        step_doubts = step.pop("_notes")
        step.pop("_labels", None)
        if step_doubts:
            step["doubt"] = " ".join(step_doubts)
            every.append(
                _("step %(number)s: %(doubt)s") % {"number": step["number"] or step["key"], "doubt": step["doubt"]}
            )
    data = {
        "format": FORMAT,
        "key": key,
        "source": _("%(name)s (Word)") % {"name": PurePath(source).name},
        "doubts": list(doubts),
        "identity": identity,
        "lanes": lanes,
        "steps": [_ordered(step) for step in steps],
    }
    if not data["doubts"]:
        del data["doubts"]
    return WordReading(data=data, doubts=every)


def _ordered(step: dict) -> dict:
    order = ("key", "number", "text", "symbol", "lanes", "requirements", "time", "output", "notes", "next", "exits")
    return {name: step[name] for name in (*order, "doubt") if name in step}
