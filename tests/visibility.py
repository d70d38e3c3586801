"""Test oracle: a screen pixel where a region (or a circuit tube) is really the first thing seen.

Independent of the app's picker and of render/visibility.py: candidate points are projected with
VTK's own vtkCoordinate, then a ray from the camera through each candidate pixel is cast with a
vtkOBBTree of every opaque mesh on screen (the solid regions, the circuit tubes and the cortex when
it is drawn opaque). A pixel counts when the nearest surface the ray meets belongs to the wanted
cells: a wanted region's own surface, or a cortex triangle whose three corners all carry its labels
(read from the cortex mesh's own 'label' point data). Translucent layers (the faint layer, the
see-through shell) are seen through, so they do not block.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkIdList, vtkPoints
from vtkmodules.vtkFiltersGeneral import vtkOBBTree
from vtkmodules.vtkRenderingCore import vtkCoordinate

MAX_CANDIDATES = 300


def _tree(mesh: pv.PolyData) -> vtkOBBTree:
    tree = vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    return tree


def _display_to_world(renderer, x: float, y: float, z: float) -> np.ndarray:
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToDisplay()
    coord.SetValue(x, y, z)
    return np.array(coord.GetComputedWorldValue(renderer))


def _world_to_display(renderer, point) -> tuple[float, float]:
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*point)
    x, y = coord.GetComputedDoubleDisplayValue(renderer)
    return x, y


def first_surface(renderer, trees, x: int, y: int) -> tuple[int, int] | None:
    """(mesh index, cell id) of the nearest opaque surface along the ray through display pixel (x, y)."""
    near, far = _display_to_world(renderer, x, y, 0.0), _display_to_world(renderer, x, y, 1.0)
    best = None
    for index, tree in enumerate(trees):
        points, cells = vtkPoints(), vtkIdList()
        if tree.IntersectWithLine(near, far, points, cells) and points.GetNumberOfPoints():
            distance = np.linalg.norm(np.array(points.GetPoint(0)) - near)
            if best is None or distance < best[0]:
                best = (distance, index, cells.GetId(0))
    return None if best is None else best[1:]


def _opaque_meshes(scene) -> list[pv.PolyData]:
    meshes = [pv.wrap(scene.solid.GetMapper().GetInput())] if scene.solid.GetVisibility() else []
    if scene.circuits is not None and scene.circuits.GetVisibility():
        meshes.append(pv.wrap(scene.circuits.GetMapper().GetInput()))
    if not scene.cortex_surface.see_through:
        meshes += [scene.cortex_surface.meshes[side] for side, actor in scene.cortex.items() if actor.GetVisibility()]
    return meshes


def _pixel_of(scene, target: pv.PolyData, wanted: np.ndarray, meshes) -> tuple[int, int] | None:
    renderer = scene.plotter.renderer
    w, h = scene.plotter.window_size
    cells = np.flatnonzero(wanted)
    if not len(cells):
        return None
    centers = target.cell_centers().points[cells]
    order = np.random.default_rng(0).permutation(len(cells))[:MAX_CANDIDATES]
    trees = [_tree(m) for m in meshes]
    index = next(i for i, m in enumerate(meshes) if m is target)
    seen = []
    for i in order:
        x, y = (round(v) for v in _world_to_display(renderer, centers[i]))
        if 3 <= x < w - 3 and 3 <= y < h - 3:
            hit = first_surface(renderer, trees, x, y)
            if hit is not None and hit[0] == index and wanted[hit[1]]:
                seen.append((x, y))
    if not seen:
        return None
    middle = np.median(np.array(seen), axis=0)
    return min(seen, key=lambda p: (p[0] - middle[0]) ** 2 + (p[1] - middle[1]) ** 2)


def visible_pixel(scene, label_ids) -> tuple[int, int] | None:
    """Display coordinates (VTK: origin bottom-left) where these labels are the nearest opaque surface."""
    scene.plotter.render()
    meshes = _opaque_meshes(scene)
    if not meshes:
        return None
    solid, found = meshes[0], None
    if "label" in solid.cell_data:  # the solid layer (on the opaque cortex it may hold nothing: regions are paint)
        found = _pixel_of(scene, solid, np.isin(solid.cell_data["label"], list(label_ids)), meshes)
    for mesh in meshes:
        if found is None and "label" in mesh.point_data:
            corners = np.isin(np.asarray(mesh.point_data["label"]), list(label_ids))[mesh.faces.reshape(-1, 4)[:, 1:]]
            found = _pixel_of(scene, mesh, corners.all(axis=1), meshes)
    return found


def visible_link_pixel(scene) -> tuple[int, int] | None:
    """Display coordinates where a circuit tube is the nearest opaque surface."""
    scene.plotter.render()
    meshes = _opaque_meshes(scene)
    tubes = next((m for m in meshes if "link" in m.cell_data), None)
    if tubes is None:
        return None
    return _pixel_of(scene, tubes, np.ones(tubes.n_cells, dtype=bool), meshes)
