"""Callout layout: label boxes in two side columns, leader lines to their regions.

A pure function of sizes and anchor points, so it can be tested exhaustively: boxes never
overlap each other and never leave the image, or a LayoutError says they cannot fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

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
