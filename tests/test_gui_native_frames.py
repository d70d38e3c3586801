"""The 3D view's frames go to a native child window that swaps by itself: a frame is on screen without
Qt composing the main window through OpenGL (which cost more than the render under software GL),
and input that a platform delivers to that window still reaches the view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from tests.gui_events import screen_frame

pytestmark = pytest.mark.gui


def test_a_frame_reaches_the_screen_without_composing_the_main_window(win, qtbot):
    widget = win.viewer.plotter
    win.viewer.still.enabled = False  # the still frame would be a second frame
    composed: list[int] = []
    swapped: list[int] = []
    widget.aboutToCompose.connect(lambda: composed.append(1))
    widget.frame_shown.connect(lambda: swapped.append(1))
    try:
        qtbot.wait(300)
        composed.clear()
        swapped.clear()
        widget.camera.Azimuth(15)
        widget.render()
        qtbot.waitUntil(lambda: bool(swapped), timeout=5000)
        qtbot.wait(100)
    finally:
        win.viewer.still.enabled = True
    assert swapped, "the frame was shown"
    assert not composed, "Qt composed the main window with OpenGL for a 3D frame"


def test_the_native_window_shows_the_rendered_frame(win, qtbot):
    widget = win.viewer.plotter
    old = widget.renderer.GetBackground()
    try:
        widget.renderer.SetBackground(0.0, 0.0, 1.0)
        widget.render()
        qtbot.wait(200)
        frame = screen_frame(widget)
        assert frame.shape[:2] == (widget.height(), widget.width())
        assert tuple(frame[3, 3]) == (0, 0, 255)  # a corner: background, opaque (alpha cleared)
    finally:
        widget.renderer.SetBackground(*old)
        widget.render()


def test_input_delivered_to_the_native_window_reaches_the_view(win, qtbot):
    widget = win.viewer.plotter
    moves: list[tuple[int, int]] = []
    tag = widget.iren.interactor.AddObserver(
        "MouseMoveEvent", lambda obj, _e: moves.append(tuple(obj.GetEventPosition())))
    try:
        QTest.mouseMove(widget.surface, QPoint(100, 60))  # as a platform would, to the window itself
        qtbot.waitUntil(lambda: bool(moves), timeout=2000)
    finally:
        widget.iren.interactor.RemoveObserver(tag)
    assert moves[-1] == (100, widget.height() - 1 - 60)  # VTK counts rows from the bottom
