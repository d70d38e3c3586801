"""Study peaks in every output that shows a region: handouts, tour slides, rotation videos and the web lesson.

The peak is test data in a temporary pack (tests/test_export_markers.py's amygdala page), not shipped
content. Where it should land is computed from the camera the output used (independently of the
renderer); the same output drawn without the sphere shows the scene's own colour there.
"""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from explorer.model.content import load_content
from explorer.model.figure_markers import FigureMarkers, figure_markers
from explorer.model.selection import RegionSelection, selection_for_region, step_selection
from explorer.render.composition import plan
from explorer.render.export import render_figure
from explorer.render.overlay import Text, draw
from tests.test_export_markers import _is_black, _pack, _patch, _pixel

PEAK = (22, -6, -14)
CAPTION = "● Black sphere: a peak reported by Adolphs (2010) at (22, −6, −14) (MNI)"


@pytest.fixture(scope="module")
def lib(tmp_path_factory, regions):
    return load_content([_pack(tmp_path_factory.mktemp("everywhere"))], known_regions=set(regions))


def _black_at(image: np.ndarray, xy: tuple[int, int]) -> int:
    return sum(_is_black(rgb) for rgb in _patch(image, xy))


def _camera_text(camera) -> str:
    position, focal_point, up = ([float(v) for v in part] for part in camera)
    return f"position=({position}) focal_point=({focal_point}) up=({up}) view_angle=30.0"


def test_handout_figure_draws_the_page_peaks_and_names_them(lib, aal3, aal3_meshes):
    from explorer.render.handout import _figure_png, figure_request

    request, text = figure_request(aal3, lib, "amygdala", 360)
    assert request.markers.study_peaks == (tuple(float(v) for v in PEAK),)
    png, size = _figure_png(aal3, aal3_meshes, lib, "amygdala", 360)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    figure = render_figure(aal3, aal3_meshes, request, text)  # the same figure: its camera, its caption
    assert CAPTION in [i.text for i in figure.overlay.items if isinstance(i, Text)]
    viewport = plan(*size, replace(text, markers=(CAPTION,)), callouts=True, dpi=request.dpi).viewport
    xy = _pixel(figure.metadata["Camera"], viewport, PEAK)
    assert _black_at(image, xy) >= 5, (xy, _patch(image, xy))
    bare = render_figure(aal3, aal3_meshes, replace(request, markers=FigureMarkers(legend=(CAPTION,))), text)
    assert _black_at(np.asarray(draw(bare.canvas, bare.overlay).convert("RGB")), xy) == 0


def test_a_handout_of_shipped_pages_without_peaks_draws_no_marker(content, aal3):
    from explorer.render.handout import figure_request

    assert not content.annotations["ofc"].peaks
    request, _text = figure_request(aal3, content, "ofc", 360)
    assert request.markers == FigureMarkers()


def _without_peaks(content, page_id: str):
    pages = {**content.annotations, page_id: replace(content.annotations[page_id], peaks=())}
    return replace(content, annotations=pages)


def _amygdala_step(tour, aal3) -> int:
    return next(i for i, step in enumerate(tour.steps)
                if isinstance(sel := step_selection(aal3, step), RegionSelection) and sel.region_id == "amygdala")


@pytest.mark.parametrize("with_peaks", [True, False])
def test_tour_slide_of_a_step_whose_page_has_peaks_draws_them(lib, content, aal3, aal3_meshes, tmp_path,
                                                              with_peaks):
    from explorer.model.paths import ANNOTATION_DIR
    from explorer.model.tours import load_tours
    from explorer.render.batch import Loaded
    from explorer.render.export import ExportRequest
    from explorer.render.tour_export import export_step, step_figure_text

    # Without peaks: the shipped pages with the amygdala's own peaks taken away.
    pages = lib if with_peaks else _without_peaks(content, "amygdala")
    tour = load_tours(ANNOTATION_DIR / "tours", set(aal3.region_defs), pages).tours["social-brain"]
    index = _amygdala_step(tour, aal3)
    loaded = Loaded(aal3, aal3_meshes, pages)
    path = export_step(loaded, tour, index, ExportRequest(None, size=(960, 600), annotation=True), tmp_path)
    png = Image.open(path)
    text = step_figure_text(loaded, tour, index, "selected")
    drawn = {peak.ref for peak in pages.annotations["amygdala"].peaks}
    assert drawn <= set(text.reference_keys) and bool(drawn) == with_peaks  # the slide cites what it draws
    markers = (png.text["Markers"],) if with_peaks else ()
    assert png.text["Markers"] == (CAPTION if with_peaks else "none")
    viewport = plan(960, 600, replace(text, markers=markers), callouts=True).viewport
    xy = _pixel(png.text["Camera"], viewport, PEAK)
    black = _black_at(np.asarray(png.convert("RGB")), xy)
    assert black >= 5 if with_peaks else black == 0, (xy, black)


