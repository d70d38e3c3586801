"""Drawing the overlay on an opaque (RGB) figure gives the very pixels of compositing it over RGBA.

An opaque export keeps its canvas RGB and pastes the overlay layer through its alpha (one pass, no
4-channel copy of a 4K image). That shortcut is only allowed because Pillow's masked paste and its
alpha compositing round alike: these tests check it for every alpha and background value.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from explorer.render.overlay import Dot, Line, Overlay, Rect, Text, draw


def test_masked_paste_equals_alpha_compositing_over_an_opaque_image():
    """Every (alpha, background) pair, with colour values across the range: not one level differs."""
    alpha, under, colour = np.meshgrid(np.arange(256), np.arange(256), np.arange(0, 256, 5), indexing="ij")
    shape = (256 * 52, 256)
    a, d, s = (x.reshape(shape).astype(np.uint8) for x in (alpha, under, colour))
    layer = Image.fromarray(np.dstack([s, 255 - s, d, a]), "RGBA")
    canvas = Image.fromarray(np.dstack([d, s, 255 - d]), "RGB")
    composited = np.asarray(Image.alpha_composite(canvas.convert("RGBA"), layer).convert("RGB"))
    pasted = canvas.copy()
    pasted.paste(layer, (0, 0), layer)
    assert np.array_equal(np.asarray(pasted), composited)


def _overlay() -> Overlay:
    overlay = Overlay()
    overlay.add(Rect(4, 4, 300, 60, (255, 255, 255, 236), None, 1, 12))
    overlay.add(Text(12, 10, "Amygdala — social brain", 22, (26, 26, 26, 255), "bold"))
    overlay.add(Line(40, 150, 260, 90, (255, 255, 255, 255), 6))
    overlay.add(Line(40, 150, 260, 90, (0, 114, 178, 255), 4))
    overlay.add(Dot(270, 88, 10, (0, 0, 0, 0), (0, 114, 178, 255)))
    overlay.add(Rect(200, 120, 110, 50, (255, 255, 255, 200), (230, 159, 0, 255), 3, 8))
    return overlay


def test_an_rgb_figure_stays_rgb_with_the_pixels_of_rgba_compositing():
    rng = np.random.default_rng(7)
    canvas = Image.fromarray(rng.integers(0, 256, (180, 320, 3), dtype=np.uint8), "RGB")
    drawn = draw(canvas, _overlay())
    expected = draw(canvas.convert("RGBA"), _overlay())
    assert drawn.mode == "RGB" and expected.mode == "RGBA"
    assert np.array_equal(np.asarray(drawn), np.asarray(expected)[..., :3])
    assert not np.array_equal(np.asarray(drawn), np.asarray(canvas)), "the overlay was drawn"
    assert np.array_equal(np.asarray(canvas), np.asarray(draw(canvas, Overlay()))), "the canvas itself is kept"


def test_smoothed_lines_and_rings_match_the_rgba_supersampling_in_every_colour():
    """Lines and rings drawn premultiplied (the fast path) give the pixels of drawing them RGBA and scaling."""
    from PIL import ImageDraw

    from explorer.render.overlay import SUPERSAMPLE, _smooth

    def reference(size, item):  # the straightforward way: an RGBA patch, scaled (Pillow premultiplies inside)
        k, layer = SUPERSAMPLE, Image.new("RGBA", size, (0, 0, 0, 0))
        patch = Image.new("RGBA", (size[0] * k, size[1] * k), (0, 0, 0, 0))
        cx, cy, r = item.x * k, item.y * k, item.r * k
        ImageDraw.Draw(patch).ellipse((cx - r, cy - r, cx + r, cy + r), fill=item.fill, outline=item.outline,
                                      width=max(round(item.r / 3 * k), 1))
        layer.alpha_composite(patch.resize(size, Image.Resampling.BOX))
        return layer

    rng = np.random.default_rng(3)
    for _ in range(20):
        alpha = 255 if _ % 2 else int(rng.integers(1, 255))  # opaque (the fast path) and translucent
        outline = (*(int(v) for v in rng.integers(0, 256, 3)), alpha)
        ring = Dot(60.0, 60.0, float(rng.uniform(8, 40)), (0, 0, 0, 0), outline)
        drawn = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
        _smooth(drawn, ring)  # its own patch is a whole-pixel crop of the reference's: the same pixels
        assert np.array_equal(np.asarray(drawn), np.asarray(reference((120, 120), ring)))


def test_the_layer_an_export_prepares_is_the_overlay_drawn_from_scratch(aal3, aal3_meshes, content):
    """The bands are drawn while VTK renders and the rest on top: the same layer as drawing every item
    in order, and as drawing them in the order used before (footer last: nothing else lies there)."""
    from explorer.model.figure_text import figure_text
    from explorer.model.selection import selection_for_region
    from explorer.render.composition import bands, plan
    from explorer.render.export import ExportRequest, render_figure
    from explorer.render.overlay import draw_layer

    selection = selection_for_region(aal3, "amygdala")
    request = ExportRequest(selection, "medial-left", (960, 600), callouts="all", annotation=True)
    text = figure_text(aal3, content, selection, "all", True)
    figure = render_figure(aal3, aal3_meshes, request, text)
    items = figure.overlay.items
    frame = plan(960, 600, text, callouts=True)
    band_items = bands(frame).items
    assert figure.layer is not None and items[:len(band_items)] == band_items
    assert len(items) > len(band_items) + 4, "callouts were drawn on top of the bands"
    fresh = np.asarray(draw_layer(figure.canvas.size, items))
    assert np.array_equal(np.asarray(figure.layer), fresh)
    footer = [i for i in band_items if i.y >= frame.height - frame.bottom]
    assert len(footer) >= 2, "a footer box and its text"
    footer_last = [i for i in items if i not in footer] + footer
    assert np.array_equal(np.asarray(draw_layer(figure.canvas.size, footer_last)), fresh)


def test_the_callouts_grid_from_a_strided_depth_read_is_the_full_reads_grid(aal3, aal3_meshes):
    """An export converts only the depths its visibility grid takes: the same labels and anchors."""
    from explorer.render.visibility import frame_grid, label_grid, read_depth
    from tests.scenes import offscreen_scene

    with offscreen_scene(aal3, aal3_meshes, (1234, 777)) as scene:
        scene.set_view("medial-left")
        scene.plotter.render()
        full = label_grid(scene, read_depth(scene))
        strided = frame_grid(scene)
        assert strided.step == full.step > 1 and strided.height == full.height == 777
        assert np.array_equal(strided.labels, full.labels) and np.count_nonzero(full.labels) > 100
        for region in ("amygdala", "acc", "mpfc"):
            ids = aal3.label_ids_for(region)
            assert strided.anchor(ids) == full.anchor(ids)
        assert np.array_equal(read_depth(scene, 3), read_depth(scene)[::3, ::3], equal_nan=True)
