"""Callout layout: label boxes in two side columns, leader lines to their regions.

A pure function of sizes and anchor points, so it can be tested exhaustively: boxes never
overlap each other and never leave the image, or a LayoutError says they cannot fit.
`untangle` then reorders the labels in each column so that no leader crosses another leader,
another region's anchor ring, another label or an obstacle (the legend), and says which
labels are still in the way (those go to the legend instead).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations, permutations

MAX_SEARCH = 16  # labels: up to this many, every way of sharing them between the columns is tried


class LayoutError(ValueError):
    """The labels cannot fit at this size; try a smaller font."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Placed:
    key: str
    box: Box
    anchor: tuple[float, float]
    leader_start: tuple[float, float]  # on the box edge that faces the anchor


def layout_callouts(
    anchors: dict[str, tuple[float, float]],
    sizes: dict[str, tuple[float, float]],
    area: Box,
    gap: float,
) -> list[Placed]:
    """Place one box per anchor (image coordinates, y down) in the left or right column of `area`.

    Boxes go on the side of their anchor, are stacked in anchor order so leaders do not
    cross, and are pushed apart by at least `gap`.
    """
    if not anchors:
        return []
    if any(w > (area.w - gap) / 2 or h > area.h for w, h in (sizes[k] for k in anchors)):
        raise LayoutError("a label is wider than half the image or taller than it")
    left, right = _columns(anchors, sizes, area, gap)
    placed: list[Placed] = []
    for keys, on_left in ((left, True), (right, False)):
        keys = sorted(keys, key=lambda k: anchors[k][1])
        tops = _stack([anchors[k][1] - sizes[k][1] / 2 for k in keys], [sizes[k][1] for k in keys], area, gap)
        for key, top in zip(keys, tops, strict=True):
            w, h = sizes[key]
            x = area.x if on_left else area.right - w
            box = Box(x, top, w, h)
            start = (box.right, top + h / 2) if on_left else (box.x, top + h / 2)
            placed.append(Placed(key, box, anchors[key], start))
    return placed


def _columns(anchors: dict[str, tuple[float, float]], sizes: dict[str, tuple[float, float]], area: Box,
             gap: float) -> tuple[list[str], list[str]]:
    """Split the keys into a left and a right column that both fit, or raise LayoutError.

    Each label starts on the side of its anchor. If a column overflows, the fewest labels
    possible change sides, those nearest the middle first; every split is tried before refusing.
    """
    middle = area.x + area.w / 2

    def height(keys) -> float:
        return sum(sizes[k][1] for k in keys) + gap * max(len(keys) - 1, 0)

    keys = sorted(anchors, key=lambda k: abs(anchors[k][0] - middle))  # nearest the middle first
    home = {k: anchors[k][0] < middle for k in keys}  # True: the left column
    if height(keys) - gap > 2 * area.h or len(keys) > MAX_SEARCH:
        flips = [()]  # hopeless, or too many to search: keep every label on its own side
    else:
        flips = (combo for n in range(len(keys) + 1) for combo in combinations(keys, n))
    for flipped in flips:
        left = [k for k in keys if home[k] != (k in flipped)]
        right = [k for k in keys if home[k] == (k in flipped)]
        if height(left) <= area.h and height(right) <= area.h:
            return left, right
    raise LayoutError(f"{len(anchors)} labels do not fit in two columns of {area.h:.0f} px")


def _stack(wanted: list[float], heights: list[float], area: Box, gap: float) -> list[float]:
    """Tops as close to `wanted` as possible, in order, `gap` apart, inside the area."""
    tops: list[float] = []
    floor = area.y
    for want, h in zip(wanted, heights, strict=True):
        top = max(want, floor)
        tops.append(top)
        floor = top + h + gap
    ceiling = area.bottom
    for i in range(len(tops) - 1, -1, -1):
        tops[i] = min(tops[i], ceiling - heights[i])
        ceiling = tops[i] - gap
    return tops


