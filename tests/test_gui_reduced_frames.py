"""Half-resolution frames while the camera moves, the full frame at rest (issue 11's drag budget).

While rotating or gliding, the render window draws a quarter of the pixels; at rest it is back
at the widget's full size, and the frame is the same, pixel for pixel, as before the motion.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer.qt.reduced_frames import REDUCTION
from tests.scenes import rendered_frame

pytestmark = pytest.mark.gui


def _drag(qtbot, widget, sizes: list) -> None:
    """A left-button drag 80 px to the right, noting the render window's size at every move."""
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for step in range(1, 11):
        QTest.mouseMove(widget, centre + QPoint(8 * step, 0))
        qtbot.wait(10)
        sizes.append(tuple(widget.ren_win.GetSize()))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(80, 0))
    qtbot.wait(10)


def test_a_drag_draws_at_half_size_turns_as_far_and_rests_at_the_full_frame(win, qtbot):
    viewer = win.viewer
    widget = viewer.plotter
    win.viewer.still.enabled = False  # plain frames only, to compare pixels
    try:
        full = tuple(widget.ren_win.GetSize())
        start = viewer.scene.camera_state()
        before = rendered_frame(widget)
        motion = widget.iren.interactor.GetInteractorStyle().GetMotionFactor()
        turned = {}
        for reduce in (False, True):
            viewer.reduced.enabled = reduce
            sizes: list = []
            _drag(qtbot, widget, sizes)
            reduced = (full[0] // REDUCTION, full[1] // REDUCTION)
            assert (reduced in sizes) == reduce, sizes
            assert tuple(widget.ren_win.GetSize()) == full
            assert tuple(widget.iren.interactor.GetSize()) == full
            assert widget.iren.interactor.GetInteractorStyle().GetMotionFactor() == motion
            turned[reduce] = np.array(viewer.scene.camera_state()[0])
            widget.camera.position, widget.camera.focal_point, widget.camera.up = start
            widget.reset_camera_clipping_range()
        # The same mouse travel turns the camera as far at half size as at full size.
        assert np.allclose(turned[True], turned[False], atol=1e-6), turned
        assert not np.allclose(turned[True], np.array(start[0]))
        viewer.scene.update_shell()
        after = rendered_frame(widget)
        assert after.shape == before.shape and np.array_equal(after, before)
    finally:
        viewer.reduced.enabled = True
        win.viewer.still.enabled = True


def test_a_focus_glide_draws_at_half_size_and_ends_at_full_size(win, qtbot):
    from explorer.model.selection import selection_for_region

    viewer = win.viewer
    widget = viewer.plotter
    full = tuple(widget.ren_win.GetSize())
    win.state.select(selection_for_region(win.state.atlas, "amygdala"))
    sizes: list = []
    tag = widget.ren_win.AddObserver("StartEvent", lambda *_: sizes.append(tuple(widget.ren_win.GetSize())))
    try:
        win.scenes.focus_selection()
        qtbot.waitUntil(lambda: not viewer.scene.interacting, timeout=5000)
        qtbot.wait(50)
    finally:
        widget.ren_win.RemoveObserver(tag)
    assert (full[0] // REDUCTION, full[1] // REDUCTION) in sizes, sizes
    assert sizes[-1] == full and tuple(widget.ren_win.GetSize()) == full


def test_a_pick_mid_glide_finds_what_the_full_frame_shows(win, qtbot):
    """While reduced, the window's display coordinates are halved for the picker."""
    from explorer.render.picking import RegionHit
    from tests.visibility import visible_pixel

    viewer = win.viewer
    win.set_view("medial-left")
    x, y = visible_pixel(viewer.scene, win.state.atlas.label_ids_for("acc"))
    full = viewer.pick(x, y)
    assert isinstance(full, RegionHit)
    viewer.reduced.reduce()
    try:
        assert viewer.reduced.active
        mid_glide = viewer.pick(x, y)
    finally:
        viewer.reduced.restore()
    assert isinstance(mid_glide, RegionHit)
    assert win.state.atlas.label_region.get(mid_glide.label_id) == "acc"
