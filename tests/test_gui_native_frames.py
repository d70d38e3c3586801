"""The 3D view's frames go to a native child window that swaps by itself: a frame is on screen without
Qt composing the main window through OpenGL (which cost more than the render under software GL),
and input that a platform delivers to that window still reaches the view."""

from __future__ import annotations

import numpy as np
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


def test_the_native_window_has_no_depth_or_stencil_buffer(win):
    """Only VTK's finished frame is blitted there; VTK draws with its own depth in its framebuffer."""
    shown = win.viewer.plotter.surface.context.format()
    assert (shown.depthBufferSize(), shown.stencilBufferSize(), shown.samples()) == (0, 0, 0)


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


def test_the_screen_shows_vtks_render_framebuffer_without_its_display_copy(win, qtbot):
    """With SwapBuffers off, VTK skips copying each frame into its display framebuffer; the widget
    blits the render framebuffer itself, so what reaches the screen is the frame just rendered."""
    from explorer.render.visibility import _back_buffer

    widget = win.viewer.plotter
    shown: list[int] = []
    widget.frame_shown.connect(lambda: shown.append(1))
    assert not widget.ren_win.GetSwapBuffers()
    win.viewer.still.enabled = False  # the anti-aliased still frame would differ from the rendered one
    try:
        widget.camera.Azimuth(30)
        widget.render()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        qtbot.wait(100)
        rendered = _back_buffer(win.viewer.scene, "rgb").astype(int)
        on_screen = screen_frame(widget)
    finally:
        win.viewer.still.enabled = True
    assert on_screen.shape == rendered.shape
    off = np.abs(on_screen - rendered).max(axis=2)
    assert (off <= 8).mean() > 0.999  # the test display may have 16-bit colour
    assert np.ptp(rendered.reshape(-1, 3), axis=0).max() > 100  # a brain, not a blank frame


def test_a_screenshot_of_the_window_shows_its_latest_frame(win, qtbot):
    """pyvista reads the window's image from VTK's display framebuffer, which frames skip: the widget
    fills it when asked, so a screenshot is the frame last drawn, not an old one."""
    widget = win.viewer.plotter
    old = widget.renderer.GetBackground()
    corners = []
    try:
        for colour in ((0.0, 0.0, 1.0), (1.0, 0.0, 0.0)):
            widget.renderer.SetBackground(*colour)
            widget.render()
            qtbot.wait(50)
            corners.append(tuple(int(v) for v in widget.screenshot(return_img=True)[2, 2, :3]))
    finally:
        widget.renderer.SetBackground(*old)
        widget.render()
    assert corners == [(0, 0, 255), (255, 0, 0)]
