"""The see-through cortex with both hemispheres shown is one shell around the whole brain.

Two hemisphere shells would also draw their medial walls: inner surfaces seen through the glass, and two
or three blended layers on most pixels of the default view.
"""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkFiltersGeneral import vtkOBBTree

from explorer.model.state import selection_for_region
from tests.scenes import offscreen_scene

# Left-right lines through the brain (y, z in mm): frontal, central and parietal, above the corpus callosum,
# where the interhemispheric fissure runs between the two medial walls.
LINES = ((30.0, 30.0), (-10.0, 45.0), (-50.0, 35.0))


def _crossings(mesh, y: float, z: float) -> int:
    tree = vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    points = vtkPoints()
    tree.IntersectWithLine((-120.0, y, z), (120.0, y, z), points, None)
    return points.GetNumberOfPoints()


@pytest.mark.parametrize(("y", "z"), LINES)
def test_a_line_across_the_brain_meets_the_whole_glass_twice(aal3_meshes, y, z):
    shells = aal3_meshes.shell
    assert _crossings(shells["left"], y, z) + _crossings(shells["right"], y, z) == 4  # two medial walls
    assert _crossings(shells["both"], y, z) == 2  # in on one side, out on the other


def test_the_whole_glass_encloses_both_hemisphere_shells(aal3_meshes):
    """Nothing the hemisphere shells held is left outside (within the 2 mm of the shells' voxels)."""
    whole = aal3_meshes.shell["both"]
    for side in ("left", "right"):
        points = aal3_meshes.shell[side].points[::5]
        distance = np.asarray(_distance(whole, points))
        assert distance.max() < 2.0, (side, float(distance.max()))


def _distance(surface, points: np.ndarray) -> np.ndarray:
    """Signed distance of the points to a closed surface (negative inside), by VTK's implicit distance."""
    import pyvista as pv

    probe = pv.PolyData(np.asarray(points, dtype=float))
    return probe.compute_implicit_distance(surface)["implicit_distance"]


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (400, 300), shown=False) as scene:
        yield scene


def test_the_scene_draws_one_glass_for_both_hemispheres_and_a_hemisphere_shell_for_one(scene, aal3):
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    surface = scene.cortex_surface
    assert surface.see_through and surface.drawn() == [surface.glass]
    assert surface.glass.mapper.GetInput() is surface.shells["both"]
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="left")
    scene.set_view("lateral-left")
    assert surface.see_through and surface.drawn() == [surface.glass]
    assert surface.glass.mapper.GetInput() is surface.shells["left"]
    scene.apply(None, show_all=True, hemispheres="both")
    assert surface.drawn() == []  # "show all" draws every label and no cortex
