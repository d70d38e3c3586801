"""Exports larger than one render buffer: drawn in tiles (vtkRenderLargeImage), checked at the seams."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from explorer.model.figure_text import figure_text
from explorer.model.state import selection_for_region
from explorer.render import export
from explorer.render.composition import plan
from explorer.render.export import ExportRequest, render_figure, write_figure


def _render(aal3, aal3_meshes, content, **kwargs):
    selection = selection_for_region(aal3, "amygdala")
    request = ExportRequest(selection, **kwargs)
    text = figure_text(aal3, content, selection, request.callouts, request.annotation, request.quote_index)
    return render_figure(aal3, aal3_meshes, request, text), text


def _seams(size: int, tiles: int) -> list[int]:
    """Where tiles meet, in viewport pixels along one side."""
    step = math.ceil(size / tiles)
    return [k * step for k in range(1, tiles) if k * step < size]


def _jump(strip: np.ndarray, at: int) -> float:
    """Mean colour change between column `at - 1` and `at` of an (h, w, 3) strip."""
    return float(np.abs(strip[:, at].astype(int) - strip[:, at - 1].astype(int)).mean())


def test_tiled_render_matches_one_buffer(aal3, aal3_meshes, content, monkeypatch):
    """Forced into 4x4 tiles, the figure is the same image as one render: no seams, no shift."""
    kwargs = dict(view="medial-left", size=(1200, 800), callouts="selected")
    first, text = _render(aal3, aal3_meshes, content, **kwargs)
    whole = np.asarray(first.canvas)[..., :3].astype(int)
    vx, vy, vw, vh = plan(1200, 800, text, callouts=True).viewport
    monkeypatch.setattr(export, "MAX_TILE", math.ceil(max(vw, vh) / 4))  # 4 tiles along the long side
    figure, text = _render(aal3, aal3_meshes, content, **kwargs)
    tiled = np.asarray(figure.canvas)[..., :3].astype(int)
    diff = np.abs(whole - tiled).max(axis=2)
    # Tolerance: each tile is its own render, so a few edge pixels of the meshes differ by rounding
    # (measured: mean 0.6, 0.04 % of pixels over 40). A shifted or missing tile moves every edge.
    assert diff.mean() < 1.5 and (diff > 40).mean() < 0.005, (diff.mean(), (diff > 40).mean())
    tiles = math.ceil(max(vw, vh) / export.MAX_TILE)
    assert tiles == 4
    for c in _seams(vw, tiles):
        assert diff[vy:vy + vh, vx + c - 1:vx + c + 1].mean() < 3, f"seam at column {c}"
    for r in _seams(vh, tiles):
        assert diff[vy + r - 1:vy + r + 1, vx:vx + vw].mean() < 3, f"seam at row {r}"


def test_16384_px_wide_export_in_tiles(aal3, aal3_meshes, content, tmp_path, monkeypatch):
    """The largest size allowed, on its long side: PNG and PDF, with no seam where the tiles meet.

    16384 x 16384 (268 Mpx) crashed in Pillow's decompression-bomb guard. To keep the test
    affordable, a 16384 x 1024 export runs with the guard lowered below its pixel count.
    """
    width, height = export.MAX_SIZE, 1024
    with monkeypatch.context() as guard:
        guard.setattr(Image, "MAX_IMAGE_PIXELS", width * height // 4)  # errors above twice this
        figure, text = _render(aal3, aal3_meshes, content, view="lateral-left", size=(width, height),
                               orientation=False)
        write_figure(figure, tmp_path / "wide.png")
        write_figure(figure, tmp_path / "wide.pdf")
    from pypdf import PdfReader

    page = PdfReader(tmp_path / "wide.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (width * 0.75, height * 0.75)
    image = np.asarray(Image.open(tmp_path / "wide.png").convert("RGB"))
    assert image.shape == (height, width, 3)
    vx, vy, vw, vh = plan(width, height, text, callouts=False).viewport
    view = image[vy:vy + vh, vx:vx + vw]
    drawn = np.argwhere(view.min(axis=2) < 200)
    assert len(drawn), "no brain in the viewport"
    tiles = math.ceil(max(vw, vh) / export.MAX_TILE)
    assert tiles == 4
    middle = _seams(vw, tiles)[1]  # the seam through the middle of the brain
    assert drawn[:, 1].min() < middle < drawn[:, 1].max()
    rows = slice(drawn[:, 0].min(), drawn[:, 0].max() + 1)
    strip = view[rows]
    for c in _seams(vw, tiles):
        around = [_jump(strip, c - 1), _jump(strip, c + 1), _jump(strip, c + 2)]
        assert _jump(strip, c) <= 2 * max(around) + 1, (c, _jump(strip, c), around)
    # The brain is drawn once, centred, not once per tile.
    centre = (drawn[:, 1].min() + drawn[:, 1].max()) / 2
    assert abs(centre - vw / 2) < 0.1 * vw and drawn[:, 1].max() - drawn[:, 1].min() < 0.5 * vw


@pytest.mark.parametrize("size", [(4097, 300), (300, 4200)])
def test_just_over_one_buffer_is_tiled_to_the_exact_size(aal3, aal3_meshes, content, tmp_path, size):
    figure, _ = _render(aal3, aal3_meshes, content, view="superior", size=size, annotation=False)
    write_figure(figure, tmp_path / "x.png")
    assert Image.open(tmp_path / "x.png").size == size
