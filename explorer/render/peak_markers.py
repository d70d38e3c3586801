"""Small spheres at the peaks the shown page lists (front matter `peaks:`), in the marker layer.

They are drawn over the scene with the crosshair (explorer.render.markers), so a peak inside an
opaque region, the selected amygdala for one, still shows. They take no clicks: a click on a marker
still picks the region under it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyvista as pv

from explorer.render.markers import overlay_for


def show_peak_markers(plotter: pv.BasePlotter, points: Sequence[Sequence[float]]) -> pv.Actor | None:
    """Replace the study-peak spheres with spheres at `points`; none for an empty list."""
    overlay = overlay_for(plotter)
    overlay.show_study_peaks(points)
    return overlay.study if len(overlay.study_points) else None
