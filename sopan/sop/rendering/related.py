"""Keterkaitan: the map of the related SOPs of one organisation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..definition import Definition
from .style import INK, LINE_HEIGHT
from .svg import _arrowhead, _attr, _n, _points, _svg, _text_block
from .text import wrap

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
    internal, nodes, edges = _map_graph(definitions)
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
    ports = _map_ports(sides, rank, box)
    levels, width_of = _map_levels(sides, rank, ports)
    left_w = 8.0 + MAP_ARC_STEP * width_of["left"]
    x0, x1 = left_w, left_w + MAP_NODE_W
    width = x1 + 8.0 + MAP_ARC_STEP * width_of["right"]

    body = _map_edges(edges, rank, ports, levels, x0, x1)
    for key in order:
        body.append(_map_node(key, nodes[key], box[key], lines_of[key], x0, current=current, url=urls.get(key)))
    return _svg(width, total_h, _("Map of related SOPs"), body, cls="sop-related-map", font_size=MAP_FONT)


def _map_graph(definitions: Sequence[Definition]) -> tuple[dict[str, Definition], dict[str, dict], list]:
    """The SOPs by key, every node (SOPs and dashed external entries) and the references between them, in order."""
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
    return internal, nodes, edges


def _map_ports(sides, rank, box) -> dict[tuple[str, str, str], float]:
    """(edge source, edge target, end "s"/"t") → y: the ends spread along each box's side, in rank order."""
    ports: dict[tuple[str, str, str], float] = {}
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
    return ports


def _map_levels(sides, rank, ports) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """How far out each bracket runs (shorter ones inside, overlapping ones apart); the levels used per side."""
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
    return levels, width_of


def _map_edges(edges, rank, ports, levels, x0: float, x1: float) -> list[str]:
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
    return body


def _map_node(key: str, node: dict, box: tuple[float, float], title_lines, x0: float, *, current: str, url) -> str:
    line_h = MAP_FONT * LINE_HEIGHT
    top, bottom = box
    bold = key == current
    dash = ' stroke-dasharray="3 2"' if node["external"] else ""
    parts = [
        f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(MAP_NODE_W)}" height="{_n(bottom - top)}" rx="3" ry="3" '
        f'fill="{"#f4f4f4" if node["external"] else "#ffffff"}" stroke="{INK}" '
        f'stroke-width="{1.6 if bold else 0.8}"{dash}/>'
    ]
    lines = [(line, 0.0) for line in title_lines]
    parts += _text_block(x0 + 5, top + 4, lines, size=MAP_FONT, bold=bold)
    if node["sub"]:
        parts += _text_block(x0 + 5, top + 4 + len(lines) * line_h, [(node["sub"], 0.0)], size=MAP_FONT)
    cls = "sop-map-node sop-map-external" if node["external"] else "sop-map-node"
    group = f'<g class="{cls}" data-sop={_attr("" if node["external"] else key)}>{"".join(parts)}</g>'
    if not node["external"] and url:
        group = f"<a href={_attr(url)}>{group}</a>"
    return group


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
