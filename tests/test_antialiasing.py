"""Anti-aliasing in exported figures (issue 11): the 3D view's silhouettes and the boxes' rounded corners.

Judged by pixels: along an edge against a flat background, an anti-aliased pixel the edge crosses
takes an in-between tone (partial coverage); an aliased one is either background or the shape.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from PIL import Image, ImageDraw

from explorer.model.selection import selection_for_region
from explorer.render import export
from explorer.render.overlay import Overlay, Rect, draw


def soft_edge_share(tone: np.ndarray, background: float) -> float:
    """Of the rows' outermost shape pixels (from the left and from the right), the share that are only
    partly covered: their tone lies between the background's and that of the pixel 3 further in."""
    shape = np.abs(tone - background) > 2
    soft = total = 0
    for row, cols in ((r, np.nonzero(shape[r])[0]) for r in range(tone.shape[0])):
        if len(cols) < 12:
            continue
        for edge, inner in ((cols[0], cols[0] + 3), (cols[-1], cols[-1] - 3)):
            span = tone[row, inner] - background
            if shape[row, inner] and abs(span) >= 30:
                total += 1
                soft += 0.1 < (tone[row, edge] - background) / span < 0.75
    assert total > 100, "enough silhouette rows to judge"
    return soft / total


def _silhouettes(aal3, aal3_meshes, background: str) -> np.ndarray:
    """The brain's outline tone in a small export: grey level on black, or alpha if transparent."""
    request = export.ExportRequest(selection_for_region(aal3, "amygdala"), "lateral-left", (480, 300),
                                   background=background, orientation=False)
    pixels = np.asarray(export.render_figure(aal3, aal3_meshes, request).canvas).astype(float)
    return pixels[..., 3] if background == "transparent" else pixels[..., :3].mean(axis=-1)


def test_exported_silhouettes_are_anti_aliased_whatever_pyvistas_theme_says(aal3, aal3_meshes, monkeypatch):
    """The export asks for its own MSAA: with pyvista's theme set to no anti-aliasing, the brain's edge
    pixels still take in-between tones, on black and in the alpha of a transparent figure; the same
    render without multisampling has far fewer (measured 0.81 and 0.86 against 0.24 and 0.12)."""
    monkeypatch.setattr(pv.global_theme, "multi_samples", 0)
    monkeypatch.setattr(pv.global_theme, "anti_aliasing", None)
    smooth = {bg: soft_edge_share(_silhouettes(aal3, aal3_meshes, bg), 0.0) for bg in ("black", "transparent")}
    plotter = export._plotter

    def aliased(width: int, height: int, background: str) -> pv.Plotter:
        made = plotter(width, height, background)
        made.render_window.SetMultiSamples(0)
        return made

    monkeypatch.setattr(export, "_plotter", aliased)
    plain = {bg: soft_edge_share(_silhouettes(aal3, aal3_meshes, bg), 0.0) for bg in ("black", "transparent")}
    for bg in smooth:
        assert smooth[bg] > 0.6 and plain[bg] < 0.4 and smooth[bg] > plain[bg] + 0.3, (bg, smooth, plain)


def _box_corners(radius: float) -> tuple[np.ndarray, np.ndarray]:
    """A callout box (coloured outline, translucent paper) drawn by the overlay on black, and the same box
    as Pillow draws it on whole pixels."""
    box = Rect(20.4, 15.6, 160, 70, (255, 255, 255, 236), (0, 158, 115, 255), 6, radius)
    overlay = Overlay()
    overlay.add(box)
    drawn = np.asarray(draw(Image.new("RGB", (220, 110), (0, 0, 0)), overlay)).astype(int)
    layer = Image.new("RGBA", (220, 110), (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle((20, 16, 180, 86), radius=radius, fill=box.fill, outline=box.outline,
                                            width=6)
    crisp = Image.new("RGB", (220, 110), (0, 0, 0))
    crisp.paste(layer, (0, 0), layer)
    return drawn, np.asarray(crisp).astype(int)


def test_box_corners_are_anti_aliased_and_their_straight_edges_stay_crisp():
    """Each rounded corner of a callout box has in-between tones along its curves (Pillow alone draws none:
    every pixel is background, outline or paper); away from the corners the box is Pillow's, pixel for pixel."""
    drawn, crisp = _box_corners(radius=14)
    pure = {(0, 0, 0), (0, 158, 115), (236, 236, 236)}
    assert {tuple(p) for p in crisp.reshape(-1, 3)} <= pure, "the reference is aliased"
    corner = 16  # ceil(radius) + 2: each corner's curves lie inside this square
    for x, y in ((20, 16), (180 - corner + 1, 16), (20, 86 - corner + 1), (180 - corner + 1, 86 - corner + 1)):
        patch = drawn[y:y + corner, x:x + corner].reshape(-1, 3)
        between = sum(tuple(p) not in pure for p in patch)
        assert between >= 12, (x, y, between)
    middle = np.ones(drawn.shape[:2], dtype=bool)
    for x in (20, 180 - corner + 1):
        for y in (16, 86 - corner + 1):
            middle[y:y + corner, x:x + corner] = False
    assert np.array_equal(drawn[middle], crisp[middle])
