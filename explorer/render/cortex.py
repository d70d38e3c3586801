"""The cortex in the scene: one surface actor per hemisphere, opaque or a see-through shell.

Opaque, it is shaded light on the gyri and darker in the sulci, with the regions that are shown
painted onto it (a tour's or the selection's colours, blended by their strength). When a region
that is shown lies hidden behind it from the camera, a glass actor draws a smooth envelope instead,
as a faint shell with back faces culled, so the region shows through cleanly (a translucent gyral
surface would stack several layers along each ray: cellophane). With both hemispheres shown the
glass is one shell around the whole brain: the two hemispheres' shells would blend their medial
walls too, two or three layers on most pixels (software GL pays for every blended pixel).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import reference
from vtkmodules.vtkCommonDataModel import vtkGenericCell, vtkStaticCellLocator

from explorer.render.colors import CORTEX_COLOR, SHELL_COLOR, SHELL_OPACITY, SULCUS_DARKENING
from explorer.render.lighting import vertex_lighting

# Points of a region tested against the cortex to tell if it shows, evenly spread over its vertices (the
# web lesson takes the same ones). About 40 of 96 face the camera: with 48 (15-20 facing) the share hidden
# of the right ACC in the medial view ranged 0.46-0.79 with the choice of points, against 0.51 on every vertex.
SAMPLES_PER_REGION = 96
VISIBLE_FRACTION = 0.3  # a region shows when this share of its camera-facing points is not behind the cortex
SURFACE_TOLERANCE_MM = 2.5  # a region point this close behind the cortex counts as on it
MIN_PAINTED_VERTICES = 12  # a label with this many cortex vertices shows as paint on the opaque cortex
MOVING_SHELL_FRACTION = 0.3  # the shell's share of faces kept while the camera moves (half-resolution frames)


def shading(depth: np.ndarray) -> np.ndarray:
    """Brightness per vertex: 1 on a gyral crown, darker down into a sulcus."""
    return 1.0 - SULCUS_DARKENING * np.clip(np.asarray(depth, dtype=np.float32) / 5.0, 0.0, 1.0)


class Cortex:
    """The two hemisphere actors and the glass, their colours, and the locators that tell what they hide."""

    def __init__(self, plotter: pv.BasePlotter, meshes: dict[str, pv.PolyData],
                 shells: dict[str, pv.PolyData], moving: dict[str, pv.PolyData] | None = None) -> None:
        self.meshes, self.shells = meshes, shells
        self._painted: dict[str, pv.PolyData] = {}  # by actor: the surface with its colours ('rgb')
        self._paint_by: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # by actor: vertex labels, shading
        self.actors: dict[str, pv.Actor] = {}
        self.moving_actors: dict[str, pv.Actor] = {}  # the lighter surfaces drawn while the camera moves
        self._labels = {side: np.asarray(mesh.point_data["label"], dtype=np.int64) for side, mesh in meshes.items()}
        self._locators: dict[str, vtkStaticCellLocator] = {}
        self._cell = vtkGenericCell()  # scratch for the locators' queries
        self._triangles: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        counts = np.bincount(np.concatenate(list(self._labels.values())))
        self.painted_labels = frozenset(int(lid) for lid in np.flatnonzero(counts >= MIN_PAINTED_VERTICES) if lid)
        self.see_through = False
        self.moving = False
        self.sides: tuple[str, ...] = tuple(meshes)  # the hemispheres shown
        self._moving_shells: dict[str, pv.PolyData] = {}
        for side, mesh in meshes.items():
            self.actors[side] = self._gyral_actor(plotter, f"cortex-{side}", mesh)
        for side, mesh in (moving or {}).items():
            self.moving_actors[side] = self._gyral_actor(plotter, f"cortex-moving-{side}", mesh)
        self.glass = _surface_actor(pv.PolyData(), specular=0.35, opaque=False, per_vertex_colors=False)
        self.glass.mapper.scalar_visibility = False
        self.glass.prop.opacity = SHELL_OPACITY
        plotter.add_actor(self.glass, name="cortex-glass", reset_camera=False, render=False, pickable=False)
        self.paint({})
        self._show()

    def _gyral_actor(self, plotter: pv.BasePlotter, name: str, mesh: pv.PolyData) -> pv.Actor:
        """An opaque gyral surface coloured per vertex (its paint, times its sulcal shading)."""
        shown = pv.PolyData()
        shown.ShallowCopy(mesh)
        self._painted[name] = shown
        self._paint_by[name] = (np.asarray(mesh.point_data["label"], dtype=np.int64), shading(mesh.point_data["depth"]))
        actor = _surface_actor(shown, specular=0.15, opaque=True, per_vertex_colors=True)
        actor.mapper.SetScalarModeToUsePointFieldData()
        actor.mapper.SelectColorArray("rgb")
        actor.mapper.SetColorModeToDirectScalars()
        plotter.add_actor(actor, name=name, reset_camera=False, render=False, pickable=False)
        return actor

    def paint(self, colors: dict[int, tuple[tuple[float, float, float], float]]) -> None:
        """Colour the surface: label id -> (rgb, strength 0..1) blended over the cortex colour."""
        size = max((int(labels.max(initial=0)) for labels, _ in self._paint_by.values()), default=0) + 1
        size = max(size, max(colors, default=0) + 1)
        lut = np.tile(np.array(CORTEX_COLOR, dtype=np.float32), (size, 1))
        for lid, (rgb, strength) in colors.items():
            lut[lid] = lut[lid] * (1.0 - strength) + np.asarray(rgb, dtype=np.float32) * strength
        lut *= 255.0  # colours in 0..1 and shading in 0..1 keep every channel in 0..255
        for name, (labels, shade) in self._paint_by.items():
            rgb = np.take(lut, labels, axis=0)  # a gather per vertex, on every click
            rgb *= shade[:, None]
            self._painted[name].point_data["rgb"] = rgb.astype(np.uint8)

    def show_sides(self, sides: tuple[str, ...] | list[str]) -> None:
        """Show these hemispheres (none, one or both), as the opaque cortex or as glass."""
        self.sides = tuple(side for side in self.actors if side in sides)
        self._show()

    def set_see_through(self, on: bool) -> None:
        """Draw the smooth shell, faint and unpainted (on), or the painted gyral surface, opaque (off)."""
        self.see_through = on
        self._show()

    def set_moving(self, on: bool) -> None:
        """While the camera moves, the shell and the gyral surface are drawn with fewer faces (software GL
        pays per triangle, and a moving frame is drawn at half resolution, where the difference shows little)."""
        self.moving = on
        self._show()

    def _show(self) -> None:
        """Each actor's visibility, and the glass's shell for the sides shown. A mapper's input is only
        set when it changes: a new input makes VTK upload the surface to the GPU again on the next frame."""
        lighter = self.moving and bool(self.moving_actors)
        for side, actor in self.actors.items():
            actor.visibility = side in self.sides and not self.see_through and not lighter
        for side, actor in self.moving_actors.items():
            actor.visibility = side in self.sides and not self.see_through and lighter
        self.glass.visibility = self.see_through and bool(self.sides)
        if self.glass.visibility:
            shell = self._shell("both" if len(self.sides) > 1 else self.sides[0])
            if self.glass.mapper.GetInput() is not shell:
                self.glass.mapper.SetInputData(shell)

    def _shell(self, key: str) -> pv.PolyData:
        if not self.moving:
            return self.shells[key]
        if key not in self._moving_shells:
            lighter = self.shells[key].decimate(1.0 - MOVING_SHELL_FRACTION)  # quadric: keeps the smooth outline
            self._moving_shells[key] = lighter.compute_normals(split_vertices=False, auto_orient_normals=False)
        return self._moving_shells[key]

    def visible_sides(self) -> list[str]:
        return list(self.sides)

    def drawn(self) -> list[pv.Actor]:
        """The cortex actors drawn now: the glass, or the opaque surface of each side shown (its lighter
        copy while the camera moves)."""
        actors = (self.glass, *self.actors.values(), *self.moving_actors.values())
        return [actor for actor in actors if actor.GetVisibility()]

    def _locator(self, side: str) -> vtkStaticCellLocator:
        if side not in self._locators:
            locator = vtkStaticCellLocator()
            locator.SetDataSet(self.meshes[side])
            locator.BuildLocator()
            self._locators[side] = locator
        return self._locators[side]

    def first_hit(self, start: np.ndarray, end: np.ndarray) -> tuple[float, np.ndarray, str, int] | None:
        """Nearest crossing of the segment with a shown hemisphere: (distance, point, side, cell)."""
        best = None
        length = float(np.linalg.norm(np.asarray(end, dtype=float) - start))
        t, sub, cell, where = reference(0.0), reference(0), reference(0), [0.0, 0.0, 0.0]
        for side in self.visible_sides():
            # The locator's nearest crossing only (a query for every crossing cost about 4x as much).
            if self._locator(side).IntersectWithLine(start, end, 0.0, t, where, [0.0] * 3, sub, cell,
                                                     self._cell):
                distance = float(t) * length
                if best is None or distance < best[0]:
                    best = (distance, np.array(where), side, int(cell))
        return best

    def label_at(self, side: str, cell: int, point: np.ndarray) -> int:
        """The atlas label of the hit cell's vertex nearest the point (0 where the atlas has none)."""
        if side not in self._triangles:
            mesh = self.meshes[side]
            self._triangles[side] = (np.asarray(mesh.faces).reshape(-1, 4)[:, 1:], np.asarray(mesh.points))
        faces, vertices = self._triangles[side]
        ids = faces[cell]
        points = vertices[ids]
        nearest = ids[int(np.argmin(np.linalg.norm(points - point, axis=1)))]
        return int(self._labels[side][nearest])

    def hides(self, camera: np.ndarray, points: np.ndarray, labels: frozenset[int] = frozenset()) -> float:
        """The share of these points that the shown cortex hides from the camera position.

        A point whose ray meets the cortex where it is painted with one of `labels` is not hidden:
        the region shows there as paint (an atlas a few mm off the template sits just under it).
        """
        if not len(points) or not self.visible_sides():
            return 0.0
        return sum(self._hidden(camera, point, labels) for point in points) / len(points)

    def shows(self, camera: np.ndarray, points: np.ndarray, labels: frozenset[int], fraction: float) -> bool:
        """Does the cortex leave at least this fraction of the points unhidden (`hides` <= 1 - fraction)?

        The same answer as `hides`, but it stops casting rays as soon as the answer is certain.
        """
        if not len(points) or not self.visible_sides():
            return True
        allowed = (1.0 - fraction) * len(points)  # the most points that may be hidden
        hidden = 0
        for done, point in enumerate(points, start=1):
            hidden += self._hidden(camera, point, labels)
            if hidden > allowed:
                return False
            if hidden + len(points) - done <= allowed:
                return True
        return True

    def _hidden(self, camera: np.ndarray, point: np.ndarray, labels: frozenset[int]) -> bool:
        direction = point - camera
        length = float(np.linalg.norm(direction))
        hit = self.first_hit(camera, point - direction / max(length, 1e-9) * SURFACE_TOLERANCE_MM)
        return hit is not None and self.label_at(hit[2], hit[3], hit[1]) not in labels


def _surface_actor(mesh: pv.PolyData, specular: float, opaque: bool, per_vertex_colors: bool) -> pv.Actor:
    """A cortex surface: smooth, lit per vertex by the scene's lights, back faces culled, not pickable
    (picking goes through RegionPicker, which asks `Cortex.label_at`)."""
    actor = pv.Actor(mapper=pv.DataSetMapper(mesh))
    actor.prop.color = SHELL_COLOR
    actor.prop.interpolation = "gouraud"
    actor.prop.ambient = 0.18
    actor.prop.diffuse = 0.9
    actor.prop.specular = specular
    actor.prop.specular_power = 15
    actor.prop.culling = "back"
    vertex_lighting(actor, per_vertex_colors=per_vertex_colors, opaque=opaque)
    actor.SetPickable(False)
    return actor
