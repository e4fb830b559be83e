"""The flowchart of one SOP: `document()` lays the steps out in the table, splits it into A4-landscape pages
joined by lettered off-page connectors, and draws each page as one SVG (each part is drawn in `flowchart_drawing`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..definition import Definition, Identity, Person, Step, Symbol
from .flowchart_drawing import _Drawing, _shape, _status_label
from .router import _Edge, _Node, _Router
from .style import (
    BAND_H,
    CELL_PAD_X,
    CELL_PAD_Y,
    CONNECTOR_SIZE,
    FONT_SIZE,
    HEADER_FONT_SIZE,
    INK,
    LEGEND_H,
    LINE_HEIGHT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    ROW_MARGIN,
    STATUS_FILL,
    STATUSES,
    UNTOUCHED_FILL,
)
from .svg import _attr, _esc, _line, _svg, _text
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
        """The approver's NIP as printed (see `grouped_nip`)."""
        return grouped_nip(self.identity.approved_by.nip)

    @property
    def signatories(self) -> tuple[Signatory, ...]:
        """The Lembar Pengesahan: Dibuat, Dikaji and Disahkan oleh side by side, as the format prints them, when the
        SOP names who prepared or reviewed it (otherwise Disahkan Oleh in the identity block is the approval)."""
        identity = self.identity
        if not (identity.prepared_by or identity.reviewed_by):
            return ()
        people = (
            (_("Prepared by"), identity.prepared_by),
            (_("Reviewed by"), identity.reviewed_by),
            (_("Approved by"), identity.approved_by),
        )
        return tuple(Signatory(label, person, grouped_nip(person.nip)) for label, person in people)


@dataclass(frozen=True)
class Signatory:
    """One column of the Lembar Pengesahan: the printed label, the person, and the NIP grouped as printed."""

    label: str
    person: Person
    nip: str


def grouped_nip(nip: str) -> str:
    """An NIP grouped as it is printed: 19680205 199803 1 010 (birth date, appointment month, sex, serial); any
    other text as written."""
    nip = nip.strip()
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


def _notes(step: Step) -> str:
    """Keterangan, and a decision's exits that lead to no step printed as the end of the procedure ({label: Tidak}
    as the source leaves it, issue 16 §2)."""
    ends = [
        _("%(label)s: the procedure ends here.") % {"label": e.label or _("other outcome")}
        for e in step.exits
        if step.is_decision and not e.to
    ]
    return "\n".join([step.notes, *ends]).strip() if ends else step.notes


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


class _Layout(_Drawing):
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
            _cell_lines(_notes(step), inner(c.notes)),
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
        rows, table_h = self._page_rows(a, b)
        row_of = {row.step.key: i for i, row in enumerate(rows) if row.step is not None}

        # symbols
        nodes: dict[str, _Node] = {}
        for i in range(a, b):
            step = steps[i]
            nodes[step.key] = self._step_node(step, row_of[step.key], rows[row_of[step.key]])
        edges, connectors, conn_meta = self._page_edges(a, b, rows, nodes, letter_of)
        for node in nodes.values():
            node.decision = steps[self.index[node.key]].is_decision

        _Router(rows, [*nodes.values(), *connectors.values()], c.tracks()).route(edges)

        body = self._draw_table(rows, table_h)
        body += self._draw_edges(edges)
        body += [self._draw_symbol(steps[self.index[key]], node) for key, node in nodes.items()]
        body += [self._draw_handover(steps[self.index[key]], node) for key, node in nodes.items()]
        body += [self._draw_open_exits(steps[self.index[key]], node) for key, node in nodes.items()]
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

    def _page_rows(self, a: int, b: int) -> tuple[list[_Row], float]:
        """The page's rows (steps a to b, with a band above or below for off-page connectors), placed; the height."""
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
        return rows, y

    def _page_edges(self, a, b, rows, nodes, letter_of):
        """The page's edges, with an off-page connector for every edge that leaves or enters it."""
        steps = self.definition.steps
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
        return edges, connectors, conn_meta

    def _draw_handover(self, step: Step, node: _Node) -> str:
        """`next: {sop: <key>}`: the official off-page connector (pentagon) marked "SOP", right of the step (the step
        itself when it is drawn as a connector), titled with the SOP the flow continues in."""
        if not step.handover:
            return ""
        title = _("Continues in SOP %(sop)s") % {"sop": step.handover}
        if step.symbol == Symbol.CONNECTOR:  # drawn already, filled by its progress: only marked
            x0, x1, top, bottom, shape = node.x0, node.x1, node.top, node.bottom, ""
        else:
            half = CONNECTOR_SIZE / 2
            x0, x1, top, bottom = node.x1 + 6, node.x1 + 6 + CONNECTOR_SIZE, node.cy - half, node.cy + half
            pentagon = _shape(Symbol.CONNECTOR, x0, x1, top, bottom)
            shape = _line(node.x1, node.cy, x0, node.cy, f' stroke="{INK}" stroke-width="0.7"')
            shape += f'<g fill="#ffffff" stroke="{INK}" stroke-width="0.9">{pentagon}</g>'
        return (
            f'<g class="sop-handover" data-handover={_attr(step.handover)}><title>{_esc(title)}</title>{shape}'
            f"{_text((x0 + x1) / 2, top + (bottom - top) * 0.45, 'SOP', anchor='middle', bold=True, size=4.5)}</g>"
        )

    def _draw_open_exits(self, step: Step, node: _Node) -> str:
        """A decision's exit that leads to no step ({label: Tidak}, as an incomplete source leaves it, issue 16 §2):
        the procedure ends there, drawn as a small end terminator right of the decision, the exit's label on its
        line."""
        if not step.is_decision:
            return ""
        drawn = []
        width, height = CONNECTOR_SIZE * 2.2, CONNECTOR_SIZE * 0.8
        for i, exit_ in enumerate(e for e in step.exits if not e.to):
            x0 = node.x1 + 10 + i * (width + 4)
            top = node.cy - height / 2 + i * (height + 3)
            title = _("%(label)s: the procedure ends here.") % {"label": exit_.label or _("other outcome")}
            line = _line(node.x1, node.cy, x0, top + height / 2, f' stroke="{INK}" stroke-width="0.7"')
            end = _shape(Symbol.END, x0, x0 + width, top, top + height)
            word = pgettext("flowchart terminator", "End")
            drawn.append(
                f'<g class="sop-open-exit" data-exit={_attr(exit_.label)}><title>{_esc(title)}</title>{line}'
                f'<g fill="#ffffff" stroke="{INK}" stroke-width="0.9">{end}</g>'
                f"{_text(x0 + width / 2, top + height * 0.68, word, anchor='middle', size=4)}"
                f"{_text((node.x1 + x0) / 2, top + height / 2 - 1.5, exit_.label, anchor='middle', size=4)}</g>"
            )
        return "".join(drawn)

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

    def legend(self) -> tuple[LegendEntry, ...]:
        if self.status is None:
            return ()
        entries = [LegendEntry(state, _status_label(state), STATUS_FILL[state]) for state in STATUSES]
        return (*entries, LegendEntry("", _("Not started"), UNTOUCHED_FILL))
