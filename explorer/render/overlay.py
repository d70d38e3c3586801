"""2D annotation drawn over a render: boxes, lines, dots and text, as data.

The same primitives are drawn into a raster (Pillow) or written as real SVG/PDF text,
and the layout measures text with the same font (DejaVu Sans, shipped in assets/fonts).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

from explorer.model.paths import ASSET_DIR

FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}
RGBA = tuple[int, int, int, int]


@cache
def font(size: int, style: str = "regular") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ASSET_DIR / "fonts" / FONT_FILES[style]), max(int(size), 6))


@lru_cache(maxsize=4096)
def text_size(text: str, size: int, style: str = "regular") -> tuple[float, float]:
    """Width and line height of one line of text, in pixels (kept: layout and wrapping ask again and again)."""
    f = font(size, style)
    left, _top, right, _bottom = f.getbbox(text)
    ascent, descent = f.getmetrics()
    return right - left, ascent + descent


def wrap(text: str, size: int, width: float, style: str = "regular") -> list[str]:
    """Greedy word wrap to a pixel width."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}".strip()
        if text_size(trial, size, style)[0] <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def shorten(text: str, max_chars: int) -> str:
    return textwrap.shorten(" ".join(text.split()), max_chars, placeholder="…")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: RGBA
    outline: RGBA | None = None
    width: float = 1
    radius: float = 0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: RGBA
    width: float


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: RGBA
    outline: RGBA


@dataclass(frozen=True)
class Text:
    x: float  # left
    y: float  # top of the line box
    text: str
    size: int
    color: RGBA
    style: str = "regular"


@dataclass
class Overlay:
    """Everything drawn over the 3D render, in drawing order."""

    items: list[Rect | Line | Dot | Text] = field(default_factory=list)

    def add(self, item: Rect | Line | Dot | Text) -> None:
        self.items.append(item)

    def texts(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, Text)]


SUPERSAMPLE = 4  # lines and rings are drawn this much larger, then scaled down: anti-aliased edges


def _smooth(layer: Image.Image, item: Line | Dot) -> None:
    """Draw a line or ring anti-aliased: supersampled on a small patch, scaled down, blended in."""
    pad = (item.width if isinstance(item, Line) else item.r / 3) + 2
    xs = (item.x1, item.x2) if isinstance(item, Line) else (item.x - item.r, item.x + item.r)
    ys = (item.y1, item.y2) if isinstance(item, Line) else (item.y - item.r, item.y + item.r)
    x0, y0 = int(max(min(xs) - pad, 0)), int(max(min(ys) - pad, 0))
    x1, y1 = int(min(max(xs) + pad + 1, layer.width)), int(min(max(ys) + pad + 1, layer.height))
    if x1 <= x0 or y1 <= y0:
        return
    k = SUPERSAMPLE if (x1 - x0) * (y1 - y0) <= 1_000_000 else 2  # long 4K leaders: keep the patch small
    # Scaling an RGBA image premultiplies it first; drawn only in opaque or fully clear colours, the
    # patch is already premultiplied, so draw it as such and skip converting the large patch.
    mode = "RGBa" if all(_premultiplied(c) for c in _colours(item)) else "RGBA"
    patch = Image.new(mode, ((x1 - x0) * k, (y1 - y0) * k), (0, 0, 0, 0))
    pen = ImageDraw.Draw(patch)
    if isinstance(item, Line):
        ends = ((item.x1 - x0) * k, (item.y1 - y0) * k, (item.x2 - x0) * k, (item.y2 - y0) * k)
        pen.line(ends, fill=item.color, width=max(round(item.width * k), 1), joint="curve")
        r = item.width * k / 2  # round caps
        for cx, cy in (ends[:2], ends[2:]):
            pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=item.color)
    else:
        cx, cy, r = (item.x - x0) * k, (item.y - y0) * k, item.r * k
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=item.fill, outline=item.outline,
                    width=max(round(item.r / 3 * k), 1))
    small = patch.resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
    layer.alpha_composite(small if small.mode == "RGBA" else small.convert("RGBA"), dest=(x0, y0))


def _colours(item: Line | Dot) -> tuple[RGBA, ...]:
    return (item.color,) if isinstance(item, Line) else (item.fill, item.outline)


def _premultiplied(colour: RGBA) -> bool:
    """Is the colour the same premultiplied (opaque, or clear black)?"""
    return colour[3] == 255 or tuple(colour) == (0, 0, 0, 0)


PIECE = 160  # px: a long leader is smoothed piece by piece, so no patch is a large, mostly empty square


