"""PNG figures: an opaque figure is written as RGB with the very pixels drawn; a transparent one keeps alpha."""

from __future__ import annotations

import numpy as np
from PIL import Image

from explorer.render import formats
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
