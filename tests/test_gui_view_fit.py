"""The brain stays framed in the 3D view when that view changes size: a start whose atlas came up before
or after the window got its size, docks hidden or widened by the font scale, and never against a user's zoom."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

from explorer.render.views import FILL

pytestmark = pytest.mark.gui


def _camera(win) -> np.ndarray:
    return np.array(win.viewer.scene.camera_state())


def _framing(win) -> tuple[float, float, float]:
    """Where the drawn brain sits in the viewport: its centre's offset (x, y, as shares of the width and the
    height) and the share of the width or height it fills (the larger), projected by the camera itself."""
    scene = win.viewer.scene
    width, height = scene.plotter.window_size
    points = scene.visible_points(win.state.hemispheres if win.state.hemispheres != "both" else None)
    matrix = scene.plotter.camera.GetCompositeProjectionTransformMatrix(width / height, -1, 1)
    m = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    clip = np.c_[points, np.ones(len(points))] @ m.T
    ndc = clip[:, :2] / clip[:, 3:4]  # -1..1 across the viewport
    lo, hi = ndc.min(axis=0), ndc.max(axis=0)
    centre = (lo + hi) / 4  # as a share of the width / height
    return float(centre[0]), float(centre[1]), float(max((hi - lo) / 2))


def _settled(win, qtbot, size: tuple[int, int]) -> None:
    win.resize(*size)
    qtbot.waitUntil(lambda: win.width() == size[0] and win.height() == size[1], timeout=3000)
    qtbot.wait(200)  # the layout, then the re-fit on the next turn of the event loop


@pytest.fixture
def fitted(win, qtbot):
    yield win
    win.docks["annotation"].show()
    win.theme.apply_font_scale(1.0)
    win.resize(1024, 700)
    qtbot.wait(100)


@pytest.mark.parametrize("order", ["atlas first", "size first"])
def test_the_start_view_is_framed_alike_whichever_comes_first(fitted, qtbot, order):
    """The atlas load may finish before the window has its final size (a fast warm cache, a window manager
    that resizes the window after mapping it) or after: the first view must come out the same."""
    win = fitted
    if order == "atlas first":
        _settled(win, qtbot, (1600, 950))
        win.scenes.set_view("medial-left", remember=False)  # what show_atlas does when the load ends
        _settled(win, qtbot, (1280, 800))
    else:
        _settled(win, qtbot, (1280, 800))
        win.scenes.set_view("medial-left", remember=False)
    shown = _camera(win)
    win.scenes.set_view("medial-left", remember=False)  # framed from scratch at the final size
    assert np.allclose(shown, _camera(win), atol=0.5), (order, shown, _camera(win))
    x, y, fill = _framing(win)
    assert abs(x) < 0.03 and abs(y) < 0.03 and fill == pytest.approx(FILL, abs=0.04), (x, y, fill)


@pytest.mark.parametrize("change", ["annotation dock hidden", "largest text"])
def test_the_brain_recentres_when_the_docks_change_width(fitted, qtbot, change):
    win = fitted
    _settled(win, qtbot, (1280, 800))
    win.scenes.set_view("medial-left", remember=False)
    before = win.viewer.plotter.window_size
    if change == "annotation dock hidden":
        win.docks["annotation"].hide()
    else:
        from explorer.qt.theme import MAX_FONT_SCALE

        win.theme.apply_font_scale(MAX_FONT_SCALE)
    with contextlib.suppress(Exception):  # pytest-qt's TimeoutError is swallowed; the asserts say what is wrong
        qtbot.waitUntil(lambda: win.viewer.plotter.window_size != before, timeout=3000)
    qtbot.wait(300)
    assert win.viewer.plotter.window_size[0] != before[0], "the 3D view did not change width"
    x, y, fill = _framing(win)
    assert abs(x) < 0.03 and abs(y) < 0.03, f"the brain's centre is off by {x:.3f}, {y:.3f} of the view"
    assert fill == pytest.approx(FILL, abs=0.04)


def test_a_users_own_zoom_is_kept_when_the_view_changes_size(fitted, qtbot):
    win = fitted
    _settled(win, qtbot, (1280, 800))
    win.scenes.set_view("lateral-left", remember=False)
    win.viewer.plotter.camera.Dolly(1.6)  # the wheel's zoom
    zoomed = _camera(win)
    refits = win.scenes.view_fit.refits
    win.docks["annotation"].hide()
    qtbot.wait(400)
    assert np.allclose(_camera(win), zoomed), "a re-fit undid the user's zoom"
    assert win.scenes.view_fit.refits == refits
