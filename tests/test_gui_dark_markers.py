"""On the high-contrast theme's black background the study-peak spheres are drawn white: near-black
spheres vanish there (the same rule as a black exported figure)."""

from __future__ import annotations

import pytest

from explorer.model.selection import selection_for_region
from explorer.render.markers import overlay_for
from tests.gui_events import screen_frame

pytestmark = pytest.mark.gui


def _peak_pixel(widget, point) -> tuple[int, int]:
    """Where an MNI point lands in the widget's frame (column, row from the top)."""
    renderer = widget.renderer
    renderer.SetWorldPoint(*point, 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    height = screen_frame(widget).shape[0]
    return round(x), height - 1 - round(y)


def test_study_peaks_turn_white_on_the_high_contrast_background(win, qtbot):
    win.state.select(selection_for_region(win.state.atlas, "amygdala"))
    qtbot.wait(300)
    overlay = overlay_for(win.viewer.plotter)
    assert len(overlay.study_points), "the amygdala's page lists a study peak"
    point = tuple(overlay.study_points[0])
    try:
        win.theme.set_high_contrast(True)
        qtbot.wait(300)
        x, y = _peak_pixel(win.viewer.plotter, point)
        patch = screen_frame(win.viewer.plotter)[y - 1:y + 2, x - 1:x + 2].reshape(-1, 3)
        assert sum(rgb.min() > 180 for rgb in patch) >= 5, patch.tolist()
        win.theme.set_high_contrast(False)
        qtbot.wait(300)
        patch = screen_frame(win.viewer.plotter)[y - 1:y + 2, x - 1:x + 2].reshape(-1, 3)
        assert sum(rgb.max() < 80 for rgb in patch) >= 5, patch.tolist()
    finally:
        win.theme.set_high_contrast(False)
        win.state.select(None)
