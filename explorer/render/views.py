"""Cameras for the standard views (the views themselves are defined in explorer/model/views.py)."""

from __future__ import annotations

import numpy as np

from explorer.model.views import VIEW_NAMES, VIEWS, View

__all__ = ["VIEWS", "VIEW_NAMES", "View", "camera_for"]


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
