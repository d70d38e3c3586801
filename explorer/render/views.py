"""Cameras for the standard views (the views themselves are defined in explorer/model/views.py).

A camera frames what is drawn: the points are projected through the perspective of the view,
and the camera stands back just far enough that they fill FILL of the viewport's width or height.
"""

from __future__ import annotations

import numpy as np

from explorer.model.views import VIEW_NAMES, VIEWS, View

__all__ = ["VIEWS", "VIEW_NAMES", "View", "beside_labels", "camera_for", "frame_points", "FILL"]


BRAIN_CENTER = (0.0, -17.0, 10.0)  # MNI mm, middle of the MNI152 brain
BRAIN_SEMI_AXES = np.array([70.0, 88.0, 66.0])  # the brain as an ellipsoid, MNI mm
FILL = 0.80  # share of the viewport's width or height the brain fills


def _ellipsoid(hemisphere: str | None) -> np.ndarray:
    """Points on the brain ellipsoid (one half of it for a medial view), when no meshes are at hand."""
    theta, phi = np.meshgrid(np.linspace(0, np.pi, 19), np.linspace(0, 2 * np.pi, 37))
    unit = np.column_stack([(np.sin(theta) * np.cos(phi)).ravel(), (np.sin(theta) * np.sin(phi)).ravel(),
                            np.cos(theta).ravel()])
    points = np.asarray(BRAIN_CENTER) + unit * BRAIN_SEMI_AXES
    if hemisphere == "left":
        points[:, 0] = np.minimum(points[:, 0], 0.0)
    elif hemisphere == "right":
        points[:, 0] = np.maximum(points[:, 0], 0.0)
    return points


def _axes(direction, up) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    to_camera = np.asarray(direction, dtype=float)
    to_camera /= np.linalg.norm(to_camera)
    up = np.asarray(up, dtype=float)
    up = up - up.dot(to_camera) * to_camera
    up /= np.linalg.norm(up)
    return to_camera, up, np.cross(-to_camera, up)


def frame_points(points: np.ndarray, direction, up, aspect: float = 1.6, view_angle: float = 30.0,
                 fill: float = FILL) -> dict[str, tuple]:
    """A camera looking along -direction that shows the points filling `fill` of the width or height."""
    to_camera, up, right = _axes(direction, up)
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    tan_v = np.tan(np.radians(view_angle / 2)) * fill
    tan_h = tan_v * max(aspect, 1e-3)
    center = points.mean(axis=0)
    for _ in range(3):  # centre the projected extent: a few rounds settle it
        rel = points - center
        depth = rel @ to_camera
        distance = float(max(np.max(depth + np.abs(rel @ up) / tan_v), np.max(depth + np.abs(rel @ right) / tan_h)))
        scale = distance - depth
        x, y = (rel @ right) / scale, (rel @ up) / scale
        shift_x, shift_y = (x.max() + x.min()) / 2, (y.max() + y.min()) / 2
        center = center + right * shift_x * distance + up * shift_y * distance
    rel = points - center
    depth = rel @ to_camera
    distance = float(max(np.max(depth + np.abs(rel @ up) / tan_v), np.max(depth + np.abs(rel @ right) / tan_h)))
    position = center + to_camera * distance
    return {"position": tuple(position), "focal_point": tuple(center), "up": tuple(up)}


def camera_for(view: View, aspect: float = 1.6, view_angle: float = 30.0,
               points: np.ndarray | None = None) -> dict[str, tuple]:
    """Camera position, focal point and up vector that frame the brain (or these points) from this side."""
    if points is None:
        points = _ellipsoid(view.hemisphere)
    return frame_points(points, view.direction, view.up, aspect, view_angle)


def beside_labels(view: View, size: tuple[int, int], view_angle: float, column: int,
                  regions: list[np.ndarray]) -> dict[str, tuple]:
    """A camera for this view under which no label box lies over a labelled region.

    The callout layout puts each label in a column `column` pixels wide on the side of the view where
    its region lies (`regions`: each region's points). The standard camera is kept when no region
    reaches into its column. Otherwise, when every region lies on one side, that column is kept free
    and the brain moved over to the other side; else the brain is framed between both columns.
    """
    width, height = size
    plain = camera_for(view, width / max(height, 1), view_angle)
    xs = [_pixel_x(points, plain, size, view_angle) for points in regions]
    middle = width / 2
    if not any(x.min() < column if x.mean() < middle else x.max() > width - column for x in xs):
        return plain
    narrow = camera_for(view, (width - column) / max(height, 1), view_angle)
    for sign in (1, -1):  # labels on the left (the brain moves right), or on the right
        camera = _shifted(narrow, sign * column / 2, size, view_angle)
        xs = [_pixel_x(points, camera, size, view_angle) for points in regions]
        if all((x.mean() < middle and x.min() >= column) if sign > 0 else
               (x.mean() >= middle and x.max() <= width - column) for x in xs):
            return camera
    return camera_for(view, (width - 2 * column) / max(height, 1), view_angle)


def _pixel_x(points: np.ndarray, camera: dict, size: tuple[int, int], view_angle: float) -> np.ndarray:
    """Where points land across a width x height view of this camera (pixels from the left)."""
    position, focal = np.asarray(camera["position"]), np.asarray(camera["focal_point"])
    to_camera, _, right = _axes(position - focal, camera["up"])
    rel = np.asarray(points, dtype=float).reshape(-1, 3) - position
    depth = np.maximum(-(rel @ to_camera), 1e-6)
    per_unit = size[1] / 2 / np.tan(np.radians(view_angle / 2))  # pixels per unit of x / depth
    return size[0] / 2 + (rel @ right) / depth * per_unit


def _shifted(camera: dict, pixels: float, size: tuple[int, int], view_angle: float) -> dict:
    """The camera moved sideways so that what lies at its focal point moves this many pixels right."""
    position, focal = np.asarray(camera["position"]), np.asarray(camera["focal_point"])
    _, _, right = _axes(position - focal, camera["up"])
    distance = float(np.linalg.norm(position - focal))
    move = -right * pixels * 2 * distance * np.tan(np.radians(view_angle / 2)) / max(size[1], 1)
    return {"position": tuple(position + move), "focal_point": tuple(focal + move), "up": camera["up"]}