def _pieces(line: Line) -> list[Line]:
    length = ((line.x2 - line.x1) ** 2 + (line.y2 - line.y1) ** 2) ** 0.5
    n = max(1, math.ceil(length / PIECE))
    xs = [line.x1 + (line.x2 - line.x1) * i / n for i in range(n + 1)]
    ys = [line.y1 + (line.y2 - line.y1) * i / n for i in range(n + 1)]
    return [Line(xs[i], ys[i], xs[i + 1], ys[i + 1], line.color, line.width) for i in range(n)]


def draw(image: Image.Image, overlay: Overlay, layer: Image.Image | None = None) -> Image.Image:
    """A copy of the image with the overlay drawn on it (translucent fills blend; lines and rings anti-aliased).

    `layer`: the overlay already drawn by `draw_layer` (an export prepares it while it renders).
    An RGB image (an opaque figure) stays RGB: the layer is pasted through its own alpha, which gives
    the very pixels of compositing it over the image made RGBA (tests/test_overlay_draw.py checks every
    colour, alpha and background value) in one pass, with no 4-channel copy of a 4K figure. Other
    modes are composited as RGBA.
    """
    layer = draw_layer(image.size, overlay.items) if layer is None else layer
    if image.mode == "RGB":
        out = image.copy()
        out.paste(layer, (0, 0), layer)
        return out
    return Image.alpha_composite(image if image.mode == "RGBA" else image.convert("RGBA"), layer)


def draw_layer(size: tuple[int, int], items: list[Rect | Line | Dot | Text],
               layer: Image.Image | None = None) -> Image.Image:
    """The items drawn in order into a transparent layer, or on into `layer` (holding the items before them)."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0)) if layer is None else layer
    pen = ImageDraw.Draw(layer)
    for item in items:
        if isinstance(item, Rect):
            _rounded(layer, pen, item)
        elif isinstance(item, Line):
            for piece in _pieces(item):
                _smooth(layer, piece)
        elif isinstance(item, Dot):
            _smooth(layer, item)
        else:
            pen.text((item.x, item.y), item.text, font=font(item.size, item.style), fill=item.color)
    return layer


def _rounded(layer: Image.Image, pen: ImageDraw.ImageDraw, item: Rect) -> None:
    """A box: Pillow draws it on whole pixels (straight edges are crisp), then its rounded corners are
    drawn again anti-aliased, supersampled on small patches, over what lay under them."""
    box = (round(item.x), round(item.y), round(item.x + item.w), round(item.y + item.h))
    width = max(int(item.width), 1)
    patches = _corner_patches(box, item.radius, layer.size) if item.radius >= 1 else []
    under = [layer.crop(patch) for patch in patches]
    pen.rounded_rectangle(box, radius=item.radius, fill=item.fill, outline=item.outline, width=width)
    k = SUPERSAMPLE
    for (px, py, qx, qy), before in zip(patches, under, strict=True):
        big = Image.new("RGBA", ((qx - px) * k, (qy - py) * k), (0, 0, 0, 0))
        # The same box, k times larger and cut to the patch: pixel x0..x1 becomes x0*k..(x1+1)*k-1.
        ImageDraw.Draw(big).rounded_rectangle(
            ((box[0] - px) * k, (box[1] - py) * k, (box[2] + 1 - px) * k - 1, (box[3] + 1 - py) * k - 1),
            radius=item.radius * k, fill=item.fill, outline=item.outline, width=width * k)
        layer.paste(before, (px, py))
        layer.alpha_composite(big.resize(before.size, Image.Resampling.BOX), dest=(px, py))


def _corner_patches(box: tuple[int, int, int, int], radius: float,
                    size: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """The four corner squares a rounded box's curves lie in (the whole box if they would meet),
    clipped to the layer; each (left, top, right, bottom), right and bottom exclusive."""
    x0, y0, x1, y1 = box
    c = math.ceil(radius) + 1
    if 2 * c >= x1 + 1 - x0 or 2 * c >= y1 + 1 - y0:
        squares = [(x0, y0, x1 + 1, y1 + 1)]
    else:
        squares = [(x, y, x + c, y + c) for x in (x0, x1 + 1 - c) for y in (y0, y1 + 1 - c)]
    clipped = [(max(a, 0), max(b, 0), min(c_, size[0]), min(d, size[1])) for a, b, c_, d in squares]
    return [patch for patch in clipped if patch[0] < patch[2] and patch[1] < patch[3]]
