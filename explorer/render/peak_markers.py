"""Small spheres at the peaks the shown page lists (front matter `peaks:`): one merged actor."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyvista as pv

ACTOR_NAME = "study-peaks"
MARKER_COLOR = "#111111"  # near-black: stands out against every region colour and the glass
RADIUS_MM = 2.5


def marker_mesh(points: Sequence[Sequence[float]], radius: float = RADIUS_MM) -> pv.PolyData:
    """One mesh of small spheres, one per MNI point (empty for no points)."""
    if not points:
        return pv.PolyData()
    sphere = pv.Sphere(radius=radius, theta_resolution=16, phi_resolution=12)
    return pv.PolyData(np.asarray(points, dtype=float)).glyph(geom=sphere, scale=False, orient=False)


def show_peak_markers(plotter: pv.BasePlotter, points: Sequence[Sequence[float]]) -> pv.Actor | None:
    """Replace the peak markers with spheres at `points`; none for an empty list. They take no clicks,
    so a click on a marker still picks the region under it."""
    plotter.remove_actor(ACTOR_NAME, reset_camera=False, render=False)
    if not points:
        return None
    actor = plotter.add_mesh(marker_mesh(points), color=MARKER_COLOR, name=ACTOR_NAME, pickable=False,
                             reset_camera=False, render=False, smooth_shading=True, specular=0.3)
    return actor