# --- leaders that cross nothing ------------------------------------------------------------------
Point = tuple[float, float]
MAX_PERMUTED = 6  # a column of up to this many labels tries every order; longer ones swap neighbours


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Do the two segments intersect (touching counts)?"""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and d1 and d2 and d3 and d4:
        return True
    return any(d == 0 and _on_segment(a, b, c) for d, a, b, c in
               ((d1, q1, q2, p1), (d2, q1, q2, p2), (d3, p1, p2, q1), (d4, p1, p2, q2)))


def _on_segment(a: Point, b: Point, c: Point) -> bool:
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def segment_distance(a: Point, b: Point, p: Point) -> float:
    """Shortest distance from point p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if not length else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return ((a[0] + t * dx - p[0]) ** 2 + (a[1] + t * dy - p[1]) ** 2) ** 0.5


def segment_hits_box(a: Point, b: Point, box: Box, pad: float = 0.0) -> bool:
    """Does the segment a-b pass through the box grown by `pad`?"""
    x0, y0, x1, y1 = box.x - pad, box.y - pad, box.right + pad, box.bottom + pad
    if any(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for p in (a, b)):
        return True
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    return any(segments_cross(a, b, corners[i], corners[(i + 1) % 4]) for i in range(4))


def leader(p: Placed) -> tuple[Point, Point]:
    """The drawn part of a leader: from its box to the edge of its anchor's ring (set by the caller)."""
    return p.leader_start, p.anchor


def conflicts(placed: list[Placed], ring: float, obstacles: list[Box] = ()) -> dict[str, int]:
    """For each label, how many things its leader crosses: leaders, others' rings, labels, obstacles."""
    count = {p.key: 0 for p in placed}
    for i, p in enumerate(placed):
        a, b = leader(p)
        for q in placed[i + 1:]:
            if segments_cross(a, b, *leader(q)):
                count[p.key] += 1
                count[q.key] += 1
        for q in placed:
            if q is p:
                continue
            if segment_distance(a, b, q.anchor) < ring * 1.6:
                count[p.key] += 1
            if segment_hits_box(a, b, q.box, ring / 2):
                count[p.key] += 1
        count[p.key] += sum(segment_hits_box(a, b, box) for box in obstacles)
    return count


def _restack(column: list[Placed], area: Box, gap: float) -> list[Placed]:
    """The column's boxes stacked in this order, each as near its anchor's height as there is room."""
    tops = _stack([p.anchor[1] - p.box.h / 2 for p in column], [p.box.h for p in column], area, gap)
    out = []
    for p, top in zip(column, tops, strict=True):
        box = replace(p.box, y=top)
        out.append(replace(p, box=box, leader_start=(p.leader_start[0], top + box.h / 2)))
    return out


def _orders(column: list[Placed]):
    if len(column) <= MAX_PERMUTED:
        yield from permutations(column)
        return
    yield column
    for i in range(len(column) - 1):
        yield [*column[:i], column[i + 1], column[i], *column[i + 2:]]


def untangle(placed: list[Placed], area: Box, gap: float, ring: float,
             obstacles: list[Box] = ()) -> tuple[list[Placed], list[str]]:
    """Reorder each column to minimise crossings; returns the layout and the keys still in conflict."""
    left = [p for p in placed if p.box.x < area.x + area.w / 2]
    right = [p for p in placed if p.box.x >= area.x + area.w / 2]
    for _round in range(2):
        for side in ("left", "right"):
            column, other = (left, right) if side == "left" else (right, left)
            best, best_cost = column, None
            for order in _orders(column):
                trial = _restack(list(order), area, gap)
                cost = sum(conflicts(trial + other, ring, obstacles).values())
                if best_cost is None or cost < best_cost:
                    best, best_cost = trial, cost
                if cost == 0:
                    break
            if side == "left":
                left = best
            else:
                right = best
    result = left + right
    bad = [k for k, n in conflicts(result, ring, obstacles).items() if n]
    return result, bad
