"""Print an SOP in the official Permen PANRB 35/2012 layout: the identity block and the flowchart table.

Pure Python (no database). `document()` gives a template everything it needs: the identity values and the flowchart
split into A4-landscape pages, each page one SVG that draws the whole table (No | Kegiatan | one column per Pelaksana
| Mutu Baku: Kelengkapan, Waktu, Output | Keterangan) with its header repeated. The table is drawn in SVG, text
wrapping included (glyph widths of DejaVu Sans, the font the PDF uses), so row heights and arrows are exact and the
page on screen and the PDF look the same.

The flowchart: one row per step, its symbol in its lane column(s) (terminator, process, decision, off-page
connector), orthogonal arrows to its successors. An arrow runs straight down, or out of a symbol's side and down into
the next one; where a lane column is blocked (a forward jump past another symbol of that lane, a loop back up) it runs
along a side channel in the gutter beside a lane. Where an arrow crosses a page boundary, a lettered off-page
connector ends it on one page and the same letter starts it again on the other.

The SVG carries no style attributes or elements (the Content-Security-Policy forbids inline styles): presentation
attributes only. `related_map()` draws the Keterkaitan between the SOPs of one organisation.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .definition import Definition, Identity, Step, Symbol

# === Page and type ====================================================================================================
# Units are PostScript points. A4 landscape is 842 x 595 pt; print.css gives 34 pt margins left and right, so the
# flowchart is drawn at its printed size; on screen it scales to the width of its container.
PAGE_WIDTH = 774.0
PAGE_HEIGHT = 512.0  # the height budget of one flowchart page (A4 landscape less margins and footer)
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
FONT_SIZE = 7.0
HEADER_FONT_SIZE = 7.0
LABEL_FONT_SIZE = 6.0
LINE_HEIGHT = 1.25
CELL_PAD_X = 3.0
CELL_PAD_Y = 3.5

INK = "#000000"
GRID = "#6c6c6c"
HEADER_FILL = "#e6e6e6"
STATUS_FILL = {
    "done": "#a6dba0",
    "open": "#9ec5fe",
    "overdue": "#f0625d",
    "skipped": "#d9d9d9",
}
UNTOUCHED_FILL = "#ffffff"
STATUSES = ("done", "open", "overdue", "skipped")

# Symbol sizes and the space kept around them for arrows.
TERMINATOR_H = 16.0
PROCESS_H = 18.0
DECISION_H = 26.0
CONNECTOR_SIZE = 16.0
SYMBOL_MAX_W = 62.0
GUTTER_MIN = 12.0  # between a symbol and its lane's border: room for the side channels
ROW_MARGIN = 13.0  # above and below a symbol: room for arrows turning into it
APPROACH = 6.5  # where an arrow from a side channel turns into the top of a symbol
JOG = 6.5  # where an arrow leaving the bottom of a symbol turns aside
TRACK_STEP = 4.0
BAND_H = 40.0  # the band of off-page connectors at the top or bottom of a page
HEAD_LEN = 5.0
HEAD_HALF = 2.2
LEGEND_H = 16.0


# === Text measuring and wrapping =====================================================================================
def _find_font(name: str) -> Path | None:
    for root in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        found = sorted(Path(root).glob(f"**/{name}")) if Path(root).is_dir() else []
        if found:
            return found[0]
    return None


@functools.cache
def _advances(bold: bool) -> dict[str, float]:
    """Advance widths in em of DejaVu Sans (the font of the PDF); empty when the font is not installed."""
    path = _find_font("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path is None:
        return {}
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), lazy=True)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {chr(code): metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    except (ImportError, OSError, KeyError, ValueError):
        return {}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of `text` in points (an estimate when DejaVu Sans is not installed)."""
    advances = _advances(bold)
    default = 0.62 if bold else 0.58
    return size * sum(advances.get(char, default) for char in text)