@pytest.mark.parametrize("callouts", ["none", "selected"])
def test_rotation_video_frames_draw_the_page_peaks(lib, aal3, aal3_meshes, callouts):
    from explorer.model.figure_text import figure_text
    from explorer.render.spin import SpinRequest, _spin_text, render_frames, spin_cameras
    from explorer.render.views import VIEWS

    selection = selection_for_region(aal3, "amygdala")
    markers = figure_markers(selection, aal3, lib)
    request = SpinRequest(selection, "default", (640, 400), callouts=callouts, markers=markers)
    text = figure_text(aal3, lib, selection, callouts, True)
    viewport = plan(640, 400, replace(_spin_text(text), markers=markers.legend), callouts=callouts != "none").viewport
    camera = spin_cameras(VIEWS["default"], 2, viewport[2] / viewport[3], 30.0)[0]
    xy = _pixel(_camera_text(camera), viewport, PEAK)
    frame = next(iter(render_frames(aal3, aal3_meshes, request, text, 2)))
    assert frame.shape == (400, 640, 3)
    assert _black_at(frame, xy) >= 5, (xy, _patch(frame, xy))
    bare = replace(request, markers=FigureMarkers(legend=markers.legend))
    assert _black_at(next(iter(render_frames(aal3, aal3_meshes, bare, text, 2))), xy) == 0


def test_web_lesson_data_carries_the_peaks_and_their_caption(lib, aal3, aal3_meshes):
    from explorer.model.web_content import lesson_content
    from explorer.render.web_lesson import lesson_html

    assert not lib.annotations["ofc"].peaks
    data = lesson_content(aal3, lib, regions=["amygdala", "ofc"])
    assert data["markers"] == {"region:amygdala": {"points": [[22.0, -6.0, -14.0]], "caption": CAPTION}}
    html = lesson_html(aal3, aal3_meshes, lib, regions=["amygdala"])
    block = re.search(r'<script type="application/json" id="lesson-data">(.*?)</script>', html, re.S).group(1)
    page = json.loads(block)
    assert page["markers"]["region:amygdala"]["caption"] == CAPTION
    assert page["marker"]["color"] == "#111111" and page["marker"]["radius"] == 2.5
    radii = np.linalg.norm(np.reshape(page["marker"]["positions"], (-1, 3)), axis=1)
    assert np.allclose(radii, 2.5, atol=1e-3) and len(page["marker"]["triangles"]) % 3 == 0
    assert 'id="markers-caption"' in html and "setMarkers(" in html


def test_web_lesson_in_a_browser_draws_the_peak_and_its_caption(lib, aal3, aal3_meshes, tmp_path):
    from explorer.render.web_lesson import write_lesson
    from tests.browser import browser_paths, chrome_driver, open_lesson
    from tests.test_web_browser import _require_browser, shots_folder, wait_for

    _require_browser()
    path = tmp_path / "lesson.html"
    write_lesson(path, aal3, aal3_meshes, lib, None, ["amygdala", "ofc"])
    driver = chrome_driver(*browser_paths())
    try:
        open_lesson(driver, path)
        driver.execute_script("window.lesson.setView('default')")
        driver.execute_script("window.lesson.select('region:amygdala')")
        wait_for(driver, "window.lesson.markerCount()", 1)
        assert driver.execute_script("return window.lesson.markerCaption()") == CAPTION
        time.sleep(0.3)  # the next animation frame
        point = driver.execute_script(f"return window.lesson.projectPoint({list(PEAK)})")
        driver.save_screenshot(str(shots_folder(tmp_path) / "web-peak.png"))
        shot = np.asarray(Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")).astype(int)
        x, y = round(point["x"]), round(point["y"])
        dark = int((shot[y - 4:y + 5, x - 4:x + 5].max(axis=2) < 80).sum())  # round its highlight
        assert dark >= 15, (point, shot[y - 4:y + 5, x - 4:x + 5].max(axis=2))
        driver.execute_script("window.lesson.select('region:ofc')")  # a page that lists no peaks
        wait_for(driver, "window.lesson.markerCount()", 0)
        assert driver.execute_script("return window.lesson.markerCaption()") is None
        time.sleep(0.3)
        after = np.asarray(Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")).astype(int)
        assert int((after[y - 4:y + 5, x - 4:x + 5].max(axis=2) < 80).sum()) < 3, "the sphere went with its page"
    finally:
        driver.quit()


def test_a_tour_slide_cites_the_studies_whose_peaks_it_draws(content, aal3, aal3_meshes):
    """The shipped amygdala page's peak comes from a study the tour step does not list itself."""
    from explorer.model.paths import ANNOTATION_DIR
    from explorer.model.tours import load_tours
    from explorer.render.batch import Loaded
    from explorer.render.tour_export import step_figure_text

    tour = load_tours(ANNOTATION_DIR / "tours", set(aal3.region_defs), content).tours["social-brain"]
    index = _amygdala_step(tour, aal3)
    drawn = {peak.ref for peak in content.annotations["amygdala"].peaks}
    assert drawn - set(tour.steps[index].references)  # a study the step itself does not cite
    text = step_figure_text(Loaded(aal3, aal3_meshes, content), tour, index, "selected")
    assert drawn <= set(text.reference_keys)
