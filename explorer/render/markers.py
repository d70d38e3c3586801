"""Markers drawn over the brain: the slice crosshair's point and the peaks of a coordinate table.

They live in a renderer of their own, layered over the scene's and sharing its camera, so a
peak inside the amygdala shows even though the amygdala is drawn opaque. Every peak is one sphere
in a single merged mesh (one actor, whatever the number of peaks): software GL pays per actor.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyvista as pv

CROSSHAIR_COLOR = (1.0, 0.85, 0.0)  # bright yellow
PEAK_COLOR = (0.90, 0.10, 0.55)  # magenta
CROSSHAIR_RADIUS = 2.5  # mm
PEAK_RADIUS = 3.0


def _sphere(radius: float) -> pv.PolyData:
    return pv.Sphere(radius=radius, theta_resolution=16, phi_resolution=12)


def spheres(points: Sequence[Sequence[float]], radius: float = PEAK_RADIUS) -> pv.PolyData:
    """One mesh holding a sphere at every point (cell data 'peak' = the point's index)."""
    one = _sphere(radius)
    if not len(points):
        return pv.PolyData()
    centres = np.asarray(points, dtype=float).reshape(-1, 3)
    cloud = pv.PolyData(centres)
    cloud.point_data["peak"] = np.arange(len(centres))
    return cloud.glyph(geom=one, scale=False, orient=False)


class MarkerOverlay:
    """The crosshair sphere and the peak spheres, in a renderer layered over the plotter's own."""

    def __init__(self, plotter: pv.BasePlotter) -> None:
        self.plotter = plotter
        self.renderer = pv.Renderer(plotter)
        self.renderer.SetLayer(1)
        self.renderer.SetInteractive(False)
        self.renderer.SetPreserveDepthBuffer(False)  # draw over the scene, not behind its surfaces
        window = plotter.ren_win
        window.SetNumberOfLayers(max(2, window.GetNumberOfLayers()))
        window.AddRenderer(self.renderer)
        self.crosshair = self._actor(_sphere(CROSSHAIR_RADIUS), CROSSHAIR_COLOR)
        self.peaks = self._actor(pv.PolyData(), PEAK_COLOR)
        self.peak_points = np.zeros((0, 3))
        self.follow_camera()
        self._update_draw()

    def _update_draw(self) -> None:
        """The layer is drawn only while it shows something: each layer costs a pass over the window."""
        self.renderer.SetDraw(bool(self.crosshair.GetVisibility() or self.peaks.GetVisibility()))

    def _actor(self, mesh: pv.PolyData, color: tuple[float, float, float]) -> pv.Actor:
        actor = pv.Actor(mapper=pv.DataSetMapper(mesh))
        actor.mapper.scalar_visibility = False
        actor.prop.color = color
        actor.prop.ambient = 0.45  # bright from every side: a marker, not a lit object
        actor.prop.diffuse = 0.65
        actor.prop.specular = 0.3
        actor.visibility = False
        actor.SetPickable(False)
        self.renderer.AddActor(actor)
        return actor

    def follow_camera(self) -> None:
        """Share the scene's camera (a scene built after this overlay may have made a new one)."""
        camera = self.plotter.renderer.GetActiveCamera()
        if self.renderer.GetActiveCamera() is not camera:
            self.renderer.SetActiveCamera(camera)

    def show_crosshair(self, point: Sequence[float] | None) -> None:
        """Move the crosshair sphere to an MNI point, or hide it (None)."""
        self.follow_camera()
        if point is not None:
            self.crosshair.position = tuple(float(v) for v in point)
        self.crosshair.visibility = point is not None
        self._update_draw()

    def crosshair_point(self) -> tuple[float, float, float] | None:
        return tuple(self.crosshair.position) if self.crosshair.visibility else None

    def show_peaks(self, points: Sequence[Sequence[float]]) -> None:
        """Replace the peak spheres (an empty list hides them)."""
        self.follow_camera()
        self.peak_points = np.asarray(points, dtype=float).reshape(-1, 3)
        mesh = spheres(self.peak_points)
        self.peaks.mapper.SetInputData(mesh)
        self.peaks.visibility = mesh.n_cells > 0
        self._update_draw()
