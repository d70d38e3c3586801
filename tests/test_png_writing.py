"""PNG figures: an opaque figure is written as RGB with the very pixels drawn; a transparent one keeps alpha."""

from __future__ import annotations

import zlib

import numpy as np
from PIL import Image

from explorer.render import formats, png
from explorer.render.overlay import Overlay, Rect, Text, draw


def _overlay() -> Overlay:
    overlay = Overlay()
    overlay.add(Rect(10, 10, 100, 40, fill=(255, 255, 255, 200), outline=(0, 90, 160, 255), width=3, radius=6))
    overlay.add(Text(16, 16, "Amygdala", 18, (20, 20, 20, 255)))
    return overlay


def test_an_opaque_figure_is_written_as_rgb_with_the_same_pixels(tmp_path):
    canvas = Image.new("RGBA", (160, 90), (255, 255, 255, 255))
    canvas.paste(Image.new("RGBA", (60, 50), (200, 60, 30, 255)), (80, 30))
    expected = np.asarray(draw(canvas, _overlay()))
    formats.write(canvas, _overlay(), {"Title": "t"}, tmp_path / "f.png", "png")
    written = Image.open(tmp_path / "f.png")
    assert written.mode == "RGB" and written.info["Title"] == "t"
    assert np.array_equal(np.asarray(written), expected[..., :3])


def test_a_transparent_figure_keeps_its_alpha(tmp_path):
    canvas = Image.new("RGBA", (160, 90), (0, 0, 0, 0))
    expected = np.asarray(draw(canvas, _overlay()))
    formats.write(canvas, _overlay(), {}, tmp_path / "t.png", "png")
    written = Image.open(tmp_path / "t.png")
    assert written.mode == "RGBA" and np.array_equal(np.asarray(written), expected)


def _figure_like(width: int, height: int) -> Image.Image:
    """A white page with a smoothly shaded blob, hard edges and a few dark specks: a figure's pixels."""
    y, x = np.mgrid[0:height, 0:width]
    inside = ((x - width / 2) / (width / 3)) ** 2 + ((y - height / 2) / (height / 3)) ** 2 < 1
    shade = (150 + 60 * np.sin(x / 97.0) * np.cos(y / 61.0)).astype(np.uint8)
    pixels = np.full((height, width, 3), 255, dtype=np.uint8)
    pixels[inside] = np.dstack([shade, shade // 2 + 60, np.full_like(shade, 200)])[inside]
    rng = np.random.default_rng(7)
    pixels[rng.integers(0, height, 400), rng.integers(0, width, 400)] = (20, 20, 20)
    return Image.fromarray(pixels, "RGB")


def test_the_fast_writer_gives_pillow_the_very_pixels_text_and_dpi(tmp_path):
    """RGB and RGBA, sizes that are not a multiple of the band height: read back by Pillow, every
    pixel equals what Pillow's own writer stores, and the text chunks and dpi come back too."""
    rgb = _figure_like(301, png.BAND * 2 + 37)
    alpha = np.asarray(rgb.convert("L")).copy()
    alpha[::3] = 0
    rgba = Image.fromarray(np.dstack([np.asarray(rgb), alpha]), "RGBA")
    for image in (rgb, rgba):
        png.save(image, tmp_path / "fast.png", {"Title": "Amygdala — ü", "Camera": "x" * 5000}, dpi=300)
        image.save(tmp_path / "pillow.png", compress_level=1)
        fast, pillow = Image.open(tmp_path / "fast.png"), Image.open(tmp_path / "pillow.png")
        assert fast.mode == pillow.mode == image.mode and fast.size == image.size
        assert np.array_equal(np.asarray(fast), np.asarray(pillow))
        assert fast.info["Title"] == "Amygdala — ü" and fast.info["Camera"] == "x" * 5000
        assert round(fast.info["dpi"][0]) == 300


def _scanline_filters(path) -> set[int]:
    """The filter type byte of every scanline of an 8-bit RGB PNG, read from its IDAT chunks."""
    data = path.read_bytes()
    idat, pos = b"", 8
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height = Image.open(path).size
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    assert len(raw) == stride * height
    return {raw[row * stride] for row in range(height)}


def test_a_figure_is_written_without_pillows_per_row_filter_search(tmp_path):
    """Why the writer is fast (the time itself is measured in bench/export.py): it filters every row with
    the one Up filter, where Pillow tries the five filters on each row and keeps several. The file stays
    about as small as Pillow's at its fastest level."""
    image = _figure_like(1920, 1080)
    png.save(image, tmp_path / "ours.png", {"Title": "t"})
    image.save(tmp_path / "pillow.png", compress_level=1)
    assert _scanline_filters(tmp_path / "ours.png") == {png.UP}
    assert len(_scanline_filters(tmp_path / "pillow.png")) > 1  # the search the writer skips
    assert (tmp_path / "ours.png").stat().st_size < 1.15 * (tmp_path / "pillow.png").stat().st_size
