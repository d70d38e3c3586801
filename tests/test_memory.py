"""Memory stays flat over a lesson's worth of clicks: selections keep no mesh, locator or actor alive."""

from __future__ import annotations

import gc
import sys

import numpy as np
import psutil
import pytest
import pyvista as pv
from vtkmodules.vtkCommonDataModel import vtkAbstractCellLocator

from explorer.model.state import selection_for_label
from explorer.render.picking import RegionPicker
from explorer.render.scene import BrainScene
from tests.scenes import offscreen_scene

SELECTIONS = 200


class LiveObjects:
    """Counts VTK objects that were seen and have not been destroyed yet (VTK's DeleteEvent)."""

    def __init__(self) -> None:
        self._seen: set[int] = set()
        self.deleted = 0

    def watch(self, obj) -> None:
        if obj is None:
            return
        address = obj.GetAddressAsString("vtkObject")
        if address not in self._seen:
            self._seen.add(address)
            obj.AddObserver("DeleteEvent", lambda *_: self._gone(address))

    def _gone(self, address: str) -> None:
        self._seen.discard(address)
        self.deleted += 1

    @property
    def live(self) -> int:
        return len(self._seen)


def _locators(picker: RegionPicker) -> list[vtkAbstractCellLocator]:
    """Every cell locator the picker holds, found by walking its attributes (whatever they are called)."""
    found, stack, seen = [], [picker], set()
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, vtkAbstractCellLocator):
            found.append(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple):
            stack.extend(obj)
        elif hasattr(obj, "__dict__") and not isinstance(obj, BrainScene | pv.DataSet):
            stack.extend(vars(obj).values())
    return found


@pytest.fixture
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (400, 300)) as scene:
        yield scene


def test_selections_and_picks_leave_meshes_locators_and_actors_constant(scene, aal3):
    """200 selections, each picked at several pixels as a click and hovers would."""
    picker = RegionPicker(scene)
    labels = sorted(scene.merged.ranges)
    rng = np.random.default_rng(14)
    meshes, locators = LiveObjects(), LiveObjects()
    process = psutil.Process()
    counts = {}
    for i in range(SELECTIONS):
        scene.apply(selection_for_label(aal3, labels[(i * 37) % len(labels)]), show_all=i % 5 == 0)
        for actor in (scene.solid, scene.faint):
            meshes.watch(actor.mapper.GetInput())
        for _ in range(3):
            picker.pick(int(rng.integers(100, 300)), int(rng.integers(75, 225)))
        for locator in _locators(picker):
            locators.watch(locator)
            meshes.watch(locator.GetDataSet())
        if i % 10 == 0:  # software GL is slow; every tenth selection is drawn (and its buffers replaced)
            scene.plotter.render()
        if i in (19, SELECTIONS - 1):
            gc.collect()
            counts[i] = (meshes.live, locators.live, scene.plotter.renderer.GetActors().GetNumberOfItems(),
                         process.memory_info().rss / 2**20)
    (meshes_early, locators_early, actors_early, rss_early) = counts[19]
    (meshes_late, locators_late, actors_late, rss_late) = counts[SELECTIONS - 1]
    assert meshes.deleted > 0, "the check saw no mesh replaced, so it tested nothing"
    assert meshes_late <= meshes_early <= 6, f"live meshes grew: {meshes_early} -> {meshes_late}"
    assert locators_late <= locators_early <= 3, f"live cell locators grew: {locators_early} -> {locators_late}"
    assert actors_late == actors_early, f"actors grew: {actors_early} -> {actors_late}"
    assert rss_late - rss_early < 40, f"RSS grew by {rss_late - rss_early:.0f} MB over {SELECTIONS - 20} selections"


@pytest.mark.gui
def test_a_long_lesson_does_not_use_up_the_references_to_none(win, qtbot):
    """PySide6 6.12.0 drops a reference to None on every void Qt call, such as the repaint request of
    every frame; before Python 3.12 the count reaching zero aborts the app. pyproject.toml excludes
    that release: this fails if a Qt with the bug is installed."""
    calls = 5000
    qtbot.wait(50)  # settle pending events first: their own references to None are noise
    gc.collect()
    start = sys.getrefcount(None)
    for _ in range(calls):
        win.viewer.plotter.update()  # what every rendered frame calls
    lost = start - sys.getrefcount(None)
    # The bug loses one reference per call; other work in the process moves the count by tens.
    assert lost < calls // 2, f"{calls} repaint requests lost {lost} references to None"