def wrap(text: str, width: float, size: float = FONT_SIZE, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width`; a word too long for a line breaks after / or -, or anywhere."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold=bold) > width and len(line) > 1:
                cut = _cut(line, width, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _cut(word: str, width: float, size: float, bold: bool) -> int:
    fits = 1
    while fits < len(word) and text_width(word[: fits + 1], size, bold=bold) <= width:
        fits += 1
    for i in range(fits - 1, 0, -1):
        if word[i - 1] in "/-_.,;":
            return i
    return fits


# === SVG helpers =====================================================================================================
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _esc(text: str) -> str:
    return escape(_CONTROL.sub("", str(text)))


def _attr(text: str) -> str:
    return quoteattr(_CONTROL.sub("", str(text)))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _text(
    x: float, y: float, text: str, *, anchor: str = "", bold: bool = False, size: float = 0, cls: str = ""
) -> str:
    extra = ""
    if anchor:
        extra += f' text-anchor="{anchor}"'
    if bold:
        extra += ' font-weight="bold"'
    if size:
        extra += f' font-size="{_n(size)}"'
    if cls:
        extra += f' class="{cls}"'
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{_esc(text)}</text>'


def _text_block(x: float, y: float, lines: Sequence[tuple[str, float]], *, size: float, anchor: str = "", bold=False):
    """Lines (text, indent) from the top `y`: the first baseline sits one ascent below."""
    out = []
    baseline = y + size * 0.93
    for text, indent in lines:
        if text:
            out.append(_text(x + indent, baseline, text, anchor=anchor, bold=bold))
        baseline += size * LINE_HEIGHT
    return out


def _svg(width: float, height: float, label: str, body: Iterable[str], *, cls: str, font_size: float) -> SafeString:
    return mark_safe(  # noqa: S308 - every text and attribute value inside is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" role="img" aria-label={_attr(label)} '
        f'viewBox="-1 -1 {_n(width + 2)} {_n(height + 2)}" width="{_n(width + 2)}" height="{_n(height + 2)}" '
        f'font-family={_attr(FONT_FAMILY)} font-size="{_n(font_size)}" fill="{INK}">'
        f"<title>{_esc(label)}</title>" + "".join(body) + "</svg>"
    )


def _arrowhead(tail: tuple[float, float], tip: tuple[float, float]) -> str:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * HEAD_LEN, tip[1] - uy * HEAD_LEN
    left, right = (bx - uy * HEAD_HALF, by + ux * HEAD_HALF), (bx + uy * HEAD_HALF, by - ux * HEAD_HALF)
    return f'<polygon points="{_points([tip, left, right])}"/>'


def _line(x1: float, y1: float, x2: float, y2: float, extra: str = "") -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"{extra}/>'


def _rect(x: float, y: float, width: float, height: float, extra: str = "") -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"{extra}/>'


# === The document ====================================================================================================
@dataclass(frozen=True)
class FlowchartPage:
    number: int  # 1-based, among the flowchart pages
    total: int
    svg: SafeString
    steps: tuple[str, ...]  # the keys of the steps on this page


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    fill: str


@dataclass(frozen=True)
class DocumentView:
    """What the templates print: `identity` (the identity block values) and the flowchart `pages`."""

    key: str
    identity: Identity
    lanes: tuple[str, ...]  # the Pelaksana column headers
    pages: tuple[FlowchartPage, ...]
    legend: tuple[LegendEntry, ...] = ()  # only with a status overlay

    @property
    def title(self) -> str:
        return self.identity.title

    @property
    def number(self) -> str:
        return self.identity.number

    @property
    def has_status(self) -> bool:
        return bool(self.legend)


def document(definition: Definition, *, status: Mapping[str, str] | None = None) -> DocumentView:
    """The SOP ready to print: the identity block values and one SVG flowchart table per page.

    `status` (step key → "done", "open", "overdue" or "skipped") fills the symbols by progress and adds a legend:
    the case runner shows a case on its SOP with it.
    """
    if status is not None:
        unknown = set(status.values()) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown step status: {', '.join(sorted(unknown))}")
    layout = _Layout(definition, status)
    return DocumentView(
        key=definition.key,
        identity=definition.identity,
        lanes=tuple(lane.name for lane in definition.lanes),
        pages=tuple(layout.pages()),
        legend=layout.legend(),
    )


# --- columns ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Columns:
    no: tuple[float, float]
    activity: tuple[float, float]
    lanes: tuple[tuple[float, float], ...]
    requirements: tuple[float, float]
    time: tuple[float, float]
    output: tuple[float, float]
    notes: tuple[float, float]
    symbol_w: float

    @classmethod
    def for_lanes(
        cls, count: int, volumes: Sequence[float] = (), time_w: float = 45.0, min_widths: Sequence[float] = ()
    ) -> _Columns:
        """Lane columns first; the text columns share the rest by a fixed share blended with how much each holds.

        `volumes`: the printed length of all of Kegiatan, Kelengkapan, Output and Keterangan; `min_widths`: their
        longest words (a header word is never broken); `time_w`: Waktu."""
        no_w = 22.0
        minimum = [max(m, w) for m, w in zip((120.0, 60.0, 60.0, 45.0), min_widths or (0,) * 4, strict=True)]
        lane_w = min(95.0, max(58.0, 380.0 / max(count, 1)))
        if count and no_w + time_w + sum(minimum) + lane_w * count > PAGE_WIDTH:  # many lanes: narrower ones
            lane_w = max(40.0, (PAGE_WIDTH - no_w - time_w - sum(minimum)) / count)
        rest = PAGE_WIDTH - no_w - lane_w * count - time_w
        base = (0.4, 0.22, 0.2, 0.18)  # Kegiatan, Kelengkapan, Output, Keterangan
        total = sum(volumes) if volumes else 0.0
        shares = [b / 2 + (v / total) / 2 for b, v in zip(base, volumes, strict=True)] if total else list(base)
        widths = [max(m, rest * share) for m, share in zip(minimum, shares, strict=True)]
        for _round in range(4):  # take back what the minimums added from the columns above their minimum
            excess = sum(widths) - rest
            flexible = [i for i, (w, m) in enumerate(zip(widths, minimum, strict=True)) if w > m + 0.01]
            if excess <= 0.01 or not flexible:
                break
            room = sum(widths[i] - minimum[i] for i in flexible)
            for i in flexible:
                widths[i] -= excess * (widths[i] - minimum[i]) / room
        activity, requirements, output, notes = widths
        x = 0.0
        spans = []
        for width in [no_w, activity, *([lane_w] * count), requirements, time_w, output, notes]:
            spans.append((x, x + width))
            x += width
        return cls(
            no=spans[0],
            activity=spans[1],
            lanes=tuple(spans[2 : 2 + count]),
            requirements=spans[2 + count],
            time=spans[3 + count],
            output=spans[4 + count],
            notes=spans[5 + count],
            symbol_w=max(18.0, min(SYMBOL_MAX_W, lane_w - 2 * GUTTER_MIN)),
        )

    @property
    def lane_w(self) -> float:
        return self.lanes[0][1] - self.lanes[0][0] if self.lanes else 0.0

    def lane_center(self, index: int) -> float:
        left, right = self.lanes[index]
        return (left + right) / 2

    def text_cells(self) -> tuple[tuple[float, float], ...]:
        return (self.no, self.activity, self.requirements, self.time, self.output, self.notes)

    def tracks(self) -> list[float]:
        """The x of every side channel: in the gutters beside each lane's symbols, never on a border line."""
        gutter = (self.lane_w - self.symbol_w) / 2
        depth = max(1, int((gutter - 3.0) // TRACK_STEP))
        xs = []
        for left, right in self.lanes:
            for m in range(1, depth + 1):
                xs += [left + m * TRACK_STEP, right - m * TRACK_STEP]
        return xs


# --- rows ---------------------------------------------------------------------------------------------------------
Lines = list[tuple[str, float]]  # (text, indent)


@dataclass
class _Row:
    step: Step | None  # None: a band of off-page connectors
    height: float
    cells: tuple[Lines, ...] = ()  # No, Kegiatan, Kelengkapan, Waktu, Output, Keterangan
    band: str = ""  # "top" or "bottom" for a band
    y: float = 0.0

    @property
    def bottom(self) -> float:
        return self.y + self.height


def _cell_lines(text: str, width: float) -> Lines:
    return [(line, 0.0) for line in wrap(text, width)] if text else []


def _list_lines(items: Sequence[str], width: float) -> Lines:
    if len(items) <= 1:
        return _cell_lines(items[0] if items else "", width)
    indent = text_width("• ", FONT_SIZE)
    lines: Lines = []
    for item in items:
        for i, line in enumerate(wrap(item, width - indent)):
            lines.append((f"• {line}" if i == 0 else line, 0.0 if i == 0 else indent))
    return lines


def _symbol_h(symbol: str) -> float:
    return {
        Symbol.START: TERMINATOR_H,
        Symbol.END: TERMINATOR_H,
        Symbol.DECISION: DECISION_H,
        Symbol.CONNECTOR: CONNECTOR_SIZE + 4,
    }.get(symbol, PROCESS_H)


# --- nodes and routes ----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class _Node:
    key: str
    row: int
    x0: float
    x1: float
    px: float  # x of the top and bottom ports
    cy: float
    top: float
    bottom: float
    exits: tuple[str, ...] = ("bottom", "left", "right")
    entries: tuple[str, ...] = ("top", "left", "right")
    decision: bool = False
    out_sides: set[str] = field(default_factory=set)
    in_sides: set[str] = field(default_factory=set)


@dataclass
class _Edge:
    source: _Node
    target: _Node
    label: str = ""
    route: list[tuple[float, float]] = field(default_factory=list)
    exit: str = ""
    entry: str = ""
    forced: bool = False  # no route kept clear of the others: drawn over a port or channel already in use


class _Router:
    """Orthogonal routes on one page: straight or with one turn where a lane column is free, else along a side channel
    (a track in a lane's gutter) that no other route uses over the same height."""

    def __init__(self, rows: list[_Row], nodes: list[_Node], tracks: list[float]):
        self.rows = rows
        self.shapes: list[list[tuple[float, float]]] = [[] for _ in rows]
        for node in nodes:
            self.shapes[node.row].append((node.x0, node.x1))
        self.tracks = tracks
        self.track_use: dict[float, list[tuple[float, float, _Edge]]] = {x: [] for x in tracks}

    def _free(self, x: float, rows: Iterable[int]) -> bool:
        return all(not (x0 - 2.5 <= x <= x1 + 2.5) for r in rows for x0, x1 in self.shapes[r])

    @staticmethod
    def _between(a: int, b: int) -> range:
        return range(min(a, b) + 1, max(a, b))

    def _can_exit(self, node: _Node, side: str, ignore_ports: bool) -> bool:
        if side not in node.exits:
            return False
        if ignore_ports:
            return True
        return side not in node.in_sides and not (node.decision and side in node.out_sides)

    def _can_enter(self, node: _Node, side: str, ignore_ports: bool) -> bool:
        if side not in node.entries:
            return False
        if ignore_ports or side in ("top", "bottom"):
            return True
        return side not in node.out_sides and side not in node.in_sides

    def route(self, edges: list[_Edge]) -> None:
        # A decision's exits first, so that they get the sides they point to; then the shortest arrows straight or
        # with one turn; then what needs a side channel; last, whatever is left, ignoring the ports' other uses.
        pending = sorted(edges, key=lambda e: (not e.source.decision, abs(e.target.row - e.source.row), e.source.row))
        passes = ((True, False, True), (False, False, False), (True, False, False), (True, True, False))
        for tracks, ignore_ports, decisions_only in passes:
            left = []
            for edge in pending:
                best = None
                if edge.source.decision or not decisions_only:
                    best = self._best(edge, tracks=tracks, ignore_ports=ignore_ports)
                if best is None:
                    left.append(edge)
                    continue
                _, points, exit_side, entry_side, track = best
                edge.route, edge.exit, edge.entry, edge.forced = points, exit_side, entry_side, ignore_ports
                edge.source.out_sides.add(exit_side)
                if entry_side in ("left", "right"):
                    edge.target.in_sides.add(entry_side)
                if track is not None:
                    ys = [y for x, y in points if x == track]
                    self.track_use[track].append((min(ys), max(ys), edge))
            pending = left
        for edge in pending:  # nothing fits even ignoring ports and tracks: a plain dog-leg
            s, t = edge.source, edge.target
            edge.forced = True
            edge.route, edge.exit = (
                [(s.px, s.bottom), (s.px, t.top - APPROACH), (t.px, t.top - APPROACH), (t.px, t.top)],
                "bottom",
            )

    def _best(self, edge: _Edge, *, tracks: bool, ignore_ports: bool):
        s, t = edge.source, edge.target
        candidates = []
        for exit_side in ("bottom", "top", "right", "left"):
            if not self._can_exit(s, exit_side, ignore_ports):
                continue
            for entry_side in ("top", "bottom", "left", "right"):
                if not self._can_enter(t, entry_side, ignore_ports):
                    continue
                found = self._direct(s, t, exit_side, entry_side)
                if found:
                    candidates.append((*found, None))
                for x in self.tracks if tracks else ():
                    found = self._via_track(edge, exit_side, entry_side, x, ignore_ports)
                    if found:
                        candidates.append((*found, x))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        return candidates[0]

    @staticmethod
    def _port(node: _Node, side: str) -> tuple[float, float]:
        return {
            "top": (node.px, node.top),
            "bottom": (node.px, node.bottom),
            "left": (node.x0, node.cy),
            "right": (node.x1, node.cy),
        }[side]

    @staticmethod
    def _cost(points: list[tuple[float, float]], penalty: float = 0.0) -> float:
        length = sum(abs(x1 - x0) + abs(y1 - y0) for (x0, y0), (x1, y1) in itertools.pairwise(points))
        return 10.0 * (len(points) - 2) + 0.05 * length + penalty

    def _direct(self, s: _Node, t: _Node, exit_side: str, entry_side: str):
        down = t.row > s.row
        between = self._between(s.row, t.row)
        start, end = self._port(s, exit_side), self._port(t, entry_side)
        vertical_exit, vertical_entry = exit_side in ("top", "bottom"), entry_side in ("top", "bottom")
        if vertical_exit and (exit_side == "bottom") != down:
            return None
        if vertical_entry and (entry_side == "top") != down:
            return None
        if vertical_exit and vertical_entry:
            if not self._free(s.px, between):
                return None
            if abs(s.px - t.px) < 0.5:
                return self._cost([start, end]), [start, end], exit_side, entry_side
            turn = t.top - APPROACH if down else t.bottom + APPROACH
            points = [start, (s.px, turn), (t.px, turn), end]
            return self._cost(points, 2.0), points, exit_side, entry_side
        if vertical_exit:  # down (or up) the source's column, then into the target's side
            if not self._outside(s.px, t, entry_side) or not self._free(s.px, between):
                return None
            points = [start, (s.px, t.cy), end]
            return self._cost(points), points, exit_side, entry_side
        if vertical_entry:  # out of the source's side, then down (or up) the target's column
            if not self._outside(t.px, s, exit_side) or not self._free(t.px, between):
                return None
            points = [start, (t.px, s.cy), end]
            return self._cost(points), points, exit_side, entry_side
        return None

    @staticmethod
    def _outside(x: float, node: _Node, side: str) -> bool:
        return x > node.x1 + 2.5 if side == "right" else x < node.x0 - 2.5

    def _via_track(self, edge: _Edge, exit_side: str, entry_side: str, x: float, ignore_ports: bool):
        s, t = edge.source, edge.target
        rows = range(min(s.row, t.row), max(s.row, t.row) + 1)
        if not self._free(x, rows):
            return None
        start, end = self._port(s, exit_side), self._port(t, entry_side)
        penalty = 5.0
        if exit_side in ("left", "right"):
            if not self._outside(x, s, exit_side):
                return None
            head = [start, (x, s.cy)]
        else:
            turn = s.bottom + JOG if exit_side == "bottom" else s.top - JOG
            head = [start, (s.px, turn), (x, turn)]
            penalty += 3.0
        if entry_side in ("left", "right"):
            if not self._outside(x, t, entry_side):
                return None
            tail = [(x, t.cy), end]
        else:
            turn = t.top - APPROACH if entry_side == "top" else t.bottom + APPROACH
            tail = [(x, turn), (t.px, turn), end]
            penalty += 3.0
        lo, hi = sorted((head[-1][1], tail[0][1]))
        if not ignore_ports:
            for a, b, other in self.track_use[x]:
                shared = (other.source is s and other.exit == exit_side) or (
                    other.target is t and other.entry == entry_side
                )  # a fork from one port, or branches meeting at one port, may share the channel
                if lo - 3.0 < b and a < hi + 3.0 and not shared:
                    return None
        points = head + tail
        return self._cost(points, penalty), points, exit_side, entry_side


# --- the layout of one SOP ---------------------------------------------------------------------------------------
def _letters():
    n = 0
    while True:
        n += 1
        label, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            label = chr(ord("A") + r) + label
        yield label


class _Layout:
    def __init__(self, definition: Definition, status: Mapping[str, str] | None):
        self.definition = definition
        self.status = status
        self.columns = self._columns(definition)
        self.lane_index = {lane.key: i for i, lane in enumerate(definition.lanes)}
        self.index = {step.key: i for i, step in enumerate(definition.steps)}
        self.edges = [
            (self.index[step.key], self.index[target], label)
            for step in definition.steps
            for target, label in (
                [(e.to, e.label) for e in step.exits] if step.is_decision else [(n, "") for n in step.next]
            )
            if target in self.index
        ]
        self.header_cells, self.header_h = self._header()
        self.rows = [self._row(step) for step in definition.steps]

    @staticmethod
    def _columns(definition: Definition) -> _Columns:
        volumes = [0.0, 0.0, 0.0, 0.0]
        time_w = text_width(_("Time"), HEADER_FONT_SIZE, bold=True)
        for step in definition.steps:
            for i, text in enumerate((step.text, " ".join(step.requirements), step.output, step.notes)):
                volumes[i] += text_width(text, FONT_SIZE)
            time_w = max(time_w, text_width(step.time.text, FONT_SIZE))
        longest = [
            max((text_width(word, HEADER_FONT_SIZE, bold=True) for word in header.split()), default=0.0)
            + 2 * CELL_PAD_X
            + 2
            for header in (_("Activity"), _("Requirements"), _("Output"), _("Notes"))
        ]
        time_w = min(62.0, max(38.0, time_w + 2 * CELL_PAD_X + 1))
        return _Columns.for_lanes(len(definition.lanes), volumes, time_w, longest)

    # --- header ---
    def _header(self):
        c = self.columns
        size = HEADER_FONT_SIZE

        def lines(text: str, span: tuple[float, float]) -> Lines:
            return [(line, 0.0) for line in wrap(text, span[1] - span[0] - 2 * CELL_PAD_X, size, bold=True)]

        groups = []
        if c.lanes:
            groups.append((lines(_("Executors"), (c.lanes[0][0], c.lanes[-1][1])), (c.lanes[0][0], c.lanes[-1][1])))
        groups.append(
            (lines(_("Service standard"), (c.requirements[0], c.output[1])), (c.requirements[0], c.output[1]))
        )
        subs = [(lines(lane.name, span), span) for lane, span in zip(self.definition.lanes, c.lanes, strict=True)] + [
            (lines(_("Requirements"), c.requirements), c.requirements),
            (lines(_("Time"), c.time), c.time),
            (lines(_("Output"), c.output), c.output),
        ]
        tall = [
            (lines(pgettext("flowchart column: step number", "No"), c.no), c.no),
            (lines(_("Activity"), c.activity), c.activity),
        ]
        tall.append((lines(_("Notes"), c.notes), c.notes))
        line_h = size * LINE_HEIGHT
        h1 = max(len(g[0]) for g in groups) * line_h + 2 * CELL_PAD_Y
        h2 = max(len(s[0]) for s in subs) * line_h + 2 * CELL_PAD_Y
        h2 = max(h2, max(len(t[0]) for t in tall) * line_h + 2 * CELL_PAD_Y - h1)
        return (groups, subs, tall, h1, h2), h1 + h2

    def _draw_header(self) -> list[str]:
        groups, subs, tall, h1, h2 = self.header_cells
        line_h = HEADER_FONT_SIZE * LINE_HEIGHT
        out = [f'<rect x="0" y="0" width="{_n(PAGE_WIDTH)}" height="{_n(h1 + h2)}" fill="{HEADER_FILL}"/>']
        lines_out = []

        def centred(lines: Lines, span, top, height):
            y = top + (height - len(lines) * line_h) / 2
            out.extend(
                _text_block((span[0] + span[1]) / 2, y, lines, size=HEADER_FONT_SIZE, anchor="middle", bold=True)
            )

        for lines, span in groups:
            centred(lines, span, 0, h1)
            lines_out.append((span[0], h1, span[1], h1))
        for lines, span in subs:
            centred(lines, span, h1, h2)
            lines_out.append((span[0], h1, span[0], h1 + h2))
        for lines, span in tall:
            centred(lines, span, 0, h1 + h2)
        c = self.columns
        for x in {c.activity[0], c.lanes[0][0] if c.lanes else c.requirements[0], c.requirements[0], c.notes[0]}:
            lines_out.append((x, 0, x, h1 + h2))
        out += [
            f'<line x1="{_n(a)}" y1="{_n(b)}" x2="{_n(cx)}" y2="{_n(d)}" stroke="{GRID}" stroke-width="0.6"/>'
            for a, b, cx, d in lines_out
        ]
        out.append(_line(0, h1 + h2, PAGE_WIDTH, h1 + h2, f' stroke="{INK}" stroke-width="0.8"'))
        return out

    # --- rows ---
    def _row(self, step: Step) -> _Row:
        c = self.columns

        def inner(span):
            return span[1] - span[0] - 2 * CELL_PAD_X

        cells = (
            _cell_lines(step.number, inner(c.no) + 2),
            _cell_lines(step.text, inner(c.activity)),
            _list_lines(step.requirements, inner(c.requirements)),
            _cell_lines(step.time.text, inner(c.time)),
            _cell_lines(step.output, inner(c.output)),
            _cell_lines(step.notes, inner(c.notes)),
        )
        text_h = max(len(lines) for lines in cells) * FONT_SIZE * LINE_HEIGHT + 2 * CELL_PAD_Y
        return _Row(step=step, height=max(text_h, _symbol_h(step.symbol) + 2 * ROW_MARGIN), cells=cells)

    # --- pages ---
    def _bands(self, a: int, b: int) -> tuple[bool, bool]:
        """Whether steps a..b-1 on one page need a band of connectors at the top, and at the bottom."""
        top = bottom = False
        for s, t, _label in self.edges:
            s_in, t_in = a <= s < b, a <= t < b
            if s_in and not t_in:
                if t >= b:
                    bottom = True
                else:
                    top = True
            elif t_in and not s_in:
                if s < a:
                    top = True
                else:
                    bottom = True
        return top, bottom

    def _page_height(self, a: int, b: int) -> float:
        top, bottom = self._bands(a, b)
        height = self.header_h + sum(row.height for row in self.rows[a:b]) + BAND_H * (top + bottom)
        return height + (LEGEND_H if self.status is not None else 0.0)

    def _split(self) -> list[tuple[int, int]]:
        pages, start, count = [], 0, len(self.rows)
        while start < count:
            end = start + 1
            while end < count and self._page_height(start, end + 1) <= PAGE_HEIGHT:
                end += 1
            pages.append((start, end))
            start = end
        return pages

    def pages(self) -> list[FlowchartPage]:
        split = self._split()
        page_of = {}
        for number, (a, b) in enumerate(split):
            for i in range(a, b):
                page_of[i] = number
        letters, letter_of = _letters(), {}
        for s, t, _label in self.edges:
            if page_of[s] != page_of[t] and t not in letter_of:
                letter_of[t] = next(letters)
        return [
            self._page(number, len(split), a, b, page_of, letter_of) for number, (a, b) in enumerate(split, start=1)
        ]

    def _page(self, number, total, a, b, page_of, letter_of) -> FlowchartPage:
        c = self.columns
        steps = self.definition.steps
        top_band, bottom_band = self._bands(a, b)
        rows: list[_Row] = []
        if top_band:
            rows.append(_Row(step=None, height=BAND_H, band="top"))
        rows += [self.rows[i] for i in range(a, b)]
        if bottom_band:
            rows.append(_Row(step=None, height=BAND_H, band="bottom"))
        y = self.header_h
        for row in rows:
            row.y = y
            y += row.height
        table_h = y
        row_of = {row.step.key: i for i, row in enumerate(rows) if row.step is not None}

        # symbols
        nodes: dict[str, _Node] = {}
        for i in range(a, b):
            step = steps[i]
            nodes[step.key] = self._step_node(step, row_of[step.key], rows[row_of[step.key]])

        # off-page connectors: one per target and band on each page it is drawn on
        connectors: dict[tuple[str, str], _Node] = {}
        conn_meta: dict[tuple[str, str], tuple[str, str]] = {}  # → (letter, direction)
        used_x: dict[str, list[float]] = {"top": [], "bottom": []}
        edges: list[_Edge] = []

        def connector(target: int, band: str, lane_step: Step, direction: str) -> _Node:
            key = (steps[target].key, band)
            if key not in connectors:
                row_index = 0 if band == "top" else len(rows) - 1
                row = rows[row_index]
                x = self._connector_x(lane_step, used_x[band])
                used_x[band].append(x)
                half = CONNECTOR_SIZE / 2
                cy = row.y + row.height / 2
                forward_in = band == "top" and direction == "in"
                backward_out = band == "top" and direction == "out"
                connectors[key] = _Node(
                    key=f"connector-{letter_of[target]}-{band}",
                    row=row_index,
                    x0=x - half,
                    x1=x + half,
                    px=x,
                    cy=cy,
                    top=cy - half,
                    bottom=cy + half,
                    exits=("bottom",) if forward_in else (("top",) if direction == "in" else ()),
                    entries=(("bottom",) if backward_out else ("top",)) if direction == "out" else (),
                )
                conn_meta[key] = (letter_of[target], direction)
            return connectors[key]

        for s, t, label in self.edges:
            s_here, t_here = a <= s < b, a <= t < b
            if s_here and t_here:
                edges.append(_Edge(nodes[steps[s].key], nodes[steps[t].key], label))
            elif s_here:
                band = "bottom" if t >= b else "top"
                edges.append(_Edge(nodes[steps[s].key], connector(t, band, steps[s], "out"), label))
            elif t_here:
                band = "top" if s < a else "bottom"
                node = connector(t, band, steps[t], "in")
                if not any(e.source is node for e in edges):
                    edges.append(_Edge(node, nodes[steps[t].key]))
        for node in nodes.values():
            node.decision = steps[self.index[node.key]].is_decision

        _Router(rows, [*nodes.values(), *connectors.values()], c.tracks()).route(edges)

        body = self._draw_table(rows, table_h)
        body += self._draw_edges(edges)
        body += [self._draw_symbol(steps[self.index[key]], node) for key, node in nodes.items()]
        body += [self._draw_connector(node, *conn_meta[key], key[1]) for key, node in connectors.items()]
        body += self._draw_labels(edges, [*nodes.values(), *connectors.values()], rows)
        height = table_h
        if self.status is not None:
            body += self._draw_legend(table_h + 5)
            height += LEGEND_H
        label = _("Flowchart of %(title)s, page %(page)s of %(pages)s") % {
            "title": self.definition.identity.title,
            "page": number,
            "pages": total,
        }
        svg = _svg(PAGE_WIDTH, height, label, body, cls="sop-flowchart", font_size=FONT_SIZE)
        return FlowchartPage(number=number, total=total, svg=svg, steps=tuple(steps[i].key for i in range(a, b)))

    def _lanes_of(self, step: Step) -> list[int]:
        return sorted(self.lane_index[key] for key in step.lanes if key in self.lane_index) or [0]

    def _connector_x(self, step: Step, used: list[float]) -> float:
        c = self.columns
        first = self._lanes_of(step)[0]
        order = sorted(range(len(c.lanes)), key=lambda i: (abs(i - first), i))
        for i in order:
            x = c.lane_center(i)
            if all(abs(x - u) > CONNECTOR_SIZE + 4 for u in used):
                return x
        # more connectors than lanes: anywhere in the lane columns clear of the borders and of the others
        preferred = c.lane_center(first)
        borders = [x for span in c.lanes for x in span]
        spots = [c.lanes[0][0] + 11.0 + 2.0 * k for k in range(int((c.lanes[-1][1] - c.lanes[0][0] - 22.0) / 2.0) + 1)]
        spots = [
            x
            for x in spots
            if all(abs(x - b) > CONNECTOR_SIZE / 2 + 4 for b in borders)
            and all(abs(x - u) > CONNECTOR_SIZE + 5 for u in used)
        ]
        return min(spots, key=lambda x: abs(x - preferred)) if spots else preferred

    def _step_node(self, step: Step, row_index: int, row: _Row) -> _Node:
        c = self.columns
        lanes = self._lanes_of(step)
        half = self._symbol_w(step) / 2
        x0, x1 = c.lane_center(lanes[0]) - half, c.lane_center(lanes[-1]) + half
        contiguous = lanes == list(range(lanes[0], lanes[-1] + 1))
        px = (x0 + x1) / 2 if contiguous else c.lane_center(lanes[0])
        h = _symbol_h(step.symbol)
        cy = row.y + row.height / 2
        return _Node(key=step.key, row=row_index, x0=x0, x1=x1, px=px, cy=cy, top=cy - h / 2, bottom=cy + h / 2)

    def _symbol_w(self, step: Step) -> float:
        w = self.columns.symbol_w
        if step.symbol == Symbol.CONNECTOR:
            return min(w, 24.0)
        return w

    # --- drawing ---
    def _draw_table(self, rows: list[_Row], table_h: float) -> list[str]:
        c = self.columns
        out = self._draw_header()
        texts = []
        grid = []
        for row in rows:
            grid.append((0, row.bottom, PAGE_WIDTH, row.bottom))
            if row.step is None:
                continue
            for i, (lines, span) in enumerate(zip(row.cells, c.text_cells(), strict=True)):
                if i in (0, 3):  # No and Waktu centred
                    texts += _text_block(
                        (span[0] + span[1]) / 2, row.y + CELL_PAD_Y, lines, size=FONT_SIZE, anchor="middle"
                    )
                else:
                    texts += _text_block(span[0] + CELL_PAD_X, row.y + CELL_PAD_Y, lines, size=FONT_SIZE)
        top = self.header_h
        for span in (c.no, c.activity, *c.lanes, c.requirements, c.time, c.output):
            grid.append((span[1], top, span[1], table_h))
        band_rows = [row for row in rows if row.step is None]
        out.append(f'<g class="sop-grid" stroke="{GRID}" stroke-width="0.5">')
        for x1, y1, x2, y2 in grid:
            out.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"/>')
        out.append("</g>")
        if band_rows:  # the band is not a row of the table: no text columns in it
            for row in band_rows:
                out.append(_rect(0.3, row.y + 0.3, c.activity[1] - 0.6, row.height - 0.6, ' fill="#ffffff"'))
                if c.lanes:
                    out.append(
                        _rect(
                            c.lanes[-1][1] + 0.3,
                            row.y + 0.3,
                            PAGE_WIDTH - c.lanes[-1][1] - 0.6,
                            row.height - 0.6,
                            ' fill="#ffffff"',
                        )
                    )
        out.append(f'<g class="sop-cells">{"".join(texts)}</g>')
        out.append(_rect(0, 0, PAGE_WIDTH, table_h, f' fill="none" stroke="{INK}" stroke-width="0.8"'))
        return out

    def _draw_edges(self, edges: list[_Edge]) -> list[str]:
        out = [f'<g class="sop-arrows" fill="none" stroke="{INK}" stroke-width="0.8" stroke-linejoin="miter">']
        heads = []
        for edge in edges:
            points = _clean(edge.route)
            if len(points) < 2:
                continue
            out.append(f'<polyline points="{_points(points)}"/>')
            heads.append(_arrowhead(points[-2], points[-1]))
        out.append("</g>")
        out.append(f'<g class="sop-arrowheads" fill="{INK}" stroke="none">{"".join(heads)}</g>')
        return out

    def _draw_labels(self, edges: list[_Edge], nodes: list[_Node], rows: list[_Row]) -> list[str]:
        """Each decision exit's label beside where it leaves the symbol: of a few places next to the port, the one
        that crosses the fewest arrows, symbols, other labels and table lines; on a white ground to stay legible."""
        c = self.columns
        segments = []  # (x0, y0, x1, y1, weight)
        for edge in edges:
            points = _clean(edge.route)
            segments += [(*p, *q, 10.0) for p, q in itertools.pairwise(points)]
        shapes = [((n.x0, n.top, n.x1, n.bottom), n.decision) for n in nodes]
        if c.lanes:  # the table's lines inside the lane columns, its outer lane borders weighing more
            left, right, top, bottom = c.lanes[0][0], c.lanes[-1][1], self.header_h, rows[-1].bottom
            segments += [(x, top, x, bottom, 3.0 if x == left else 1.0) for x, _right in c.lanes]
            segments += [(right, top, right, bottom, 3.0)]
            segments += [(left, row.bottom, right, row.bottom, 1.0) for row in rows]
        placed: list[tuple[float, float, float, float]] = []
        out = []
        size = LABEL_FONT_SIZE
        for edge in edges:
            if not edge.label or not edge.route:
                continue
            s = edge.source
            width = text_width(edge.label, size)
            tuck = min(width * 0.55, 9.0)
            if edge.exit == "bottom":
                spots = [
                    (s.px + 2.5, s.bottom + size + 0.5),
                    (s.px - 2.5 - width, s.bottom + size + 0.5),
                    (s.px + 2.5, s.bottom + 2 * size + 1.5),
                    (s.px - 2.5 - width, s.bottom + 2 * size + 1.5),
                ]
            elif edge.exit == "top":
                spots = [(s.px + 2.5, s.top - 2.5), (s.px - 2.5 - width, s.top - 2.5)]
            else:
                sign = 1 if edge.exit == "right" else -1
                port = s.x1 if sign > 0 else s.x0
                starts = (
                    [port + 2.5, port + 2.5 - tuck] if sign > 0 else [port - 2.5 - width, port - 2.5 - width + tuck]
                )
                lane = next((span for span in c.lanes if span[0] <= port + sign * 0.5 <= span[1]), None)
                if lane is not None:  # kept inside the lane: against its border, over the symbol's slope
                    starts.append(lane[1] - 1.5 - width if sign > 0 else lane[0] + 1.5)
                spots = [(x, y) for x in starts for y in (s.cy - 2.2, s.cy + size + 1.2)]
                spots += [(x, y) for x in starts for y in (s.cy - size - 3.2, s.cy + 2 * size + 2.2)]
            scored = []
            for order, (x, y) in enumerate(spots):
                box = (x - 0.6, y - size * 0.78, x + width + 0.6, y + size * 0.22)
                score = order * 0.2
                score += sum(w for *seg, w in segments if _crosses(box, seg))
                score += 10.0 * sum(1 for shape, diamond in shapes if _covers(shape, box, diamond=diamond))
                score += 10.0 * sum(1 for other in placed if _overlaps(box, other))
                if c.lanes and (box[0] < c.lanes[0][0] or box[2] > c.lanes[-1][1]):
                    score += 6.0
                scored.append((score, order, x, y, box))
            _score, _order, x, y, box = min(scored)
            placed.append(box)
            out.append(
                f'<rect x="{_n(box[0])}" y="{_n(box[1])}" width="{_n(box[2] - box[0])}" height="{_n(box[3] - box[1])}" '
                f'fill="#ffffff" fill-opacity="0.85" stroke="none"/>'
            )
            out.append(_text(x, y, edge.label, cls="sop-exit-label"))
        return [f'<g font-size="{_n(size)}" font-style="italic">{"".join(out)}</g>'] if out else []

    def _fill(self, step: Step) -> tuple[str, str]:
        if self.status is None:
            return UNTOUCHED_FILL, ""
        state = self.status.get(step.key, "")
        return STATUS_FILL.get(state, UNTOUCHED_FILL), state

    def _draw_symbol(self, step: Step, node: _Node) -> str:
        c = self.columns
        fill, state = self._fill(step)
        lanes = self._lanes_of(step)
        contiguous = lanes == list(range(lanes[0], lanes[-1] + 1))
        boxes = [(node.x0, node.x1)]
        if not contiguous:
            half = self._symbol_w(step) / 2
            boxes = [(c.lane_center(i) - half, c.lane_center(i) + half) for i in lanes]
        shapes = []
        if len(boxes) > 1:  # one step in lanes that are not side by side: its symbols joined by a double line
            for dy in (-1.2, 1.2):
                shapes.append(_line(boxes[0][1], node.cy + dy, boxes[-1][0], node.cy + dy))
        for x0, x1 in boxes:
            shapes.append(_shape(step.symbol, x0, x1, node.top, node.bottom))
        dash = ' stroke-dasharray="2.5 1.5"' if state == "skipped" else ""
        cls = f"sop-symbol sop-symbol-{step.symbol}" + (f" sop-status-{state}" if state else "")
        title = f"{step.number}. {step.text}" if step.number else step.text
        if state:
            title += f" ({_status_label(state)})"
        return (
            f'<g class={_attr(cls)} data-step={_attr(step.key)} data-symbol={_attr(step.symbol)} fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.9"{dash}><title>{_esc(title)}</title>{"".join(shapes)}</g>'
        )

    def _draw_connector(self, node: _Node, letter: str, direction: str, band: str) -> str:
        return (
            f'<g class="sop-connector" data-connector={_attr(letter)} data-direction="{direction}" data-band="{band}">'
            f'<g fill="#ffffff" stroke="{INK}" stroke-width="0.9">'
            f"{_shape(Symbol.CONNECTOR, node.x0, node.x1, node.top, node.bottom)}</g>"
            f"{_text(node.px, node.top + 8.6, letter, anchor='middle', bold=True, size=6.5)}</g>"
        )

    def _draw_legend(self, y: float) -> list[str]:
        out = ['<g class="sop-legend">']
        x = 0.0
        for entry in self.legend():
            out.append(_rect(x, y, 10, 7, f' fill="{entry.fill}" stroke="{INK}" stroke-width="0.6"'))
            out.append(_text(x + 13, y + 6.3, entry.label))
            x += 13 + text_width(entry.label, FONT_SIZE) + 14
        out.append("</g>")
        return out

    def legend(self) -> tuple[LegendEntry, ...]:
        if self.status is None:
            return ()
        entries = [LegendEntry(state, _status_label(state), STATUS_FILL[state]) for state in STATUSES]
        return (*entries, LegendEntry("", _("Not started"), UNTOUCHED_FILL))


def _status_label(state: str) -> str:
    return {"done": _("Done"), "open": _("Open"), "overdue": _("Overdue"), "skipped": _("Skipped")}.get(state, state)


def _clean(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and the middle of straight runs."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.01 and abs(out[-1][1] - p[1]) < 0.01:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 0.01 and abs(bx - p[0]) < 0.01) or (abs(ay - by) < 0.01 and abs(by - p[1]) < 0.01):
                out[-1] = p
                continue
        out.append(p)
    return out


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covers(shape: tuple[float, float, float, float], box: tuple[float, float, float, float], *, diamond: bool) -> bool:
    """Whether a label's box overlaps a symbol: its bounding box, or for a decision the diamond itself."""
    if not _overlaps(shape, box):
        return False
    if not diamond:
        return True
    cx, cy = (shape[0] + shape[2]) / 2, (shape[1] + shape[3]) / 2
    nearest_x, nearest_y = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return abs(nearest_x - cx) / ((shape[2] - shape[0]) / 2) + abs(nearest_y - cy) / ((shape[3] - shape[1]) / 2) < 1.0


def _crosses(box: tuple[float, float, float, float], segment: Sequence[float]) -> bool:
    """Whether an axis-parallel segment passes through the box."""
    x0, y0, x1, y1 = segment[:4]
    return _overlaps(box, (min(x0, x1) - 0.4, min(y0, y1) - 0.4, max(x0, x1) + 0.4, max(y0, y1) + 0.4))


def _shape(symbol: str, x0: float, x1: float, top: float, bottom: float) -> str:
    w, h = x1 - x0, bottom - top
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    if symbol in (Symbol.START, Symbol.END):
        return f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(h / 2)}" ry="{_n(h / 2)}"/>'
    if symbol == Symbol.DECISION:
        return f'<polygon points="{_points([(cx, top), (x1, cy), (cx, bottom), (x0, cy)])}"/>'
    if symbol == Symbol.CONNECTOR:
        shoulder = top + h * 0.62
        return f'<polygon points="{_points([(x0, top), (x1, top), (x1, shoulder), (cx, bottom), (x0, shoulder)])}"/>'
    return f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(w)}" height="{_n(h)}"/>'


# === Keterkaitan: the map of related SOPs ========================================================================
MAP_NODE_W = 230.0
MAP_ROW_GAP = 8.0
MAP_FONT = 7.0
MAP_ARC_STEP = 5.0


def related_map(
    definitions: Sequence[Definition], *, urls: Mapping[str, str] | None = None, current: str = ""
) -> SafeString:
    """The Keterkaitan of one organisation's SOPs as an SVG map: an arrow from each SOP to each SOP it names under
    Keterkaitan; entries that are not an SOP in Sopan (no `sop` key, or an unknown one) are dashed external nodes.
    `urls` (SOP key → URL) makes the nodes links; `current` (an SOP key) is drawn bold.

    The SOPs stand in one column, those referred to after those referring to them where the references allow;
    an arrow to an SOP further down runs in brackets on the right, one further up on the left, so that no arrow
    crosses a box however many references there are."""
    urls = urls or {}
    internal = {definition.key: definition for definition in definitions}
    nodes: dict[str, dict] = {
        key: {"title": d.identity.title, "sub": d.identity.number, "external": False} for key, d in internal.items()
    }
    edges: list[tuple[str, str]] = []
    for d in definitions:
        for entry in d.identity.related:
            if entry.sop and entry.sop in internal:
                target = entry.sop
            else:
                target = "external:" + (entry.sop or " ".join(entry.title.lower().split()))
                nodes.setdefault(target, {"title": entry.title, "sub": "", "external": True})
            if target != d.key and (d.key, target) not in edges:
                edges.append((d.key, target))

    order = _map_order(list(internal), edges) + sorted(
        (k for k in nodes if nodes[k]["external"]), key=lambda k: nodes[k]["title"].lower()
    )
    lines_of = {k: wrap(nodes[k]["title"], MAP_NODE_W - 10, MAP_FONT)[:3] for k in order}
    line_h = MAP_FONT * LINE_HEIGHT
    y, box = 0.0, {}
    for key in order:
        h = (len(lines_of[key]) + (1 if nodes[key]["sub"] else 0)) * line_h + 8
        box[key] = (y, y + h)
        y += h + MAP_ROW_GAP
    total_h = max(y - MAP_ROW_GAP, 10.0)
    rank = {key: i for i, key in enumerate(order)}

    # brackets: down on the right, up on the left; nested by length; ports spread along each box's side
    sides: dict[str, list[tuple[str, str]]] = {"right": [], "left": []}
    for s, t in edges:
        sides["right" if rank[t] > rank[s] else "left"].append((s, t))
    ports: dict[tuple[str, str, str], float] = {}  # (edge source, edge target, end "s"/"t") → y
    for side_edges in sides.values():
        at: dict[str, list[tuple[float, tuple[str, str, str]]]] = {}
        for s, t in side_edges:
            at.setdefault(s, []).append((rank[t], (s, t, "s")))
            at.setdefault(t, []).append((rank[s], (s, t, "t")))
        for key, ends in at.items():
            top, bottom = box[key]
            ends.sort()
            for i, (_rank, end) in enumerate(ends):
                ports[end] = top + (bottom - top) * (i + 1) / (len(ends) + 1)
    levels: dict[tuple[str, str], int] = {}
    width_of = {"right": 0, "left": 0}
    for side, side_edges in sides.items():
        taken: list[list[tuple[float, float]]] = []
        for s, t in sorted(side_edges, key=lambda e: abs(rank[e[1]] - rank[e[0]])):
            lo, hi = sorted((ports[(s, t, "s")], ports[(s, t, "t")]))
            level = 0
            while level < len(taken) and any(lo - 2 < b and a < hi + 2 for a, b in taken[level]):
                level += 1
            if level == len(taken):
                taken.append([])
            taken[level].append((lo, hi))
            levels[(s, t)] = level
        width_of[side] = len(taken)
    left_w = 8.0 + MAP_ARC_STEP * width_of["left"]
    x0, x1 = left_w, left_w + MAP_NODE_W
    width = x1 + 8.0 + MAP_ARC_STEP * width_of["right"]

    body = [f'<g class="sop-map-edges" fill="none" stroke="{INK}" stroke-width="0.7">']
    heads = []
    for s, t in edges:
        down = rank[t] > rank[s]
        edge_x = x1 if down else x0
        out = edge_x + (1 if down else -1) * (8.0 + MAP_ARC_STEP * levels[(s, t)])
        y_s, y_t = ports[(s, t, "s")], ports[(s, t, "t")]
        points = [(edge_x, y_s), (out, y_s), (out, y_t), (edge_x, y_t)]
        body.append(f'<polyline points="{_points(points)}"/>')
        heads.append(_arrowhead(points[2], points[3]))
        heads.append(f'<circle cx="{_n(edge_x)}" cy="{_n(y_s)}" r="1.2"/>')
    body.append("</g>")
    body.append(f'<g class="sop-map-arrowheads" fill="{INK}">{"".join(heads)}</g>')
    for key in order:
        node = nodes[key]
        top, bottom = box[key]
        bold = key == current
        dash = ' stroke-dasharray="3 2"' if node["external"] else ""
        parts = [
            f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(MAP_NODE_W)}" height="{_n(bottom - top)}" rx="3" ry="3" '
            f'fill="{"#f4f4f4" if node["external"] else "#ffffff"}" stroke="{INK}" '
            f'stroke-width="{1.6 if bold else 0.8}"{dash}/>'
        ]
        lines = [(line, 0.0) for line in lines_of[key]]
        parts += _text_block(x0 + 5, top + 4, lines, size=MAP_FONT, bold=bold)
        if node["sub"]:
            parts += _text_block(x0 + 5, top + 4 + len(lines) * line_h, [(node["sub"], 0.0)], size=MAP_FONT)
        cls = "sop-map-node sop-map-external" if node["external"] else "sop-map-node"
        group = f'<g class="{cls}" data-sop={_attr("" if node["external"] else key)}>{"".join(parts)}</g>'
        if not node["external"] and urls.get(key):
            group = f"<a href={_attr(urls[key])}>{group}</a>"
        body.append(group)
    return _svg(width, total_h, _("Map of related SOPs"), body, cls="sop-related-map", font_size=MAP_FONT)


def _map_order(keys: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """SOPs in an order where most references point down: repeatedly take an SOP that no remaining SOP refers to
    (or, in a cycle, the one referred to least), the most-referring first."""
    remaining = list(keys)
    order = []
    while remaining:
        incoming = {k: sum(1 for s, t in edges if t == k and s in remaining and s != k) for k in remaining}
        outgoing = {k: sum(1 for s, t in edges if s == k and t in remaining) for k in remaining}
        pick = min(remaining, key=lambda k: (incoming[k], -outgoing[k], keys.index(k)))
        order.append(pick)
        remaining.remove(pick)
    return order
