"""Callouts on a figure: label boxes, leaders that cross nothing, and a legend for the rest.

A region gets a leader only if it is visible enough to point at (visibility.py) and its leader
can be drawn without crossing another leader, another anchor ring, another label or the legend;
every other highlighted region is named in the legend, with its colour. Labels keep the body
size of the medium; they are never shrunk to squeeze in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from explorer.model.figure_text import FigureText
from explorer.render.callouts import Box, LayoutError, Placed, Point, layout_callouts, segment_hits_box, untangle
from explorer.render.colors import hex_to_rgb
from explorer.render.overlay import Dot, Line, Overlay, Rect, Text, text_size, wrap

if TYPE_CHECKING:
    from explorer.render.composition import Frame

INK = (26, 26, 26, 255)
MUTED = (70, 70, 70, 255)
PAPER = (255, 255, 255, 236)
HIDDEN = "Not visible from this view:"
NO_ROOM = "No room to label:"
HIGHLIGHTED = "Highlighted:"


@dataclass
class Taken:
    """What the callouts occupy, for the orientation letters to keep clear of."""

    boxes: list[Box] = field(default_factory=list)
    segments: list[tuple[Point, Point]] = field(default_factory=list)

    def hits(self, box: Box, pad: float = 0.0) -> bool:
        return any(box.overlaps(b) for b in self.boxes) or any(segment_hits_box(a, b, box, pad)
                                                                 for a, b in self.segments)


def _rgba(hex_color: str) -> tuple[int, int, int, int]:
    return tuple(int(c * 255) for c in hex_to_rgb(hex_color)) + (255,)


def _label_lines(label: str, size: int, width: float) -> list[str]:
    """A callout label on at most three lines, cut with an ellipsis only if it still does not fit."""
    lines = wrap(label, size, width, "bold")
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])]
    last = lines[-1]
    while text_size(last, size, "bold")[0] > width and len(last) > 4:
        last = last[:-2] + "…"
    return [*lines[:-1], last]


@dataclass
class _Layout:
    placed: list[Placed]
    lines: dict[str, list[str]]
    legend: dict[str, list[str]]  # heading -> keys


def _place(keys: list[str], lines: dict[str, list[str]], size: int, area: Box, ring: float,
           obstacles: list[Box], anchors: dict[str, tuple[int, int]]) -> tuple[list[Placed], list[str], list[str]]:
    """Lay out `keys`; returns the placed labels, those with no room and those whose leader is in the way."""
    line_h = text_size("Ag", size, "bold")[1]
    sizes = {k: (max(text_size(t, size, "bold")[0] for t in lines[k]) + size, len(lines[k]) * line_h + size * 0.5)
             for k in keys}
    keys, no_room = list(keys), []
    while keys:
        try:
            placed = layout_callouts({k: anchors[k] for k in keys}, sizes, area, gap=size * 0.4)
            break
        except LayoutError:
            no_room.insert(0, keys.pop())  # the last callouts are the least important (the selection first)
    else:
        return [], no_room, []
    placed, bad = untangle(placed, area, size * 0.4, ring, obstacles)
    return placed, no_room, bad


def layout(frame: Frame, text: FigureText, anchors: dict[str, tuple[int, int] | None]) -> _Layout:
    """Which labels get leaders (and where), and which go to the legend."""
    x, y, w, h = frame.viewport
    size = frame.sizes.body
    area = Box(frame.margin, y + frame.margin, frame.width - 2 * frame.margin, h - 2 * frame.margin)
    inner = frame.column - 2 * frame.margin
    lines = {c.key: _label_lines(c.text, size, inner - size) for c in text.callouts}
    visible = [c.key for c in text.callouts if anchors.get(c.key) is not None]
    legend = {HIDDEN: [c.key for c in text.callouts if anchors.get(c.key) is None], NO_ROOM: []}
    while True:
        box = _legend_box(frame, text, legend)
        keys = [k for k in visible if k not in legend[NO_ROOM]]
        placed, no_room, bad = _place(keys, lines, size, area, _ring(size), [box] if box else [], anchors)
        if not no_room and not bad:
            return _Layout(placed, lines, legend)
        order = [c.key for c in text.callouts]
        legend[NO_ROOM] = sorted({*legend[NO_ROOM], *no_room, max(bad, key=order.index, default=None)} - {None},
                                 key=order.index)


def _ring(size: int) -> float:
    return max(4.0, size / 3)


def _legend_rows(frame: Frame, text: FigureText, legend: dict[str, list[str]]) -> list[tuple[str, str | None]]:
    """(text, colour or None) rows: one region a row with its colour, or, if too many, names run on."""
    names = {c.key: c for c in text.callouts}
    size = frame.sizes.small
    room = max(2, int(frame.viewport[3] / 2 / text_size("Ag", size)[1]))
    rows: list[tuple[str, str | None]] = []
    for heading, keys in legend.items():
        if keys:
            rows.append((heading, None))
            rows.extend((names[k].text, names[k].color) for k in keys)
    if len(rows) <= room:
        return rows
    rows = []
    for heading, keys in legend.items():
        if keys:
            run_on = heading + " " + ", ".join(names[k].text for k in keys)
            rows.extend((line, None) for line in wrap(run_on, size, frame.viewport[2] * 0.6, "italic"))
    if len(rows) > room:
        rows = [*rows[:room - 1], ("… (more in the figure's metadata)", None)]
    return rows


def _legend_box(frame: Frame, text: FigureText, legend: dict[str, list[str]]) -> Box | None:
    rows = _legend_rows(frame, text, legend)
    if not rows:
        return None
    size = frame.sizes.small
    x, y, _w, _h = frame.viewport
    width = max(text_size(t, size, "italic")[0] + (size * 1.2 if c else 0) for t, c in rows) + size
    return Box(x + frame.margin, y + frame.margin, width, len(rows) * text_size("Ag", size)[1] + size * 0.5)


def draw_callouts(overlay: Overlay, frame: Frame, text: FigureText,
                  anchors: dict[str, tuple[int, int] | None]) -> Taken:
    """Draw the labels, their leaders and the legend; returns what they occupy."""
    result = layout(frame, text, anchors)
    size = frame.sizes.body
    by_key = {c.key: c for c in text.callouts}
    taken = Taken()
    for p in result.placed:
        _draw_callout(overlay, p, by_key[p.key].color, result.lines[p.key], size)
        taken.boxes.extend([p.box, _ring_box(p.anchor, _ring(size) * 1.5)])
        taken.segments.append((p.leader_start, p.anchor))
    box = _legend_box(frame, text, result.legend)
    if box:
        _draw_legend(overlay, frame, box, _legend_rows(frame, text, result.legend))
        taken.boxes.append(box)
    return taken


def draw_legend_only(overlay: Overlay, frame: Frame, text: FigureText) -> Taken:
    """No leaders: the legend names every highlighted region with its colour."""
    legend = {HIGHLIGHTED: [c.key for c in text.callouts]}
    box = _legend_box(frame, text, legend)
    if box is None:
        return Taken()
    _draw_legend(overlay, frame, box, _legend_rows(frame, text, legend))
    return Taken([box])


def _ring_box(anchor: tuple[float, float], r: float) -> Box:
    return Box(anchor[0] - r, anchor[1] - r, 2 * r, 2 * r)


def _draw_legend(overlay: Overlay, frame: Frame, box: Box, rows: list[tuple[str, str | None]]) -> None:
    size = frame.sizes.small
    line_h = text_size("Ag", size)[1]
    overlay.add(Rect(box.x, box.y, box.w, box.h, PAPER, None, 1, size / 3))
    for i, (label, color) in enumerate(rows):
        top = box.y + size * 0.25 + i * line_h
        if color:
            side = size * 0.7
            overlay.add(Rect(box.x + size * 0.45, top + (line_h - side) / 2, side, side, _rgba(color), None, 1,
                             side / 4))
        overlay.add(Text(box.x + (size * 1.5 if color else size * 0.4), top, label, size, MUTED, "italic"))


def _draw_callout(overlay: Overlay, p: Placed, hex_color: str, lines: list[str], size: int) -> None:
    """One label box, its leader line and the ring around its anchor."""
    color = _rgba(hex_color)
    width = max(2.0, size / 9)
    ax, ay = p.anchor
    ring = _ring(size)
    sx, sy = p.leader_start
    dx, dy = ax - sx, ay - sy
    dist = max(float(np.hypot(dx, dy)), 1e-6)
    end = (ax - dx / dist * ring, ay - dy / dist * ring)  # stop at the ring: the anchor pixel stays visible
    overlay.add(Line(sx, sy, end[0], end[1], (255, 255, 255, 255), width + 2))
    overlay.add(Line(sx, sy, end[0], end[1], color, width))
    overlay.add(Dot(ax, ay, ring, (0, 0, 0, 0), color))
    overlay.add(Rect(p.box.x, p.box.y, p.box.w, p.box.h, PAPER, color, width, size / 3))
    line_h = text_size("Ag", size, "bold")[1]
    for i, line in enumerate(lines):
        overlay.add(Text(p.box.x + size * 0.5, p.box.y + size * 0.25 + i * line_h, line, size, INK, "bold"))

