"""Low-level SVG helpers: escaping, numbers, text, lines, rectangles, arrowheads and the `<svg>` element itself.

Presentation attributes only: the Content-Security-Policy forbids inline styles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from .style import FONT_FAMILY, HEAD_HALF, HEAD_LEN, INK, LINE_HEIGHT

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
