"""Callout layout: label boxes in two side columns, leader lines to their regions.

A pure function of sizes and anchor points, so it can be tested exhaustively: boxes never
overlap each other and never leave the image, or a LayoutError says they cannot fit.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    middle = area.x + area.w / 2
    left = [k for k in anchors if anchors[k][0] < middle]
    right = [k for k in anchors if anchors[k][0] >= middle]

    def height(keys: list[str]) -> float:
        return sum(sizes[k][1] for k in keys) + gap * max(len(keys) - 1, 0)

    def _fits(key: str, column: list[str]) -> bool:
        return height([*column, key]) <= area.h

    # Balance the columns: move the label whose anchor is nearest the middle across.
    for _ in range(len(anchors)):
        if height(left) > area.h and _fits(max(left, key=lambda k: anchors[k][0]), right):
            key = max(left, key=lambda k: anchors[k][0])
            left.remove(key)
            right.append(key)
        elif height(right) > area.h and _fits(min(right, key=lambda k: anchors[k][0]), left):
            key = min(right, key=lambda k: anchors[k][0])
            right.remove(key)
            left.append(key)
        else:
            break
    if height(left) > area.h or height(right) > area.h:
        raise LayoutError(f"{len(anchors)} labels do not fit in {area.h:.0f} px")

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
