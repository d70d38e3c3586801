"""Where on screen a region is visible: project its vertices and test them against the depth image."""

from __future__ import annotations

import numpy as np

from explorer.render.scene import BrainScene

DEPTH_TOLERANCE_MM = 0.3  # a vertex this close behind the nearest drawn surface is on it


def _matrix(vtk_matrix) -> np.ndarray:
    return np.array([[vtk_matrix.GetElement(i, j) for j in range(4)] for i in range(4)])


def project(scene: BrainScene, points: np.ndarray) -> np.ndarray:
    """World points to display coordinates: x, y (origin bottom-left, pixels) and depth in [0, 1]."""
    w, h = scene.plotter.window_size
    matrix = _matrix(scene.plotter.renderer.GetActiveCamera().GetCompositeProjectionTransformMatrix(w / h, -1, 1))
    homo = np.c_[points, np.ones(len(points))] @ matrix.T
    ndc = homo[:, :3] / homo[:, 3:4]
    return np.c_[(ndc[:, 0] + 1) * w / 2, (ndc[:, 1] + 1) * h / 2, (ndc[:, 2] + 1) / 2]


def view_depth(scene: BrainScene, points: np.ndarray) -> np.ndarray:
    """Camera-space z of world points (negative in front of the camera), as `get_image_depth` gives it."""
    matrix = _matrix(scene.plotter.renderer.GetActiveCamera().GetViewTransformMatrix())
    return (np.c_[points, np.ones(len(points))] @ matrix.T)[:, 2]


def solid_depth(scene: BrainScene, render: bool = True) -> np.ndarray:
    """Depth image (camera-space z, rows from the top, NaN on background) of the opaque regions alone.

    Translucent actors (the faint layer, the glass) do not write depth in VTK, so the frame as
    drawn already holds the solid regions' depth: no extra pass. `render=False` reads the
    frame just drawn.
    """
    if render:
        scene.plotter.render()
    return np.asarray(scene.plotter.get_image_depth(reset_camera_clipping_range=False))  # as drawn


def visible_points(scene: BrainScene, label_ids, depth: np.ndarray) -> np.ndarray:
    """Display (x, y) of the labels' vertices that are in front at their pixel and its 4 neighbours."""
    merged = scene.merged
    spans = [np.arange(*merged.ranges[lid]) for lid in label_ids if lid in merged.ranges]
    if not spans:
        return np.empty((0, 2), dtype=int)
    points = merged.points[np.unique(merged.faces[np.concatenate(spans)])].astype(float)
    screen, zs = project(scene, points), view_depth(scene, points)
    h, w = depth.shape
    xs, ys = np.round(screen[:, 0]).astype(int), np.round(screen[:, 1]).astype(int)
    inside = (xs >= 2) & (xs < w - 2) & (ys >= 2) & (ys < h - 2)
    xs, ys, zs = xs[inside], ys[inside], zs[inside]
    rows = h - 1 - ys  # the depth image's rows run from the top
    ok = np.ones(len(xs), dtype=bool)
    for dx, dy in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
        ok &= np.abs(depth[rows - dy, xs + dx] - zs) < DEPTH_TOLERANCE_MM  # NaN (background) fails
    return np.c_[xs[ok], ys[ok]]


def anchor_point(scene: BrainScene, label_ids, depth: np.ndarray | None = None) -> tuple[int, int] | None:
    """A visible pixel of the region near the middle of its visible part, or None if it is hidden."""
    depth = solid_depth(scene) if depth is None else depth
    points = visible_points(scene, label_ids, depth)
    if not len(points):
        return None
    middle = np.median(points, axis=0)
    best = np.argmin(((points - middle) ** 2).sum(axis=1))
    return int(points[best, 0]), int(points[best, 1])
