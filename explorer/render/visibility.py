"""Where on screen a region is visible: project its vertices and test them against the depth buffer."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

from explorer.render.scene import BrainScene

DEPTH_TOLERANCE = 2e-3  # in depth-buffer units: about a millimetre at the scene's distance


def project(scene: BrainScene, points: np.ndarray) -> np.ndarray:
    """World points to display coordinates: x, y (origin bottom-left, pixels) and depth in [0, 1]."""
    renderer = scene.plotter.renderer
    w, h = scene.plotter.window_size
    m = renderer.GetActiveCamera().GetCompositeProjectionTransformMatrix(w / h, -1, 1)
    matrix = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    homo = np.c_[points, np.ones(len(points))] @ matrix.T
    ndc = homo[:, :3] / homo[:, 3:4]
    return np.c_[(ndc[:, 0] + 1) * w / 2, (ndc[:, 1] + 1) * h / 2, (ndc[:, 2] + 1) / 2]


def solid_depth(scene: BrainScene) -> np.ndarray:
    """Depth buffer (rows from the bottom) of the opaque regions alone, then the scene as it was."""
    plotter = scene.plotter
    hidden = [a for a in (scene.faint, *scene.glass.values()) if a.GetVisibility()]
    for actor in hidden:
        actor.SetVisibility(False)
    plotter.render()
    grab = vtkWindowToImageFilter()
    grab.SetInput(plotter.ren_win)
    grab.SetInputBufferTypeToZBuffer()
    grab.ReadFrontBufferOff()
    grab.Update()
    w, h = plotter.window_size
    depth = vtk_to_numpy(grab.GetOutput().GetPointData().GetScalars()).reshape(h, w).copy()
    for actor in hidden:
        actor.SetVisibility(True)
    plotter.render()  # leave the buffers showing the whole scene again
    return depth


def visible_points(scene: BrainScene, label_ids, depth: np.ndarray) -> np.ndarray:
    """Display (x, y) of the labels' vertices that are in front at their pixel and its 4 neighbours."""
    merged = scene.merged
    spans = [np.arange(*merged.ranges[lid]) for lid in label_ids if lid in merged.ranges]
    if not spans:
        return np.empty((0, 2), dtype=int)
    points = merged.points[np.unique(merged.faces[np.concatenate(spans)])]
    screen = project(scene, points.astype(float))
    h, w = depth.shape
    xs, ys = np.round(screen[:, 0]).astype(int), np.round(screen[:, 1]).astype(int)
    inside = (xs >= 2) & (xs < w - 2) & (ys >= 2) & (ys < h - 2)
    xs, ys, zs = xs[inside], ys[inside], screen[inside, 2]
    ok = np.ones(len(xs), dtype=bool)
    for dx, dy in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
        ok &= np.abs(depth[ys + dy, xs + dx] - zs) < DEPTH_TOLERANCE
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
