"""A tour's step change in the real window does its scene work once (issue 14's step-change frame).

A step sets the focus, the hemispheres and the selection; each change used to restyle the whole
scene (styles, the see-through shell's ray casts, the peak markers) for a frame nobody sees.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from explorer.render import markers

pytestmark = pytest.mark.gui


def _step_with_all_three_changes(win) -> tuple:
    """A tour and a step whose focus, hemispheres and selection all differ from the step before."""
    from explorer.model.selection import step_focus, step_selection

    atlas = win.state.atlas
    for tour in win.library.tours.tours.values():
        for index in range(1, len(tour.steps)):
            before, step = tour.steps[index - 1], tour.steps[index]
            if (step.hemispheres != before.hemispheres and step_focus(atlas, step) != step_focus(atlas, before)
                    and step_selection(atlas, step) != step_selection(atlas, before)):
                return tour, index
    raise AssertionError("no step changes focus, hemispheres and selection at once")


def test_a_step_change_restyles_the_scene_once(win, qtbot, monkeypatch):
    tour, index = _step_with_all_three_changes(win)
    scene = win.viewer.scene
    applied = []
    apply = type(scene).apply
    monkeypatch.setattr(type(scene), "apply", lambda self, *a, **k: (applied.append(a), apply(self, *a, **k))[1])
    win.presenter.start(tour, index - 1)
    try:
        qtbot.waitUntil(lambda: not win.presenter.animating(), timeout=10000)
        applied.clear()
        qtbot.keyClick(win, Qt.Key.Key_PageDown)
        assert win.presenter.index == index
        assert len(applied) == 1, applied
        state = win.state
        assert applied[0] == (state.selection, state.show_all, state.hemispheres, state.focus.shown,
                              state.focus.others)
        qtbot.waitUntil(lambda: not win.presenter.animating(), timeout=10000)
    finally:
        win.presenter.stop()
    assert win.state.hemispheres == win.state.hemisphere_choice  # the stop's own changes still reach the scene
    assert scene.hemispheres == win.state.hemispheres


def test_the_same_peaks_keep_their_marker_mesh(win, monkeypatch):
    """Every restyle shows the page's peaks again: unchanged points build no new spheres."""
    from explorer.render.markers import overlay_for

    overlay = overlay_for(win.viewer.plotter)
    built = []
    real = markers.spheres
    monkeypatch.setattr(markers, "spheres", lambda *a, **k: (built.append(a), real(*a, **k))[1])
    points = [(18.0, -10.0, -16.0), (-2.0, 44.0, -10.0)]
    overlay.show_study_peaks(points)
    mesh = overlay.study.mapper.GetInput()
    overlay.show_study_peaks(points)
    assert len(built) == 1 and overlay.study.mapper.GetInput() is mesh and overlay.study.visibility
    overlay.show_study_peaks(points[:1])
    assert len(built) == 2 and overlay.study.mapper.GetInput().n_cells < mesh.n_cells
    overlay.show_study_peaks([])
    assert not overlay.study.visibility
    overlay.show_study_peaks([])
    assert len(built) == 3 and not overlay.study.visibility
