"""The arrows of one flowchart page: the symbols as nodes with ports, and orthogonal routes between them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from .style import APPROACH, JOG
from .table import _Row


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
