"""The chart of an indicator (issue 19 §2): target against realisation per quarter, as an SVG drawn on the server
(no JavaScript library). `bars(row)` gives the template the geometry; the numbers are printed on the bars."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, BASE, TOP = 360, 180, 150, 20  # the plot: bars stand on BASE and reach at most TOP
SLOT, BAR = 80, 26


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    height: float
    value: Decimal | None
    kind: str  # "target" or "realisation"


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    labels: tuple[tuple[int, str], ...]  # (x, "TW I")
    width: int = WIDTH
    height: int = HEIGHT
    base: int = BASE


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def chart_of(row) -> Chart:
    values = [v for c in row.cells for v in (c.target, c.realisation) if v is not None]
    top = max([abs(v) for v in values] + [Decimal(1)])
    scale = Decimal(BASE - TOP) / top
    bars, labels = [], []
    for index, cell in enumerate(row.cells):
        left = 30 + index * SLOT
        labels.append((left + BAR, f"TW {ROMAN[cell.quarter]}"))
        for offset, kind, value in ((0, "target", cell.target), (BAR, "realisation", cell.realisation)):
            height = float(abs(value) * scale) if value is not None else 0.0
            bars.append(Bar(left + offset, BASE - height, height, value, kind))
    return Chart(tuple(bars), tuple(labels))
