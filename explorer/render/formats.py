"""Write a figure as PNG, JPEG, SVG or PDF. SVG and PDF keep the text as real text."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, PngImagePlugin

from explorer.model.errors import ExplorerError
from explorer.model.paths import ASSET_DIR, atomic_write
from explorer.render import png
from explorer.render.overlay import FONT_FILES, Dot, Line, Overlay, Rect, Text, draw, font

# Pillow's zlib level for the PNG inside an SVG (figures themselves: explorer/render/png.py).
PNG_LEVEL = 3
FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg", ".pdf": "pdf"}


def format_for(path: Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise ExplorerError(f"unknown format {fmt!r}: png, jpeg, svg or pdf")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExplorerError(f"{path}: file name must end in .png, .jpg, .svg or .pdf")
    return FORMATS[suffix]


def check_background(fmt: str, background: str) -> None:
    """JPEG has no alpha: refuse a transparent background rather than flatten it onto white unasked."""
    if fmt == "jpeg" and background == "transparent":
        raise ExplorerError("JPEG cannot be transparent: write a .png (or .svg, .pdf), "
                            "or choose a white or black background")


def write(canvas: Image.Image, overlay: Overlay, metadata: dict[str, str], path: Path, fmt: str,
          dpi: int | None = None, layer: Image.Image | None = None) -> None:
    """Write atomically: a failure leaves no file and never clobbers an existing one.

    With a `dpi`, a PNG or JPEG records it (word processors then place it at print size) and a
    PDF page has the matching size in points. `layer`: the overlay already drawn (overlay.draw_layer),
    for the raster formats.

    A file-system failure (no permission, disk full) is an ExplorerError: one line, no traceback.
    """
    if fmt == "jpeg" and canvas.mode == "RGBA" and canvas.getchannel("A").getextrema()[0] < 255:
        check_background(fmt, "transparent")
    if fmt in ("png", "jpeg"):  # drawn once, before the file is opened
        flat = draw(canvas, overlay, layer)
        writer = _png if fmt == "png" else _jpeg
    else:
        flat, writer = canvas, _svg if fmt == "svg" else _pdf
    try:
        atomic_write(Path(path), lambda tmp: writer(flat, overlay, metadata, tmp, dpi))
    except OSError as exc:
        raise ExplorerError(f"cannot write {path}: {exc.strerror or exc}") from None


def _dpi(dpi: int | None) -> dict:
    return {"dpi": (dpi, dpi)} if dpi else {}


def _png(flat, overlay, metadata, tmp: Path, dpi: int | None = None) -> None:
    """`flat`: the figure with its overlay drawn. RGB and RGBA go through the fast writer (png.py)."""
    flat = _opaque(flat)
    if png.can_write(flat):
        png.save(flat, tmp, metadata, dpi)
        return
    info = PngImagePlugin.PngInfo()
    for key, value in metadata.items():
        info.add_itxt(key, value)
    flat.save(tmp, format="PNG", pnginfo=info, compress_level=PNG_LEVEL, **_dpi(dpi))


def _opaque(image: Image.Image) -> Image.Image:
    """RGB when every pixel is opaque (white or black background): the same pixels, a quarter less to encode."""
    if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
        return image.convert("RGB")
    return image


def _jpeg(flat, overlay, metadata, tmp: Path, dpi: int | None = None) -> None:
    """`flat`: the figure with its overlay drawn."""
    if flat.mode == "RGBA":  # opaque here (a transparent figure is refused above): drop the alpha channel
        background = Image.new("RGB", flat.size, (255, 255, 255))
        background.paste(flat, mask=flat.getchannel("A"))
        flat = background
    flat.save(tmp, format="JPEG", quality=92, comment=json.dumps(metadata).encode(), **_dpi(dpi))


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def _rgba(color) -> str:
    r, g, b, a = color
    return f"rgba({r},{g},{b},{a / 255:.3f})"


def _svg(canvas, overlay, metadata, tmp: Path, dpi: int | None = None) -> None:
    w, h = canvas.size
    data = base64.b64encode(_png_bytes(canvas)).decode()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
             f"<metadata>{escape(json.dumps(metadata))}</metadata>",
             f'<image x="0" y="0" width="{w}" height="{h}" href="data:image/png;base64,{data}"/>']
    for item in overlay.items:
        if isinstance(item, Rect):
            stroke = f' stroke="{_rgba(item.outline)}" stroke-width="{item.width}"' if item.outline else ""
            parts.append(f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" height="{item.h:.1f}" '
                         f'rx="{item.radius:.1f}" fill="{_rgba(item.fill)}"{stroke}/>')
        elif isinstance(item, Line):
            parts.append(f'<line x1="{item.x1:.1f}" y1="{item.y1:.1f}" x2="{item.x2:.1f}" y2="{item.y2:.1f}" '
                         f'stroke="{_rgba(item.color)}" stroke-width="{item.width:.1f}" stroke-linecap="round"/>')
        elif isinstance(item, Dot):
            parts.append(f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="{item.r:.1f}" fill="{_rgba(item.fill)}" '
                         f'stroke="{_rgba(item.outline)}" stroke-width="{max(item.r / 3, 1):.1f}"/>')
        elif isinstance(item, Text):
            ascent = font(item.size, item.style).getmetrics()[0]
            weight = ' font-weight="bold"' if item.style == "bold" else ""
            slant = ' font-style="italic"' if item.style == "italic" else ""
            parts.append(f'<text x="{item.x:.1f}" y="{item.y + ascent:.1f}" font-family="DejaVu Sans, sans-serif" '
                         f'font-size="{item.size}"{weight}{slant} fill="{_rgba(item.color)}">'
                         f"{escape(item.text)}</text>")
    parts.append("</svg>")
    tmp.write_text("\n".join(parts), encoding="utf-8")


def register_fonts() -> dict[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for style, file in FONT_FILES.items():
        name = f"DejaVuSans-{style}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(ASSET_DIR / "fonts" / file)))
        names[style] = name
    return names


def _pdf(canvas, overlay, metadata, tmp: Path, dpi: int | None = None) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdf_canvas

    w, h = canvas.size
    scale = 72 / (dpi or 96)  # pixels to points
    names = register_fonts()
    pdf = pdf_canvas.Canvas(str(tmp), pagesize=(w * scale, h * scale))
    pdf.setTitle(metadata.get("Title", "Social Brain Explorer figure"))
    pdf.setSubject(json.dumps(metadata))
    # The image itself, not PNG bytes re-opened: that would trip Pillow's decompression-bomb guard.
    pdf.drawImage(ImageReader(canvas), 0, 0, w * scale, h * scale, mask="auto")
    draw_on_pdf(pdf, overlay, names, scale, h)
    pdf.showPage()
    pdf.save()


def draw_on_pdf(pdf, overlay: Overlay, names: dict[str, str], scale: float, height: float,
                dx: float = 0.0, dy: float = 0.0) -> None:
    """Overlay primitives as PDF vectors and real text (y flipped; offset in points)."""

    def color(c):
        pdf.setFillColorRGB(c[0] / 255, c[1] / 255, c[2] / 255, alpha=c[3] / 255)
        pdf.setStrokeColorRGB(c[0] / 255, c[1] / 255, c[2] / 255, alpha=c[3] / 255)

    def y(v: float) -> float:
        return dy + (height - v) * scale

    for item in overlay.items:
        if isinstance(item, Rect):
            color(item.fill)
            if item.outline:
                pdf.setStrokeColorRGB(*(c / 255 for c in item.outline[:3]))
                pdf.setLineWidth(item.width * scale)
            pdf.roundRect(dx + item.x * scale, y(item.y + item.h), item.w * scale, item.h * scale,
                          item.radius * scale, stroke=1 if item.outline else 0, fill=1)
        elif isinstance(item, Line):
            color(item.color)
            pdf.setLineWidth(item.width * scale)
            pdf.line(dx + item.x1 * scale, y(item.y1), dx + item.x2 * scale, y(item.y2))
        elif isinstance(item, Dot):
            color(item.outline)
            pdf.setLineWidth(max(item.r / 3, 1) * scale)
            pdf.circle(dx + item.x * scale, y(item.y), item.r * scale, stroke=1, fill=0)
        elif isinstance(item, Text):
            color(item.color)
            ascent = font(item.size, item.style).getmetrics()[0]
            pdf.setFont(names[item.style], item.size * scale)
            pdf.drawString(dx + item.x * scale, y(item.y + ascent), item.text)
