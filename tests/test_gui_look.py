"""Focus on selection (key F) and the hover outline, through real Qt events on the window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from vtkmodules.vtkRenderingCore import vtkCoordinate

from tests.gui_events import region_point

pytestmark = pytest.mark.gui


def _projected_span(win, label_ids) -> float:
    """The larger of the region's projected width and height, as a share of the view (VTK's projection)."""
    scene = win.viewer.scene
    rows = np.concatenate([np.arange(*scene.merged.ranges[lid]) for lid in label_ids])
    points = scene.merged.points[np.unique(scene.merged.faces[rows].ravel())]
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    xy = []
    for point in points[::5]:
        coordinate.SetValue(*point)
        xy.append(coordinate.GetComputedDoubleDisplayValue(scene.plotter.renderer))
    xy = np.array(xy)
    w, h = scene.plotter.window_size
    return max(np.ptp(xy[:, 0]) / w, np.ptp(xy[:, 1]) / h)


def test_focus_key_glides_to_frame_the_selection(win, qtbot):
    win.set_view("lateral-left")
    win.navigation.choose("region", "amygdala")
    ids = win.state.selection.label_ids
    before, span_before = win.viewer.scene.camera_state(), _projected_span(win, ids)
    qtbot.keyClick(win, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: not win.viewer._glide_timer.isActive(), timeout=5000)
    after = win.viewer.scene.camera_state()
    assert not np.allclose(np.array(before), np.array(after))
    # Same side as before (the camera looks from the left still), much closer.
    assert (np.array(after[0]) - np.array(after[1]))[0] < 0
    span = _projected_span(win, ids)
    assert 0.5 <= span <= 0.7 and span > 2 * span_before, (span_before, span)


def test_hover_outlines_the_label_under_the_mouse(win, qtbot):
    win.set_view("inferior")
    target = region_point(win, "ofc")
    # From elsewhere first: a move onto the spot where an earlier test left the pointer sends no event.
    qtbot.mouseMove(win.viewer.plotter, target + QPoint(40, 40))
    qtbot.mouseMove(win.viewer.plotter, target)
    scene = win.viewer.scene
    region = win.state.atlas.label_region
    qtbot.waitUntil(lambda: scene.hover.actor.GetVisibility() and region.get(scene.hover.label) == "ofc",
                    timeout=5000)
