"""Presentation mode: the step's regions carry on-screen labels; the side band fits 1080p (pytest-qt)."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explorer.qt.presentation import PresentationBand, step_html
from explorer.qt.step_labels import SETTLE_MS
from explorer.render.overlay import Rect, Text

pytestmark = pytest.mark.gui


def _settled_labels(win, qtbot, before: int) -> None:
    qtbot.waitUntil(lambda: not win.presenter.animating(), timeout=10000)
    qtbot.waitUntil(lambda: win.presenter.labels.layouts > before, timeout=10000)
    qtbot.wait(SETTLE_MS * 3)  # the window may still be settling into full screen


def test_step_regions_are_labelled_on_screen_and_relaid_only_when_the_camera_stops(win, qtbot):
    tour = win.library.tours.tours["social-brain"]
    labels = win.presenter.labels
    win.presenter.start(tour, 2)  # "OFC and ACC": two highlighted regions
    try:
        _settled_labels(win, qtbot, 0)
        overlay = labels.overlay
        named = " ".join(t.text for t in overlay.items if isinstance(t, Text))
        for callout in labels.callouts:
            assert callout.text.split()[0] in named, callout.key  # labelled, or named in the legend
        assert {c.key for c in labels.callouts} == {"ofc", "acc"}
        # Real pixels: the frame on screen shows a label box in its region's colour.
        assert labels.actor.GetVisibility()
        box = next(i for i in overlay.items if isinstance(i, Rect) and i.outline is not None)
        image = np.asarray(win.viewer.plotter.screenshot(return_img=True))
        scale = image.shape[1] / labels.drawn_for[-2]
        y, x = round((box.y + box.h / 2) * scale), round((box.x + box.w - box.width / 2) * scale)
        if __import__("os").environ.get("SBX_SHOTS"):
            __import__("PIL.Image").Image.fromarray(image).save(__import__("os").environ["SBX_SHOTS"])
        hue, saturation, _ = colorsys.rgb_to_hsv(*(image[y, x, :3] / 255))
        assert saturation > 0.5 and abs(hue - colorsys.rgb_to_hsv(*(np.array(box.outline[:3]) / 255))[0]) < 0.04
        # A drag moves the camera: no layout on any drag frame, one after it comes to rest.
        count = labels.layouts
        widget = win.viewer.plotter
        qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
        for i in range(1, 8):
            qtbot.mouseMove(widget, QPoint(200 + 12 * i, 200))
            qtbot.wait(20)
            assert labels.layouts == count and not labels.actor.GetVisibility()
        qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(284, 200))
        qtbot.wait(SETTLE_MS * 3)
        assert labels.layouts == count + 1 and labels.actor.GetVisibility()
    finally:
        win.presenter.stop()
    assert not labels.actor.GetVisibility()


@pytest.mark.parametrize("tour_id", ["social-brain", "connection"])
def test_the_side_band_fits_1080p_without_scrolling(qtbot, content, tour_id):
    """At 1920x1080 the band is a third of the width (the stage gives the 3D view two thirds)."""
    band = PresentationBand()
    qtbot.addWidget(band)
    band.set_scale(1.0)
    band.resize(640, 1080)
    band.show()
    qtbot.waitExposed(band)
    for step in content.tours.tours[tour_id].steps:
        band.counter.setText(f"{tour_id} · step 1 / 9")
        band.text.setHtml(step_html(step, content))
        qtbot.wait(10)
        assert band.text.verticalScrollBar().maximum() == 0, step.title


def test_3d_markers_do_not_hide_the_step_regions_from_the_label_layout(win, qtbot):
    """The crosshair marker draws in a layer that clears the depth buffer; the layout must still see
    the scene (it said "Not visible from this view: Amygdala" over a visible amygdala)."""
    from explorer.render.figure_callouts import HIDDEN

    win.crosshair.move_to((30.0, 20.0, 40.0))  # any point: the marker layer is now drawn
    assert win.crosshair.markers.renderer.GetDraw()
    tour = win.library.tours.tours["social-brain"]
    step = next(i for i, s in enumerate(tour.steps) if s.highlight == ("amygdala",))
    win.presenter.start(tour, step)
    try:
        _settled_labels(win, qtbot, 0)
        texts = [t.text for t in win.presenter.labels.overlay.items if isinstance(t, Text)]
        assert HIDDEN not in texts and "Amygdala" in texts, texts
    finally:
        win.presenter.stop()


def test_no_label_box_lies_over_the_region_it_names(win, qtbot):
    """In the standard view of "OFC and ACC" the OFC reaches the edge of the view, where its label's
    column is: the camera keeps that column free (the box covered the OFC's front)."""
    from tests.scenes import rendered_frame

    tour = win.library.tours.tours["social-brain"]
    labels = win.presenter.labels
    win.presenter.start(tour, 2)
    try:
        _settled_labels(win, qtbot, 0)
        labels.actor.SetVisibility(False)  # the frame as drawn without the labels (rows from the top)
        w, h = win.viewer.plotter.ren_win.GetSize()
        frame = rendered_frame(win.viewer.plotter).reshape(h, w, 3)[::-1]
        labels.actor.SetVisibility(True)
        boxes = [i for i in labels.overlay.items if isinstance(i, Rect) and i.outline is not None]
        callouts = labels.callouts
    finally:
        win.presenter.stop()
    assert len(boxes) == len(callouts) == 2
    for callout in callouts:
        assert _shows_colour(frame[::4, ::4], callout.color).sum() > 20, f"{callout.key} is not in view"
        for box in boxes:
            x0, y0 = max(0, int(box.x)), max(0, int(box.y))
            under = frame[y0:int(box.y + box.h) + 1, x0:int(box.x + box.w) + 1]
            assert not _shows_colour(under, callout.color).any(), f"a label box lies over the {callout.key}"


def _probe_tour(region: str, view: str, camera=None):
    from pathlib import Path

    from explorer.model.tours import Step, Tour

    step = Step(f"{region} from the {view} view", view, camera, (region,), (), None, "both", "", (), ())
    return Tour("probe", "Probe", "", (step,), Path("probe.yaml"))


def _shows_colour(rgb: np.ndarray, colour: str) -> np.ndarray:
    """Which pixels show `colour` itself: its hue (within 0.05) and vivid (a grey-green tint is not amber)."""
    target = colorsys.rgb_to_hsv(*(np.array(list(bytes.fromhex(colour[1:]))) / 255))[0]
    hsv = np.array([colorsys.rgb_to_hsv(*(p / 255)) for p in rgb.reshape(-1, 3)])
    return (np.abs((hsv[:, 0] - target + 0.5) % 1 - 0.5) < 0.05) & (hsv[:, 1] >= 0.5)


def test_on_screen_anchors_sit_where_the_region_shows_its_own_colour_as_on_the_slide(win, qtbot, aal3, aal3_meshes):
    """The OFC alone, default view: most of what shows of it is seen through the faint ACC, tinted
    grey-green (translucent layers write no depth, so the label grid still calls it OFC). The anchor
    must sit on the OFC's own amber, and where the exported figure of the same view puts it."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from explorer.model.figure_text import FigureText
    from explorer.model.selection import step_selection
    from explorer.render.composition import plan
    from explorer.render.export import ExportRequest, _render
    from explorer.render.overlay import Dot
    from explorer.render.views import VIEWS, camera_for
    from tests.scenes import rendered_frame

    # The standard camera of the view, given as the step's own: the presenter would otherwise move the
    # brain over to keep the OFC clear of its label column (test_no_label_box_lies_over_the_region_it_names).
    # At that camera the anchor on screen and on the slide differed by 9 px: the slide is anti-aliased
    # (MSAA) and the screen is not, and the deepest point of the OFC's clean part moves with its edges.
    width, height = win.viewer.reduced.full_size()
    standard = camera_for(VIEWS["default"], width / height, win.viewer.plotter.camera.view_angle)
    tour = _probe_tour("ofc", "default", (standard["position"], standard["focal_point"], standard["up"]))
    labels = win.presenter.labels
    win.presenter.start(tour, 0)
    try:
        _settled_labels(win, qtbot, labels.layouts)
        (callout,) = labels.callouts
        (ring,) = [i for i in labels.overlay.items if isinstance(i, Dot)]
        # The frame as drawn, without the labels over it (rows from the top).
        labels.actor.SetVisibility(False)
        w, h = win.viewer.plotter.ren_win.GetSize()
        frame = rendered_frame(win.viewer.plotter).reshape(h, w, 3)[::-1]
        labels.actor.SetVisibility(True)
        x, y = round(ring.x), round(ring.y)
        patch = frame[y - 2:y + 3, x - 2:x + 3]
        assert _shows_colour(patch, callout.color).all(), (callout.color, patch.reshape(-1, 3).tolist())
        camera, callouts = win.viewer.scene.camera_state(), labels.callouts
    finally:
        win.presenter.stop()
    # The export of the same step, same camera and same render size: the same anchor (to a grid pixel).
    text = FigureText(callouts=callouts)
    figure_frame = replace(plan(w, h, text, callouts=True), column=0, top=0, bottom=0)
    assert figure_frame.viewport == (0, 0, w, h)
    step = tour.steps[0]
    request = ExportRequest(step_selection(aal3, step), step.view, (w, h), callouts="selected", camera=camera)
    with ThreadPoolExecutor(max_workers=1) as pool:
        shot = _render(aal3, aal3_meshes, request, text, figure_frame, pool)
    ex, ey = shot.anchors[callout.key]
    assert abs(ex - ring.x) <= 3 and abs(ey - ring.y) <= 3, ((ex, ey), (ring.x, ring.y))
