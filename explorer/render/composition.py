"""Lay out an exported figure: text bands, the 3D viewport, callouts, orientation letters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.model.figure_text import FigureText
from explorer.render.callouts import Box, LayoutError, Placed, layout_callouts
from explorer.render.colors import hex_to_rgb
from explorer.render.overlay import Dot, Line, Overlay, Rect, Text, shorten, text_size, wrap

INK = (26, 26, 26, 255)
MUTED = (70, 70, 70, 255)
PAPER = (255, 255, 255, 236)


@dataclass(frozen=True)
class Frame:
    """Where things go on a W x H figure, with font sizes that scale with the image."""

    width: int
    height: int
    font: int
    margin: int
    top: int  # height of the title/annotation band
    bottom: int  # height of the footer band
    column: int  # width reserved on each side for callouts (0 without callouts)
    title_lines: tuple[str, ...]
    excerpt_lines: tuple[str, ...]
    attribution_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]

    @property
    def viewport(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the 3D render inside the figure."""
        x = self.column
        return x, self.top, self.width - 2 * x, self.height - self.top - self.bottom


def plan(width: int, height: int, text: FigureText, callouts: bool) -> Frame:
    font = max(11, round(min(height, width * 0.75) / 50))
    margin = max(6, round(min(width, height) * 0.02))
    inner = width - 2 * margin - font
    title = wrap(text.title, round(font * 1.45), inner, "bold")[:2] if text.title else []
    excerpt = wrap(shorten(text.excerpt, 420), font, inner)[:4] if text.excerpt else []
    attribution = wrap(text.attribution, round(font * 0.8), inner, "italic")[:2] if text.attribution else []
    top = 0
    if title or excerpt:
        top = margin + font // 2
        top += len(title) * text_size("Ag", round(font * 1.45), "bold")[1]
        top += len(excerpt) * text_size("Ag", font)[1] + len(attribution) * text_size("Ag", round(font * 0.8))[1]
        top += font // 2 + margin
    small = max(9, round(font * 0.62))
    footer: list[str] = []
    for ref in text.references:
        footer.extend(wrap(ref, small, inner)[:3])
    footer.extend(wrap(text.credit, small, inner)[:2])
    line_h = text_size("Ag", small)[1]
    bottom = margin + len(footer) * line_h + margin // 2 if footer else 0
    column = 0
    if callouts and text.callouts:
        widest = max(text_size(c.text, font, "bold")[0] for c in text.callouts) + font
        column = int(min(widest, width * 0.24) + 2 * margin)
    return Frame(width, height, font, margin, int(top), int(bottom), column, tuple(title), tuple(excerpt),
                 tuple(attribution), tuple(footer))


def annotate(frame: Frame, text: FigureText, anchors: dict[str, tuple[int, int] | None],
             letters: dict[str, str] | None) -> Overlay:
    """The overlay for a planned frame; `anchors` are in figure pixels (None: hidden from view)."""
    overlay = Overlay()
    m, font = frame.margin, frame.font
    if frame.top:
        overlay.add(Rect(m / 2, m / 2, frame.width - m, frame.top - m / 2, PAPER, None, 1, font / 3))
        y = m + font / 4
        for line in frame.title_lines:
            overlay.add(Text(m + font / 2, y, line, round(font * 1.45), INK, "bold"))
            y += text_size("Ag", round(font * 1.45), "bold")[1]
        for line in frame.excerpt_lines:
            overlay.add(Text(m + font / 2, y, line, font, INK))
            y += text_size("Ag", font)[1]
        for line in frame.attribution_lines:
            overlay.add(Text(m + font / 2, y, line, round(font * 0.8), MUTED, "italic"))
            y += text_size("Ag", round(font * 0.8))[1]
    _callouts(overlay, frame, text, anchors)
    if letters:
        _letters(overlay, frame, letters)
    if frame.footer_lines:
        small = max(9, round(font * 0.62))
        line_h = text_size("Ag", small)[1]
        y0 = frame.height - frame.bottom + m / 4
        overlay.add(Rect(m / 2, y0 - m / 4, frame.width - m, frame.bottom - m / 4, PAPER, None, 1, font / 3))
        for i, line in enumerate(frame.footer_lines):
            overlay.add(Text(m, y0 + i * line_h, line, small, MUTED))
    return overlay


MIN_LABEL_FONT = 8  # px: below this a callout is not legible; it goes to the legend instead


@dataclass
class _Labels:
    placed: list[Placed]
    lines: dict[str, list[str]]
    size: int
    dropped: list[str]  # keys that found no room even at the smallest font


