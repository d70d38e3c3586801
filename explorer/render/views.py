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

BRAIN_CENTER = (0.0, -17.0, 10.0)  # MNI mm, middle of the MNI152 brain
BRAIN_SEMI_AXES = np.array([70.0, 88.0, 66.0])  # the brain as an ellipsoid, MNI mm
MARGIN = 1.08


def _extent(direction: np.ndarray) -> float:
    """Half-width of the brain ellipsoid along a unit direction."""
    return float(np.sqrt(np.sum((BRAIN_SEMI_AXES * direction) ** 2)))


def camera_for(view: View, aspect: float = 1.6, view_angle: float = 30.0) -> dict[str, tuple]:
    """Camera position, focal point and up vector that frame the whole brain from this side."""
    to_camera = np.asarray(view.direction, dtype=float)
    to_camera /= np.linalg.norm(to_camera)
    up = np.asarray(view.up, dtype=float)
    up = up - up.dot(to_camera) * to_camera
    up /= np.linalg.norm(up)
    right = np.cross(-to_camera, up)
    half_height = max(_extent(up), _extent(right) / max(aspect, 1e-3)) * MARGIN
    distance = half_height / np.tan(np.radians(view_angle / 2)) + _extent(to_camera)
    position = np.asarray(BRAIN_CENTER) + to_camera * distance
    return {"position": tuple(position), "focal_point": BRAIN_CENTER, "up": tuple(up)}
