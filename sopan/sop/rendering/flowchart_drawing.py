"""Drawing the flowchart's parts as SVG: the header, the table, the flow lines and their labels, the symbols, the
off-page connectors and the legend. Mixed into `flowchart._Layout`, whose fields (columns, rows, status) it reads."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..definition import Step, Symbol
from .router import _clean, _Edge, _Node
from .style import (
    CELL_PAD_X,
    CELL_PAD_Y,
    FONT_SIZE,
    GRID,
    HEADER_FILL,
    HEADER_FONT_SIZE,
    INK,
    LABEL_FONT_SIZE,
    LINE_HEIGHT,
    PAGE_WIDTH,
    STATUS_FILL,
    UNTOUCHED_FILL,
)
from .svg import _arrowhead, _attr, _esc, _line, _n, _points, _rect, _text, _text_block
from .table import Lines, _Row
from .text import text_width


class _Drawing:
    """The SVG drawing methods of `flowchart._Layout`."""

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


def _status_label(state: str) -> str:
    return {"done": _("Done"), "open": _("Open"), "overdue": _("Overdue"), "skipped": _("Skipped")}.get(state, state)


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
