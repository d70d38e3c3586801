"""Anti-aliasing (issue 11): one FXAA frame once the view rests, plain frames while it moves.

Timing lives in bench/ (core.py prints the plain and the anti-aliased frame); these tests check
what is drawn when, and that the anti-aliasing smooths edges without darkening the image.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer.qt.still_frame import STILL_MS
from explorer.render.lighting import antialias
from tests.scenes import rendered_frame


class FxaaLog:
    """Whether each frame of the render window was drawn with FXAA (read as the frame starts)."""

    def __init__(self, plotter) -> None:
        self.plotter, self.frames = plotter, []
        self.tag = plotter.ren_win.AddObserver("StartEvent", self._started)

    def _started(self, *_: object) -> None:
        self.frames.append(bool(self.plotter.renderer.GetUseFXAA()))

    def remove(self) -> None:
        self.plotter.ren_win.RemoveObserver(self.tag)


@pytest.mark.gui
def test_the_view_at_rest_gets_one_anti_aliased_frame_then_plain_frames_again(win, qtbot):
    viewer = win.viewer
    qtbot.waitUntil(lambda: not viewer.still.pending, timeout=5000)  # whatever start-up left
    log = FxaaLog(viewer.plotter)
    try:
        count = viewer.still.count
        viewer.refresh()
        qtbot.waitUntil(lambda: viewer.still.count == count + 1, timeout=5000)
        qtbot.wait(STILL_MS * 2)  # no second still frame of the same view
        assert log.frames == [False, True], log.frames
        assert viewer.still.refined and not viewer.plotter.renderer.GetUseFXAA()
        viewer.refresh()  # a new frame (e.g. a hover outline) is plain, then refined again
        qtbot.waitUntil(lambda: viewer.still.count == count + 2, timeout=5000)
        assert log.frames == [False, True, False, True], log.frames
    finally:
        log.remove()


@pytest.mark.gui
def test_no_anti_aliased_frame_while_dragging_only_after_the_release(win, qtbot):
    viewer = win.viewer
    widget = viewer.plotter
    qtbot.waitUntil(lambda: not viewer.still.pending, timeout=5000)
    log = FxaaLog(widget)
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    try:
        QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        for step in range(1, 8):
            QTest.mouseMove(widget, centre + QPoint(8 * step, 0))
            qtbot.wait(20)
        assert viewer.scene.interacting
        qtbot.wait(STILL_MS * 3)  # the mouse held still, the button still down: no still frame
        assert log.frames and not any(log.frames), log.frames
        QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           centre + QPoint(56, 0))
        qtbot.waitUntil(lambda: viewer.still.refined, timeout=5000)
        assert log.frames[-1] and not any(log.frames[:-1]), log.frames
        assert not viewer.scene.interacting and not widget.renderer.GetUseFXAA()
    finally:
        log.remove()


@pytest.mark.gui
def test_antialias_smooths_edges_and_keeps_the_image(win, qtbot):
    """The same window frame plain and with FXAA: edge pixels take in-between colours, nothing goes
    black. (Off-screen, VTK's FXAA gives a black image: exports leave it off.)"""
    plotter = win.viewer.plotter
    qtbot.waitUntil(lambda: not win.viewer.still.pending, timeout=5000)
    win.viewer.still.enabled = False
    try:
        plain = rendered_frame(plotter)
        antialias(plotter.renderer, True)
        smooth = rendered_frame(plotter)
    finally:
        antialias(plotter.renderer, False)
        win.viewer.still.enabled = True
    changed = np.abs(plain - smooth).max(axis=1) > 8
    assert 0.002 < changed.mean() < 0.2, changed.mean()  # edges, not the whole image
    assert abs(plain.mean() - smooth.mean()) < 3.0  # not black, not washed out
    # Where FXAA changed a pixel, the plain image has fewer distinct colours than the smoothed one.
    assert len(np.unique(smooth[changed], axis=0)) > len(np.unique(plain[changed], axis=0))
