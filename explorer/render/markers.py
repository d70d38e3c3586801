"""Markers drawn over the brain: the slice crosshair's point, the peaks of a coordinate table and
the peaks the shown page lists from studies.

They live in a renderer of their own, layered over the scene's and sharing its camera, so a
peak inside the amygdala shows even though the amygdala is drawn opaque. Every peak is one sphere
in a single merged mesh (one actor per kind, whatever the number of peaks): software GL pays per
actor. One overlay serves a plotter (`overlay_for`): the window's and an export's draw alike.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyvista as pv

CROSSHAIR_COLOR = (1.0, 0.85, 0.0)  # bright yellow
PEAK_COLOR = (0.90, 0.10, 0.55)  # magenta
STUDY_COLOR = (0.067, 0.067, 0.067)  # near-black: stands out against every region colour and the glass
STUDY_COLOR_ON_DARK = (0.93, 0.93, 0.93)  # near-white: on a black background the glass is dark and black vanishes
CROSSHAIR_RADIUS = 2.5  # mm
PEAK_RADIUS = 3.0
STUDY_RADIUS = 2.5


@functools.cache
def _sphere(radius: float) -> pv.PolyData:
    """The marker sphere of a radius, made once: pyvista builds a sphere through several filters, about
    3 ms, and every click that shows another page's peaks needs one. Glyphs copy it; nothing changes it."""
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
        self.renderer = pv.Renderer(plotter, border=False)  # pyvista draws a white frame round a renderer by default
        self.renderer.SetLayer(1)
        self.renderer.SetInteractive(False)
        self.renderer.SetPreserveDepthBuffer(False)  # draw over the scene, not behind its surfaces
        window = plotter.ren_win
        window.SetNumberOfLayers(max(2, window.GetNumberOfLayers()))
        window.AddRenderer(self.renderer)
        self.crosshair = self._actor(_sphere(CROSSHAIR_RADIUS), CROSSHAIR_COLOR)
        self.peaks = self._actor(pv.PolyData(), PEAK_COLOR)
        self.study = self._actor(pv.PolyData(), STUDY_COLOR)
        self.peak_points = np.zeros((0, 3))
        self.study_points = np.zeros((0, 3))
        self.follow_camera()
        self._update_draw()

    def _update_draw(self) -> None:
        """The layer is drawn only while it shows something: each layer costs a pass over the window."""
        shown = (self.crosshair.GetVisibility(), self.peaks.GetVisibility(), self.study.GetVisibility())
        self.renderer.SetDraw(any(shown))

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
        """Replace the peak spheres of a coordinate table (an empty list hides them)."""
        self.peak_points = self._show(self.peaks, points, PEAK_RADIUS)

    def show_study_peaks(self, points: Sequence[Sequence[float]]) -> None:
        """Replace the spheres at the peaks the shown page lists (an empty list hides them), black on a
        light background and white on a dark one (model/figure_markers.py names them alike)."""
        self.match_background()
        self.study_points = self._show(self.study, points, STUDY_RADIUS)

    def match_background(self) -> None:
        """Study peaks black on a light background, white on a dark one (call after changing it)."""
        self.study.prop.color = STUDY_COLOR_ON_DARK if dark_background(self.plotter) else STUDY_COLOR

    def _show(self, actor: pv.Actor, points: Sequence[Sequence[float]], radius: float) -> np.ndarray:
        """Replace an actor's spheres; the same points keep the mesh (every restyle shows the page's peaks)."""
        self.follow_camera()
        centres = np.asarray(points, dtype=float).reshape(-1, 3)
        current = self.peak_points if actor is self.peaks else self.study_points
        if np.array_equal(centres, current) and actor.visibility == (len(centres) > 0):
            return current
        mesh = spheres(centres, radius)
        actor.mapper.SetInputData(mesh)
        actor.visibility = mesh.n_cells > 0
        self._update_draw()
        return centres


def dark_background(plotter: pv.BasePlotter) -> bool:
    """Is the plotter's background dark (the window's high-contrast theme, a black export)?"""
    r, g, b = plotter.renderer.GetBackground()
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def overlay_for(plotter: pv.BasePlotter) -> MarkerOverlay:
    """The plotter's marker overlay, made on first use (one layer per plotter, however many callers)."""
    overlay = getattr(plotter, "_sbx_markers", None)
    if overlay is None:
        overlay = MarkerOverlay(plotter)
        plotter._sbx_markers = overlay  # type: ignore[attr-defined]
    return overlay
