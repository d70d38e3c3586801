"""Standard camera views, named as in the CLI and the toolbar."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class View:
    name: str
    title: str
    direction: tuple[float, float, float]  # from the focal point towards the camera
    up: tuple[float, float, float]
    hemisphere: str | None = None  # medial views show one hemisphere only
    key: str = ""


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("lateral-left", "Lateral left", (-1, 0, 0), (0, 0, 1), None, "1"),
        View("lateral-right", "Lateral right", (1, 0, 0), (0, 0, 1), None, "2"),
        View("medial-left", "Medial left", (1, 0, 0), (0, 0, 1), "left", "3"),
        View("medial-right", "Medial right", (-1, 0, 0), (0, 0, 1), "right", "4"),
        View("anterior", "Anterior", (0, 1, 0), (0, 0, 1), None, "5"),
        View("posterior", "Posterior", (0, -1, 0), (0, 0, 1), None, "6"),
        View("superior", "Superior", (0, 0, 1), (0, 1, 0), None, "7"),
        View("inferior", "Inferior", (0, 0, -1), (0, 1, 0), None, "8"),
        View("default", "Reset view", (-0.62, 0.55, 0.36), (0, 0, 1), None, "0"),
    )
}

BRAIN_CENTER = (0.0, -18.0, 8.0)  # MNI mm, middle of the MNI152 brain mask
BRAIN_RADIUS = 100.0  # mm: the brain's extent seen from any side, with a margin


def camera_for(view: View, aspect: float = 1.6, view_angle: float = 30.0) -> dict[str, tuple]:
    """Camera position, focal point and up vector that frame the whole brain."""
    direction = np.asarray(view.direction, dtype=float)
    direction /= np.linalg.norm(direction)
    half = np.radians(view_angle / 2)
    # Fit the bounding sphere vertically, or horizontally when the window is narrow.
    fit = BRAIN_RADIUS / np.sin(half) if aspect >= 1 else BRAIN_RADIUS / np.sin(half) / aspect
    center = np.asarray(BRAIN_CENTER)
    position = center + direction * fit
    return {"position": tuple(position), "focal_point": BRAIN_CENTER, "up": view.up}
