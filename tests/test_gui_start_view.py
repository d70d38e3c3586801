"""The first view on start shows the four teaching regions clearly, in the real window at classroom sizes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from explorer.app import build_window

pytestmark = pytest.mark.gui

TEACHING = ("amygdala", "mpfc", "ofc", "acc")
MIN_SHARE = 0.0015  # of the 3D view's pixels: the amygdala, the smallest, is 0.2-0.3 % at the start view


def _frame(scene) -> np.ndarray:
    scene.plotter.render()
    return np.asarray(scene.plotter.screenshot(return_img=True))[..., :3].astype(int)


def visible_pixels(win, region: str) -> int:
    """Pixels of the frame that are this region's: those that change when only its colour changes."""
    scene, state = win.viewer.scene, win.state
    before = _frame(scene)
    defs = state.atlas.region_defs
    original = defs[region]
    defs[region] = dataclasses.replace(original, color="#ff00ff")
    try:
        scene.apply(state.selection, state.show_all, state.hemispheres, state.focus.shown, state.focus.others)
        after = _frame(scene)
    finally:
        defs[region] = original
        scene.apply(state.selection, state.show_all, state.hemispheres, state.focus.shown, state.focus.others)
    return int((np.abs(after - before).sum(axis=2) > 30).sum())


@pytest.fixture(scope="module")
def fresh_window():
    """A window as on a first start: no remembered view or size."""
    store = QSettings()
    for key in ("last_view", "geometry", "window_state"):
        store.remove(key)
    store.sync()
    _app, win = build_window("aal3")
    yield win
    win.viewer.close_plotter()
    win.close()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_start_view_shows_the_four_teaching_regions(fresh_window, qtbot, size):
    win = fresh_window
    assert win.viewer.scene.view_name == win.settings.last_view == "medial-left"
    win.resize(*size)
    qtbot.waitUntil(lambda: win.viewer.plotter.width() > 0.3 * size[0], timeout=3000)
    win.scenes.set_view(win.settings.last_view, remember=False)  # as a start at this size frames it
    width, height = win.viewer.plotter.window_size
    shares = {region: visible_pixels(win, region) / (width * height) for region in TEACHING}
    assert all(share >= MIN_SHARE for share in shares.values()), (size, win.viewer.plotter.window_size, shares)
    # The ACC is not hidden behind the MPFC, as from the oblique "Reset view" (there ~1/8 of the MPFC's pixels;
    # side by side on the medial surface ~1/2, their relative size).
    assert shares["acc"] > shares["mpfc"] / 3, shares
