"""Start-up: the first frame shows the brain; work it does not show waits until after it, and still works."""

from __future__ import annotations

import threading

import pytest

from tests.gui_events import click_menu

pytestmark = pytest.mark.gui


def _new_threads(before: set[int | None]) -> set[str]:
    """Names of the threads started since `before` (earlier windows' threads are not this start's)."""
    return {thread.name for thread in threading.enumerate() if thread.ident not in before}


@pytest.fixture(scope="module")
def started():
    """A fresh window, and what had happened by the time build_window returned."""
    from explorer.app import build_window

    before = {thread.ident for thread in threading.enumerate()}
    _app, win = build_window("aal3")
    at_return = {"threads": _new_threads(before), "circuits": win.viewer.scene.circuits}
    yield win, at_return
    win.viewer.close_plotter()
    win.close()


def test_first_frame_shows_the_brain_before_the_warm_up_starts(started, qtbot):
    win, at_return = started
    assert "warm-references" not in at_return["threads"]  # formatting references waits for the first frame
    scene = win.viewer.scene
    # The cortex of every hemisphere the start view shows (a medial view shows one).
    surface = scene.cortex_surface
    shown_sides = surface.visible_sides()
    assert shown_sides and shown_sides == [side for side in scene.cortex if scene._side_visible(side)]
    drawn = [surface.glass] if surface.see_through else [scene.cortex[side] for side in shown_sides]
    assert surface.drawn() == drawn
    assert scene.solid.GetVisibility() and scene.solid.GetMapper().GetInput().GetNumberOfCells() > 0
    shown = set(scene._solid_colors)
    atlas = win.state.atlas
    for region in ("amygdala", "mpfc", "ofc", "acc"):
        drawn = {lid for lid in atlas.label_ids_for(region) if scene._side_visible(atlas.labels[lid].hemisphere)}
        assert drawn and drawn <= shown, region
    from explorer.model import coordinates

    assert atlas not in coordinates._trees
    win.viewer.plotter.render()  # the first frame: now the references are formatted in the background
    citations = next(iter(win.library.content.references.values())).citations
    qtbot.waitUntil(lambda: len(citations._formatted) > 0, timeout=10000)
    # ... and the trees that place a study peak are built too (on the first tour step they cost ~2 s).
    qtbot.waitUntil(lambda: atlas in coordinates._trees, timeout=20000)


def test_circuit_tubes_are_built_when_first_shown(started, qtbot):
    win, at_return = started
    assert at_return["circuits"] is None  # hidden tubes cost nothing at start-up
    click_menu(qtbot, win, "View", "Circuit view")
    try:
        tubes = win.viewer.scene.circuits
        assert tubes is not None and tubes.GetVisibility()
        assert tubes.GetMapper().GetInput().GetNumberOfCells() > 0
    finally:
        click_menu(qtbot, win, "View", "Circuit view")
    assert not win.viewer.scene.circuits.GetVisibility()


def test_a_new_scene_renders_no_frame_of_its_own(started):
    """Reading the camera the first time made pyvista render a whole frame of the unstyled scene."""
    win, _ = started
    ren_win = win.viewer.plotter.ren_win
    frames = []
    tag = ren_win.AddObserver("EndEvent", lambda *_: frames.append(1))
    try:
        win.viewer.plotter.renderer.camera.is_set = False  # as on a fresh plotter
        win.viewer.show_atlas(win.state.atlas, win.scenes.meshes)
    finally:
        ren_win.RemoveObserver(tag)
    assert frames == []
