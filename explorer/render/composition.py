"""Lay out an exported figure: text bands, the 3D viewport, callouts, orientation letters.

Text is sized for the output medium and never shrinks below it: on a slide the body is 3.5 %
of the image height (titles larger, the footer 2 %); on paper (a figure with a dpi) the body
is 9 pt and the smallest credit 7 pt. Text that does not fit is cut with an ellipsis instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.model.figure_text import FigureText
from explorer.render.callouts import Box
from explorer.render.figure_callouts import INK, MUTED, PAPER, Taken, draw_callouts, draw_legend_only
from explorer.render.overlay import Overlay, Rect, Text, shorten, text_size, wrap

LETTER = (110, 110, 110, 255)


@dataclass(frozen=True)
class Sizes:
    """Font sizes in pixels for one output medium."""

    body: int  # excerpt and callout labels
    title: int
    small: int  # attribution, legend, tour name
    footer: int  # references and the atlas credit

    @classmethod
    def for_medium(cls, width: int, height: int, dpi: int | None = None) -> Sizes:
        """Slide sizes from the image height (a 4:3 cap for wide images), or print sizes from the dpi."""
        if dpi:
            point = dpi / 72  # rounded up: never a hair under the size in points
            return cls(*(math.ceil(pt * point) for pt in (9, 14, 8, 7)))
        screen = min(height, width * 0.75)
        body = max(11, round(screen * 0.035))
        footer = max(9, round(screen * 0.02))
        return cls(body, round(body * 1.3), max(footer, round(body * 0.75)), footer)


@dataclass(frozen=True)
class Frame:
    """Where things go on a W x H figure."""

    width: int
    height: int
    sizes: Sizes
    margin: int
    top: int  # height of the title/annotation band
    bottom: int  # height of the footer band
    column: int  # width reserved on each side for callouts (0 without callouts)
    kicker_lines: tuple[str, ...]
    title_lines: tuple[str, ...]
    excerpt_lines: tuple[str, ...]
    attribution_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]

    @property
    def font(self) -> int:
        return self.sizes.body

    @property
    def viewport(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the 3D render inside the figure."""
        x = self.column
        return x, self.top, self.width - 2 * x, self.height - self.top - self.bottom


def _line_h(size: int, style: str = "regular") -> float:
    return text_size("Ag", size, style)[1]


def _cut(lines: list[str], keep: int, size: int, width: float, style: str = "regular") -> list[str]:
    """At most `keep` lines; the last one ends with an ellipsis if text was cut."""
    if len(lines) <= keep:
        return lines
    last = lines[keep - 1] + " …"
    while text_size(last, size, style)[0] > width and " " in last[:-2]:
        last = last[:-2].rsplit(" ", 1)[0] + " …"
    return [*lines[:keep - 1], last]


def _top_band(text: FigureText, sizes: Sizes, inner: float) -> tuple[list[str], ...]:
    kicker = wrap(text.kicker, sizes.small, inner, "bold")[:1] if text.kicker else []
    title = _cut(wrap(text.title, sizes.title, inner, "bold"), 2, sizes.title, inner, "bold") if text.title else []
    excerpt = _cut(wrap(shorten(text.excerpt, 600), sizes.body, inner), 3, sizes.body, inner) if text.excerpt else []
    attribution = _cut(wrap(text.attribution, sizes.small, inner, "italic"), 2, sizes.small, inner, "italic") \
        if text.attribution else []
    return kicker, title, excerpt, attribution


