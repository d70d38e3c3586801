"""Markers in exported figures: study peaks, the crosshair and table peaks, checked by their pixels.

Where each marker should land is computed here from the camera the PNG records (a VTK camera of
the same position, focal point, up and angle), not taken from the renderer; the same figure
rendered without the spheres shows the scene's own colour at those pixels.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from explorer.model.content import load_content
from explorer.model.figure_markers import FigureMarkers, figure_markers
from explorer.model.figure_text import figure_text
from explorer.model.selection import selection_for_region
from explorer.render.composition import plan
from explorer.render.export import ExportRequest, render_figure, write_figure
from explorer.render.overlay import Text, draw
from tests.conftest import ROOT

PAGE = """---
id: amygdala
kind: region
title: Amygdala
regions: [amygdala]
summary: A test page.
peaks:
  - xyz: [22, -6, -14]
    space: MNI
    ref: adolphs2010
    table: "Test table"
    verified: "https://example.org/test-table (test data, not a shipped claim)"
---
Body.
"""


def _pack(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "amygdala.md").write_text(PAGE, encoding="utf-8")
    return folder


def _camera(meta: str):
    """A VTK camera rebuilt from the PNG's 'Camera' text."""
    from vtkmodules.vtkRenderingCore import vtkCamera

    numbers = {k: [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", t)]
               for k, t in re.findall(r"(\w+)=(\([^)]*\)|[\d.]+)", meta)}
    camera = vtkCamera()
    camera.SetPosition(*numbers["position"])
    camera.SetFocalPoint(*numbers["focal_point"])
    camera.SetViewUp(*numbers["up"])
    camera.SetViewAngle(numbers["view_angle"][0])
    return camera


def _pixel(meta: str, viewport, point) -> tuple[int, int]:
    """Where an MNI point lands in the figure (column, row)."""
    vx, vy, vw, vh = viewport
    matrix = _camera(meta).GetCompositeProjectionTransformMatrix(vw / vh, -1, 1)
    m = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    clip = m @ np.array([*point, 1.0])
    ndc = clip[:3] / clip[3]
    return round(vx + (ndc[0] + 1) * vw / 2), round(vy + (1 - ndc[1]) * vh / 2)


def _patch(image: np.ndarray, xy: tuple[int, int]) -> np.ndarray:
    x, y = xy
    return image[y - 1:y + 2, x - 1:x + 2, :3].reshape(-1, 3).astype(int)


def _is_black(rgb) -> bool:
    return rgb.max() < 80


def _is_yellow(rgb) -> bool:
    return rgb[0] > 150 and rgb[1] > 120 and rgb[2] < 90


def _is_magenta(rgb) -> bool:
    return rgb[0] > 150 and rgb[1] < 90 and rgb[2] > 60


@pytest.fixture(scope="module")
def lib(tmp_path_factory, regions):
    return load_content([_pack(tmp_path_factory.mktemp("markers"))], known_regions=set(regions))


def test_markers_are_drawn_where_they_project_and_named_in_the_caption(lib, aal3, aal3_meshes):
    selection = selection_for_region(aal3, "amygdala")
    markers = figure_markers(selection, aal3, lib, crosshair=(-8, 20, 40), table_peaks=[(40, 20, 0)])
    assert markers.study_peaks == ((22.0, -6.0, -14.0),)
    request = ExportRequest(selection, "default", (1000, 700), callouts="selected", markers=markers)
    text = figure_text(aal3, lib, selection, request.callouts, request.annotation)
    figure = render_figure(aal3, aal3_meshes, request, text)
    bare = render_figure(aal3, aal3_meshes, replace(request, markers=FigureMarkers(legend=markers.legend)), text)
    image = np.asarray(draw(figure.canvas, figure.overlay).convert("RGB"))
    plain = np.asarray(draw(bare.canvas, bare.overlay).convert("RGB"))
    viewport = plan(1000, 700, replace(text, markers=markers.legend), callouts=True).viewport
    meta = figure.metadata["Camera"]
    for point, looks_right in (((22, -6, -14), _is_black), ((-8, 20, 40), _is_yellow), ((40, 20, 0), _is_magenta)):
        xy = _pixel(meta, viewport, point)
        assert sum(looks_right(rgb) for rgb in _patch(image, xy)) >= 5, (point, xy, _patch(image, xy))
        assert not any(looks_right(rgb) for rgb in _patch(plain, xy)), (point, xy)  # the scene alone differs
    lines = [item.text for item in figure.overlay.items if isinstance(item, Text)]
    assert "● Black sphere: a peak reported by Adolphs (2010) at (22, −6, −14) (MNI)" in lines
    assert "● Yellow sphere: the crosshair at (−8, 20, 40) (MNI)" in lines
    assert "● Magenta sphere: 1 peak from the coordinate table" in lines
    assert "Adolphs (2010)" in figure.metadata["Markers"]


def test_on_a_black_figure_the_study_peak_is_white_and_named_so(lib, aal3, aal3_meshes):
    """A near-black sphere on a black slide vanishes into the dark glass: there it is drawn white, and the
    caption says so (on white it stays black, and says that)."""
    selection = selection_for_region(aal3, "amygdala")
    markers = figure_markers(selection, aal3, lib)
    request = ExportRequest(selection, "default", (1000, 700), background="black", callouts="selected",
                            markers=markers)
    text = figure_text(aal3, lib, selection, request.callouts, request.annotation)
    figure = render_figure(aal3, aal3_meshes, request, text)
    image = np.asarray(draw(figure.canvas, figure.overlay).convert("RGB"))
    lines = markers.lines(dark=True)
    viewport = plan(1000, 700, replace(text, markers=lines), callouts=True).viewport
    xy = _pixel(figure.metadata["Camera"], viewport, (22, -6, -14))
    assert sum(rgb.min() > 180 for rgb in _patch(image, xy)) >= 5, (xy, _patch(image, xy))
    drawn = [item.text for item in figure.overlay.items if isinstance(item, Text)]
    assert "● White sphere: a peak reported by Adolphs (2010) at (22, −6, −14) (MNI)" in drawn
    assert not any("Black sphere" in line for line in drawn)
    assert markers.lines(dark=False)[0].startswith("● Black sphere")


def test_the_marker_layer_draws_no_frame_round_the_view(lib, aal3, aal3_meshes):
    """On a black figure the 3D view's edges stay black with the peaks drawn: the marker layer's renderer
    had pyvista's default white border, a 1-pixel white line down each side of the view."""
    selection = selection_for_region(aal3, "amygdala")
    markers = figure_markers(selection, aal3, lib)
    request = ExportRequest(selection, "default", (480, 300), background="black", annotation=False,
                            orientation=False, markers=markers)
    figure = render_figure(aal3, aal3_meshes, request, figure_text(aal3, lib, selection, "none", False))
    x, y, w, h = plan(480, 300, replace(figure_text(aal3, lib, selection, "none", False), markers=markers.legend),
                      callouts=False).viewport
    view = np.asarray(figure.canvas.convert("RGB"))[y:y + h, x:x + w].astype(int)
    edges = np.concatenate([view[:, 0], view[:, -1], view[0], view[-1]])
    assert markers.study_peaks and edges.max() < 40, edges.max()


def test_callouts_still_find_their_region_with_markers_drawn(lib, aal3, aal3_meshes):
    selection = selection_for_region(aal3, "amygdala")
    markers = figure_markers(selection, aal3, lib, crosshair=(22, -6, -14))
    request = ExportRequest(selection, "default", (900, 600), callouts="selected", markers=markers)
    text = figure_text(aal3, lib, selection, request.callouts, request.annotation)
    figure = render_figure(aal3, aal3_meshes, request, text)
    assert any(isinstance(item, Text) and item.text == "Amygdala" for item in figure.overlay.items)


def test_headless_export_of_a_region_draws_its_page_peaks(tmp_path, aal3, content):
    pack = _pack(tmp_path)
    out = tmp_path / "amygdala.png"
    done = subprocess.run([sys.executable, "-m", "explorer", "export", "--region", "amygdala", "--view", "default",
                           "--size", "900x600", "--no-annotation", "--no-orientation", "--annotations", str(pack),
                           "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    png = Image.open(out)
    assert png.text["Markers"] == "● Black sphere: a peak reported by Adolphs (2010) at (22, −6, −14) (MNI)"
    text = figure_text(aal3, content, selection_for_region(aal3, "amygdala"), "none", False)
    viewport = plan(900, 600, replace(text, markers=(png.text["Markers"],)), callouts=False).viewport
    image = np.asarray(png.convert("RGB"))
    xy = _pixel(png.text["Camera"], viewport, (22, -6, -14))
    assert sum(_is_black(rgb) for rgb in _patch(image, xy)) >= 5, (xy, _patch(image, xy))


def test_figure_markers_of_a_page_without_peaks_draw_nothing(lib, aal3):
    markers = figure_markers(selection_for_region(aal3, "ofc"), aal3, lib)  # the OFC page lists no peaks
    assert not lib.for_region("ofc").peaks and markers == FigureMarkers()
    assert figure_markers(None, aal3, lib) == FigureMarkers()


def test_written_png_keeps_the_marker_caption(lib, aal3, aal3_meshes, tmp_path):
    selection = selection_for_region(aal3, "amygdala")
    request = ExportRequest(selection, "default", (640, 400), markers=figure_markers(selection, aal3, lib))
    write_figure(render_figure(aal3, aal3_meshes, request), tmp_path / "m.png")
    assert "Adolphs (2010)" in Image.open(tmp_path / "m.png").text["Markers"]
