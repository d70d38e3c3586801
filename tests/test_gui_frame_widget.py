"""The 3D view draws each frame once: a frame rendered on request is shown as it is, not rendered
again when the widget paints (pyvistaqt's widget did both: every click, restyle and glide step cost
two renders), and a scene changed without a render is still drawn fresh when the widget paints."""

from __future__ import annotations

import pytest

from tests.gui_events import screen_frame

pytestmark = pytest.mark.gui


def _count_renders_and_paints(widget, qtbot, act) -> tuple[int, int]:
    """Renders (the render window's EndEvent) and paints that reached the screen while `act` runs."""
    counts = {"renders": 0, "paints": 0}
    tag = widget.ren_win.AddObserver("EndEvent", lambda *_: counts.__setitem__("renders", counts["renders"] + 1))

    def painted() -> None:
        counts["paints"] += 1

    widget.frame_shown.connect(painted)
    try:
        act()
        qtbot.waitUntil(lambda: counts["paints"] >= 1, timeout=5000)
        qtbot.wait(100)  # anything the frame still had queued (a second render) comes now
    finally:
        widget.frame_shown.disconnect(painted)
        widget.ren_win.RemoveObserver(tag)
    return counts["renders"], counts["paints"]


def test_a_requested_frame_is_rendered_once_and_shown(win, qtbot):
    widget = win.viewer.plotter
    win.viewer.still.enabled = False  # the anti-aliased still frame is a second frame by design
    try:
        qtbot.wait(200)

        def turn() -> None:
            widget.camera.Azimuth(20)
            widget.render()  # a synchronous render, as the scene asks for its frames

        renders, paints = _count_renders_and_paints(widget, qtbot, turn)
    finally:
        win.viewer.still.enabled = True
    assert paints >= 1
    assert renders == 1, f"{renders} renders for one requested frame"


def test_a_scene_changed_without_a_render_is_drawn_fresh_when_painted(win, qtbot):
    widget = win.viewer.plotter
    renderer = widget.renderer
    old = renderer.GetBackground()
    widget.render()
    qtbot.wait(100)
    try:
        renderer.SetBackground(1.0, 0.0, 0.0)  # changed after the last render, with no render asked for
        widget.update()
        qtbot.wait(100)
        frame = screen_frame(widget)  # what the widget's paint put on screen
        corner = frame[2, 2]  # a pixel near the top-left corner: background, far from the brain
        assert tuple(int(v) for v in corner) == (255, 0, 0)
    finally:
        renderer.SetBackground(*old)
        widget.render()