def plan(width: int, height: int, text: FigureText, callouts: bool, dpi: int | None = None) -> Frame:
    sizes = Sizes.for_medium(width, height, dpi)
    margin = max(6, round(min(width, height) * 0.02))
    inner = width - 2 * margin - sizes.body
    kicker, title, excerpt, attribution = _top_band(text, sizes, inner)
    top = 0
    if title or excerpt:
        top = margin + sizes.body // 2 + len(kicker) * _line_h(sizes.small, "bold")
        top += len(title) * _line_h(sizes.title, "bold") + len(excerpt) * _line_h(sizes.body)
        top += len(attribution) * _line_h(sizes.small) + sizes.body // 2 + margin
    footer: list[str] = []
    for line in text.markers:
        footer.extend(_cut(wrap(line, sizes.footer, inner), 2, sizes.footer, inner))
    for ref in text.references:
        footer.extend(_cut(wrap(ref, sizes.footer, inner), 2, sizes.footer, inner))
    footer.extend(_cut(wrap(text.credit, sizes.footer, inner), 2, sizes.footer, inner))
    bottom = margin + len(footer) * _line_h(sizes.footer) + margin // 2 if footer else 0
    column = 0
    if callouts and text.callouts:
        widest = max(text_size(c.text, sizes.body, "bold")[0] for c in text.callouts) + sizes.body
        column = int(min(widest, width * 0.22) + 2 * margin)
    return Frame(width, height, sizes, margin, int(top), int(bottom), column, tuple(kicker), tuple(title),
                 tuple(excerpt), tuple(attribution), tuple(footer))


def bands(frame: Frame) -> Overlay:
    """The title band and the footer: they depend on the text alone, so they can be drawn while the 3D
    view renders. They lie outside the viewport, where nothing else is drawn."""
    overlay = Overlay()
    if frame.top:
        _draw_top(overlay, frame)
    if frame.footer_lines:
        _draw_footer(overlay, frame)
    return overlay


def annotate(frame: Frame, text: FigureText, anchors: dict[str, tuple[int, int] | None],
             letters: dict[str, str] | None) -> Overlay:
    """The overlay for a planned frame: the bands first, then what sits in the viewport;
    `anchors` are in figure pixels (None: hidden from view)."""
    overlay = bands(frame)
    taken = Taken()
    if frame.column:
        taken = draw_callouts(overlay, frame, text, anchors)
    elif text.callouts:
        taken = draw_legend_only(overlay, frame, text)
    if letters:
        _letters(overlay, frame, letters, taken)
    return overlay


def _draw_top(overlay: Overlay, frame: Frame) -> None:
    m, s = frame.margin, frame.sizes
    overlay.add(Rect(m / 2, m / 2, frame.width - m, frame.top - m / 2, PAPER, None, 1, s.body / 3))
    x, y = m + s.body / 2, m + s.body / 4
    rows = [(frame.kicker_lines, s.small, MUTED, "bold"), (frame.title_lines, s.title, INK, "bold"),
            (frame.excerpt_lines, s.body, INK, "regular"), (frame.attribution_lines, s.small, MUTED, "italic")]
    for lines, size, color, style in rows:
        for line in lines:
            overlay.add(Text(x, y, line, size, color, style))
            y += _line_h(size, style)


def _draw_footer(overlay: Overlay, frame: Frame) -> None:
    m, size = frame.margin, frame.sizes.footer
    y0 = frame.height - frame.bottom + m / 4
    overlay.add(Rect(m / 2, y0 - m / 4, frame.width - m, frame.bottom - m / 4, PAPER, None, 1, frame.font / 3))
    for i, line in enumerate(frame.footer_lines):
        overlay.add(Text(m, y0 + i * _line_h(size), line, size, MUTED))


def _letters(overlay: Overlay, frame: Frame, letters: dict[str, str], taken: Taken) -> None:
    """The L/R, A/P, S/I letters at the viewport's edges, slid along the edge clear of every callout."""
    x, y, w, h = frame.viewport
    size = round(frame.font * 1.1)
    tw, th = text_size("M", size, "bold")
    m = frame.margin
    ends = {"left": ((x + m, y + h / 2 - th / 2), (0, 1)), "right": ((x + w - m - tw, y + h / 2 - th / 2), (0, 1)),
            "top": ((x + w / 2 - tw / 2, y + m), (1, 0)), "bottom": ((x + w / 2 - tw / 2, y + h - m - th), (1, 0))}
    for side, letter in letters.items():
        (lx, ly), (dx, dy) = ends[side]
        for shift in (0, *[s * k for k in range(1, 12) for s in (1, -1)]):
            box = Box(lx + dx * shift * th, ly + dy * shift * th, tw, th)
            inside = x <= box.x and box.right <= x + w and y <= box.y and box.bottom <= y + h
            if inside and not taken.hits(box, pad=frame.margin / 2):
                overlay.add(Text(box.x, box.y, letter, size, LETTER, "bold"))
                taken.boxes.append(box)
                break


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