def _fit_labels(frame: Frame, text: FigureText, visible: dict[str, tuple[int, int]], area: Box) -> _Labels:
    """Shrink the labels until they fit; if even MIN_LABEL_FONT is too big, drop the last ones."""
    inner = frame.column - 2 * frame.margin
    keys = list(visible)
    size = frame.font
    while True:
        lines = {c.key: _label_lines(c.text, size, inner - size) for c in text.callouts}
        line_h = text_size("Ag", size, "bold")[1]
        sizes = {k: (max(text_size(t, size, "bold")[0] for t in v) + size, len(v) * line_h + size * 0.5)
                 for k, v in lines.items()}
        try:
            placed = layout_callouts({k: visible[k] for k in keys}, sizes, area, gap=size * 0.4)
            return _Labels(placed, lines, size, [k for k in visible if k not in keys])
        except LayoutError:
            if size > MIN_LABEL_FONT:
                size = max(MIN_LABEL_FONT, int(size * 0.85))
            else:
                keys.pop()  # the last callouts are the least important (the selection comes first)


def _callouts(overlay: Overlay, frame: Frame, text: FigureText, anchors: dict[str, tuple[int, int] | None]) -> None:
    if not frame.column:
        return
    visible = {c.key: anchors[c.key] for c in text.callouts if anchors.get(c.key) is not None}
    x, y, w, h = frame.viewport
    area = Box(frame.margin, y + frame.margin, frame.width - 2 * frame.margin, h - 2 * frame.margin)
    labels = _fit_labels(frame, text, visible, area)
    by_key = {c.key: c for c in text.callouts}
    for p in labels.placed:
        _draw_callout(overlay, p, by_key[p.key].color, labels.lines[p.key], labels.size)
    notes = []
    hidden = [c.text for c in text.callouts if anchors.get(c.key) is None]
    if hidden:  # no leader into empty space: named in a corner legend instead
        notes.append("Not visible from this view: " + ", ".join(hidden))
    if labels.dropped:
        notes.append("No room to label: " + ", ".join(by_key[k].text for k in labels.dropped))
    small = round(frame.font * 0.7)
    lines = [line for note in notes for line in wrap(note, small, w * 0.4, "italic")]
    for i, line in enumerate(lines[:6]):
        overlay.add(Text(x + frame.margin, y + frame.margin + i * text_size("Ag", small)[1], line, small,
                         MUTED, "italic"))


def _draw_callout(overlay: Overlay, p: Placed, hex_color: str, lines: list[str], size: int) -> None:
    """One label box, its leader line and the ring around its anchor."""
    color = tuple(int(c * 255) for c in hex_to_rgb(hex_color)) + (255,)
    width = max(2.0, size / 7)
    ax, ay = p.anchor
    ring = max(4.0, size / 3)
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


def _label_lines(label: str, size: int, width: float) -> list[str]:
    """A callout label on at most two lines, cut with an ellipsis only if it still does not fit."""
    lines = wrap(label, size, width, "bold")
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    last = lines[-1]
    while text_size(last, size, "bold")[0] > width and len(last) > 4:
        last = last[:-2] + "…"
    return [*lines[:-1], last]


def _letters(overlay: Overlay, frame: Frame, letters: dict[str, str]) -> None:
    x, y, w, h = frame.viewport
    size = round(frame.font * 1.1)
    tw, th = text_size("M", size, "bold")
    spots = {"left": (x + frame.margin, y + h / 2 - th / 2), "right": (x + w - frame.margin - tw, y + h / 2 - th / 2),
             "top": (x + w / 2 - tw / 2, y + frame.margin), "bottom": (x + w / 2 - tw / 2, y + h - frame.margin - th)}
    for side, letter in letters.items():
        overlay.add(Text(*spots[side], letter, size, (110, 110, 110, 255), "bold"))


AXIS_LETTERS = ((np.array([1.0, 0, 0]), "R"), (np.array([-1.0, 0, 0]), "L"), (np.array([0, 1.0, 0]), "A"),
                (np.array([0, -1.0, 0]), "P"), (np.array([0, 0, 1.0]), "S"), (np.array([0, 0, -1.0]), "I"))


def orientation_letters(position, focal_point, view_up) -> dict[str, str]:
    """Anatomical letters for the four screen edges, where an axis points clearly that way."""
    forward = np.asarray(focal_point, float) - np.asarray(position, float)
    forward /= np.linalg.norm(forward)
    up = np.asarray(view_up, float)
    up = up - up.dot(forward) * forward
    up /= np.linalg.norm(up)
    right = np.cross(forward, up)
    out = {}
    for side, direction in (("right", right), ("left", -right), ("top", up), ("bottom", -up)):
        best = max(AXIS_LETTERS, key=lambda axis: float(axis[0] @ direction))
        if best[0] @ direction > 0.7:
            out[side] = best[1]
    return out
