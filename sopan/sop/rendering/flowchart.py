"""The flowchart of one SOP: `document()` lays the steps out in the table, splits it into A4-landscape pages
joined by lettered off-page connectors, and draws each page as one SVG."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..definition import Definition, Identity, Step, Symbol
from .router import _clean, _Edge, _Node, _Router
from .style import (
    BAND_H,
    CELL_PAD_X,
    CELL_PAD_Y,
    CONNECTOR_SIZE,
    FONT_SIZE,
    GRID,
    HEADER_FILL,
    HEADER_FONT_SIZE,
    INK,
    LABEL_FONT_SIZE,
    LEGEND_H,
    LINE_HEIGHT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    ROW_MARGIN,
    STATUS_FILL,
    STATUSES,
    UNTOUCHED_FILL,
)
from .svg import _arrowhead, _attr, _esc, _line, _n, _points, _rect, _svg, _text, _text_block
from .table import Lines, _cell_lines, _Columns, _list_lines, _Row, _symbol_h
from .text import text_width, wrap


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
    logo: str = ""  # the organisation's logo as a data: URI (rendering.office), printed in the identity block

    @property
    def title(self) -> str:
        return self.identity.title

    @property
    def number(self) -> str:
        return self.identity.number

    @property
    def has_status(self) -> bool:
        return bool(self.legend)

    @property
    def nip(self) -> str:
        """The approver's NIP grouped as it is printed: 19680205 199803 1 010 (birth date, appointment month,
        sex, serial); any other text as written."""
        nip = self.identity.approved_by.nip.strip()
        digits = nip.replace(" ", "")
        if len(digits) == 18 and digits.isdigit():
            return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
        return nip


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
