"""Find a screen pixel where a region is really visible, from the rendered depth buffer.

Independent of the app's picker: it projects the region's vertices and keeps those that
match the depth buffer of the solid surfaces, then takes the one nearest their middle.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter


def _project(renderer, points: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    cam = renderer.GetActiveCamera()
    w, h = size
    m = cam.GetCompositeProjectionTransformMatrix(w / h, -1, 1)
    matrix = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    homo = np.c_[points, np.ones(len(points))] @ matrix.T
    ndc = homo[:, :3] / homo[:, 3:4]
    return np.c_[(ndc[:, 0] + 1) * w / 2, (ndc[:, 1] + 1) * h / 2, (ndc[:, 2] + 1) / 2]


def visible_pixel(scene, label_ids) -> tuple[int, int] | None:
    """Display coordinates (VTK: origin bottom-left) of a visible vertex of these labels."""
    plotter = scene.plotter
    hidden = [a for a in (scene.faint, *scene.glass.values()) if a.GetVisibility()]
    for actor in hidden:
        actor.SetVisibility(False)
    plotter.render()
    w, h = plotter.window_size
    grab = vtkWindowToImageFilter()
    grab.SetInput(plotter.ren_win)
    grab.SetInputBufferTypeToZBuffer()
    grab.ReadFrontBufferOff()
    grab.Update()
    zbuf = vtk_to_numpy(grab.GetOutput().GetPointData().GetScalars()).reshape(h, w)
    for actor in hidden:
        actor.SetVisibility(True)
    plotter.render()
    merged = scene.merged
    rows = np.concatenate([np.arange(*merged.ranges[lid]) for lid in label_ids if lid in merged.ranges])
    points = merged.points[np.unique(merged.faces[rows])]
    screen = _project(plotter.renderer, points.astype(float), (w, h))
    xs, ys = np.round(screen[:, 0]).astype(int), np.round(screen[:, 1]).astype(int)
    inside = (xs >= 2) & (xs < w - 2) & (ys >= 2) & (ys < h - 2)
    xs, ys, zs = xs[inside], ys[inside], screen[inside, 2]
    # Visible: the depth buffer at the vertex's pixel and its neighbours holds this surface
    # (within about a millimetre), so nothing solid is in front and it is not on an edge.
    tolerance = 2e-3
    ok = np.ones(len(xs), dtype=bool)
    for dx, dy in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
        ok &= np.abs(zbuf[ys + dy, xs + dx] - zs) < tolerance
    if not ok.any():
        return None
    vx, vy = xs[ok], ys[ok]
    middle = np.array([np.median(vx), np.median(vy)])
    best = np.argmin((vx - middle[0]) ** 2 + (vy - middle[1]) ** 2)
    return int(vx[best]), int(vy[best])
