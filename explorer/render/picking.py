"""Which label or circuit link is under a screen pixel. Named regions are tried before faint context.

Where the cortex is drawn opaque, it stops the ray: a region surface at most a few millimetres
behind it (a region reaching the surface there) still takes the click, and otherwise the click
is the atlas label under the cortex at the picked point.

Picking casts the pixel's ray through cell locators that are built once per mesh that never
changes: the scene's merged mesh of every label, and the circuit tubes. A selection only
changes which labels count as solid or faint, so it builds no locator and keeps no mesh alive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkIdList, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator

from explorer.render.cortex import SURFACE_TOLERANCE_MM
from explorer.render.merged import MergedLabels
from explorer.render.scene import BrainScene

Point = tuple[float, float, float]
LABEL_RADIUS_MM = 4.0  # a cortex point with no label of its own takes the atlas's nearest within this


@dataclass(frozen=True)
class RegionHit:
    """A click on an atlas label's surface."""

    label_id: int
    position: Point  # world (MNI) coordinates of the surface point


@dataclass(frozen=True)
class LinkHit:
    """A click on a circuit link's tube."""

    link: int  # index of the link in the circuit list
    position: Point


Hit = RegionHit | LinkHit


class _RayCaster:
    """One static cell locator over one mesh, answering 'which cells does this segment cross, nearest first'."""

    def __init__(self, mesh: pv.PolyData) -> None:
        self.mesh = mesh
        self.locator = vtkStaticCellLocator()
        self.locator.SetDataSet(mesh)
        self.locator.BuildLocator()

    def crossings(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell ids and points where the segment crosses the mesh, sorted from `start` outwards."""
        points, cells = vtkPoints(), vtkIdList()
        self.locator.IntersectWithLine(start, end, 0.0, points, cells)
        ids = np.array([cells.GetId(i) for i in range(cells.GetNumberOfIds())], dtype=np.int64)
        where = np.array([points.GetPoint(i) for i in range(points.GetNumberOfPoints())]).reshape(-1, 3)
        order = np.argsort(np.linalg.norm(where - start, axis=1), kind="stable")
        return ids[order], where[order]


def _all_labels(merged: MergedLabels) -> pv.PolyData:
    """Every triangle of the merged mesh, in order, so a cell id is a row of `merged.face_label`."""
    cells = np.column_stack([np.full(len(merged.faces), 3), merged.faces]).ravel()
    return pv.PolyData(merged.points, cells)


class RegionPicker:
    """Ray picking restricted to what is drawn, in priority order.

    A click is first tested against circuit links, then against the regions the documents name
    (solid or translucent) and every surface drawn solid, nearest first, and only then against faint
    context. So the faint temporal cortex in front of the amygdala never swallows a click on the
    amygdala, and the see-through cortex shell never takes one at all.
    """

    def __init__(self, scene: BrainScene) -> None:
        self.scene = scene
        self._labels: _RayCaster | None = None  # built on the first pick, not at start-up
        self._circuits: _RayCaster | None = None

    def _label_caster(self) -> _RayCaster:
        if self._labels is None:
            self._labels = _RayCaster(_all_labels(self.scene.merged))
        return self._labels

    def _circuit_caster(self) -> _RayCaster | None:
        actor = self.scene.circuits
        if actor is None or not actor.GetVisibility() or not actor.GetPickable():
            return None
        mesh = actor.GetMapper().GetInput()
        if self._circuits is None or self._circuits.mesh is not mesh:
            self._circuits = _RayCaster(mesh)  # replaces the old one: one circuit locator at most
        return self._circuits

    def ray(self, x: int, y: int) -> tuple[np.ndarray, np.ndarray]:
        """World points where the pixel's ray meets the near and the far clipping planes."""
        renderer = self.scene.plotter.renderer
        ends = []
        for depth in (0.0, 1.0):
            renderer.SetDisplayPoint(float(x), float(y), depth)
            renderer.DisplayToWorld()
            world = np.array(renderer.GetWorldPoint(), dtype=float)
            ends.append(world[:3] / world[3])
        return ends[0], ends[1]

    def pick(self, x: int, y: int) -> Hit | None:
        """Pick at display coordinates (origin bottom-left, as VTK counts)."""
        start, end = self.ray(x, y)
        circuits = self._circuit_caster()
        if circuits is not None:
            ids, where = circuits.crossings(start, end)
            if len(ids):
                link = circuits.mesh.GetCellData().GetArray("link").GetValue(int(ids[0]))
                return LinkHit(int(link), tuple(float(v) for v in where[0]))
        cortex = self.scene.cortex_surface
        wall = None if cortex.see_through else cortex.first_hit(start, end)
        ids, where = self._label_caster().crossings(start, end)
        if wall is not None and len(ids):  # only region surfaces in front of, or just under, the cortex
            reach = np.linalg.norm(where - start, axis=1) <= wall[0] + SURFACE_TOLERANCE_MM + 0.5
            ids, where = ids[reach], where[reach]
        labels = self.scene.merged.face_label[ids]
        for layer in self.scene.pickable_layers():
            inside = np.flatnonzero(np.isin(labels, list(layer)))
            if len(inside):
                return RegionHit(int(labels[inside[0]]), tuple(float(v) for v in where[inside[0]]))
        if wall is not None:
            label = cortex.label_at(wall[2], wall[3], wall[1]) or \
                self.scene.atlas.nearest_label(*(float(v) for v in wall[1]), radius_mm=LABEL_RADIUS_MM)
            if label in self.scene.merged.ranges:
                return RegionHit(label, tuple(float(v) for v in wall[1]))
        return None
