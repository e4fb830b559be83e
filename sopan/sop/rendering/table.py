"""The flowchart table's columns (No | Kegiatan | one per Pelaksana | Mutu Baku | Keterangan) and its rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..definition import Step, Symbol
from .style import (
    CONNECTOR_SIZE,
    DECISION_H,
    FONT_SIZE,
    GUTTER_MIN,
    PAGE_WIDTH,
    PROCESS_H,
    SYMBOL_MAX_W,
    TERMINATOR_H,
    TRACK_STEP,
)
from .text import text_width, wrap


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
