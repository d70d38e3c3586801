"""Where on screen a region is visible: which solid region each pixel of the depth image shows.

Every drawn pixel of the opaque layer is turned back into the 3D point it shows (from its depth)
and given the label of the nearest vertex of the solid regions. This is judged on a grid of at
most GRID pixels along its long side, whatever the output size, so a 640x480 figure and a 4K one
see the same regions: an anchor sits deep inside the largest visible part of a region (distance
transform), and a part smaller than MIN_AREA of the grid is too small to point at.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from explorer.render.scene import BrainScene

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

GRID = 480  # long side, in pixels, of the grid visibility is judged on
SURFACE_MM = 3.0  # a drawn point this close to a region's vertex shows that region
MIN_AREA = 0.0004  # smallest visible part worth a leader, as a fraction of the grid's pixels
MIN_INRADIUS = 0.004  # ... and its thickness (deepest point), as a fraction of the grid's long side
HUE_GAP = 0.05  # a pixel within this hue of its region's colour shows the region untinted
MIN_SATURATION = 0.25  # ... if it is at least this saturated (greys carry no hue)


def _matrix(vtk_matrix) -> np.ndarray:
    return np.array([[vtk_matrix.GetElement(i, j) for j in range(4)] for i in range(4)])


def project(scene: BrainScene, points: np.ndarray) -> np.ndarray:
    """World points to display coordinates: x, y (origin bottom-left, pixels) and depth in [0, 1]."""
    w, h = scene.plotter.window_size
    matrix = _matrix(scene.plotter.renderer.GetActiveCamera().GetCompositeProjectionTransformMatrix(w / h, -1, 1))
    homo = np.c_[points, np.ones(len(points))] @ matrix.T
    ndc = homo[:, :3] / homo[:, 3:4]
    return np.c_[(ndc[:, 0] + 1) * w / 2, (ndc[:, 1] + 1) * h / 2, (ndc[:, 2] + 1) / 2]


def solid_depth(scene: BrainScene, render: bool = True) -> np.ndarray:
    """Depth image (camera-space z, rows from the top, NaN on background) of the opaque regions alone.

    Translucent actors (the faint layer, the glass) do not write depth in VTK, so the frame as
    drawn already holds the solid regions' depth: no extra pass. `render=False` reads the
    frame just drawn, without drawing it again.
    """
    if not render:
        return read_depth(scene)
    # Layers over the scene (the 3D markers) clear the depth buffer so they draw on top: leave them
    # out of this frame, or the depth read sees nothing of the scene.
    window = scene.plotter.render_window
    layered = [r for r in _renderers(window) if r.GetLayer() > 0 and r.GetDraw()]
    for renderer in layered:
        renderer.DrawOff()
    try:
        scene.plotter.render()
        return read_depth(scene)
    finally:
        for renderer in layered:
            renderer.DrawOn()


def _renderers(window) -> list:
    collection = window.GetRenderers()
    return [collection.GetItemAsObject(i) for i in range(collection.GetNumberOfItems())]


def _back_buffer(scene: BrainScene, kind: str) -> np.ndarray:
    """The back buffer of the frame last drawn (no re-render), top row first: depth ("z", h x w x 1)
    or colours ("rgb", h x w x 3). A view of VTK's array: slice it before converting."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    grab = vtkWindowToImageFilter()
    grab.SetInput(scene.plotter.render_window)
    if kind == "z":
        grab.SetInputBufferTypeToZBuffer()
    else:
        grab.SetInputBufferTypeToRGB()
    grab.ReadFrontBufferOff()
    grab.ShouldRerenderOff()
    grab.Update()
    image = grab.GetOutput()
    w, h, _ = image.GetDimensions()
    return vtk_to_numpy(image.GetPointData().GetScalars()).reshape(h, w, -1)[::-1]


def read_depth(scene: BrainScene, step: int = 1) -> np.ndarray:
    """The depth buffer of the frame last drawn (no re-render), as camera-space z; NaN on background.

    With a `step`, only every step-th row and column from the top left (the grid visibility is
    judged on): the same values as `read_depth(scene)[::step, ::step]`, converted for 1/step² of the pixels.
    """
    zbuf = _back_buffer(scene, "z")[:, :, 0][::step, ::step].astype(float)
    near, far = scene.plotter.camera.clipping_range
    with np.errstate(all="ignore"):
        if scene.plotter.camera.parallel_projection:
            z = -(zbuf * (far - near) + near)
        else:
            z = 2 * near * far / ((zbuf - 0.5) * 2 * (far - near) - near - far)
    z[(zbuf >= 1.0) | (z <= -far)] = np.nan
    return z


def _hue_saturation(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """HSV hue (0-1, circular) and saturation of uint8 RGB pixels (any leading shape)."""
    rgb = rgb[..., :3].astype(np.float64) / 255.0
    high, low = rgb.max(axis=-1), rgb.min(axis=-1)
    chroma = high - low
    safe = np.where(chroma > 0, chroma, 1.0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    hue = np.select([high == r, high == g], [((g - b) / safe) % 6, (b - r) / safe + 2], (r - g) / safe + 4) / 6
    return np.where(chroma > 0, hue, 0.0), np.where(high > 0, chroma / np.where(high > 0, high, 1.0), 0.0)


def clean_mask(rgb: np.ndarray, colour: str, hue_gap: float = HUE_GAP,
               hue_saturation: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Pixels that show `colour` itself (its hue, saturated), not tinted by a translucent layer in front.
    `hue_saturation`: those of `rgb`, if already known."""
    hex_ = colour.lstrip("#")
    target = np.array([[int(hex_[i:i + 2], 16) for i in (0, 2, 4)]], dtype=np.uint8)
    (want,), (vivid,) = _hue_saturation(target)
    if vivid < MIN_SATURATION:
        return np.zeros(rgb.shape[:2], dtype=bool)  # a grey label: colour cannot tell
    hue, saturation = hue_saturation or _hue_saturation(rgb)
    gap = np.abs(hue - want)
    return (np.minimum(gap, 1 - gap) < hue_gap) & (saturation >= MIN_SATURATION)


@dataclass(frozen=True)
class LabelGrid:
    """Which solid label each grid pixel shows (0: none); grid pixel (r, c) is image pixel (r*step, c*step).

    `colours`, if given, is the frame's RGB at the same grid pixels: translucent layers write no
    depth, so a region seen through one (the OFC behind the faint ACC) is still its label here, but
    its colour is tinted; an anchor then prefers the region's untinted part.
    """

    labels: np.ndarray
    step: int
    height: int  # of the full depth image
    colours: np.ndarray | None = None

    def anchor(self, label_ids, colour: str | None = None) -> tuple[int, int] | None:
        """Display (x, y; origin bottom-left) deep inside the largest visible part, or None if too small.
        With `colour` (and colours), deep inside the largest part that shows that colour untinted, when
        that part is big enough to point at."""
        mask = np.isin(self.labels, np.fromiter(label_ids, dtype=np.int64))
        if colour is not None and self.colours is not None:
            clean = self._anchor_in(mask & clean_mask(self.colours, colour, hue_saturation=self._hue_saturation))
            if clean is not None:
                return clean
        return self._anchor_in(mask)

    @cached_property
    def _hue_saturation(self) -> tuple[np.ndarray, np.ndarray]:
        """The colours' hue and saturation, worked out once for all the figure's callouts."""
        return _hue_saturation(self.colours)

    def _anchor_in(self, mask: np.ndarray) -> tuple[int, int] | None:
        from scipy import ndimage  # deferred: scipy costs start-up time; only figures with callouts need it

        parts, count = ndimage.label(mask)
        if not count:
            return None
        sizes = np.bincount(parts.ravel())[1:]
        biggest = int(np.argmax(sizes)) + 1
        # The distance transform over the part's own bounding box (every pixel outside it is background).
        rows, cols = ndimage.find_objects(parts, max_label=biggest)[biggest - 1]
        depth = ndimage.distance_transform_edt(np.pad(parts[rows, cols] == biggest, 1))[1:-1, 1:-1]
        long_side = max(self.labels.shape)
        if sizes[biggest - 1] < MIN_AREA * self.labels.size or depth.max() < MIN_INRADIUS * long_side:
            return None
        row, col = np.unravel_index(int(np.argmax(depth)), depth.shape)
        row, col = row + rows.start, col + cols.start
        centre = self.step // 2
        return int(col * self.step + centre), int(self.height - 1 - (row * self.step + centre))


def _world_points(scene: BrainScene, rows: np.ndarray, cols: np.ndarray, z: np.ndarray, w: int, h: int):
    """Image pixels (rows from the top) at camera-space depth z back to world points."""
    camera = scene.plotter.renderer.GetActiveCamera()
    proj = _matrix(camera.GetProjectionTransformMatrix(w / h, -1, 1))
    view_inverse = np.linalg.inv(_matrix(camera.GetViewTransformMatrix()))
    ndc_x = 2 * (cols + 0.5) / w - 1
    ndc_y = 2 * (h - 1 - rows + 0.5) / h - 1
    clip_w = proj[3, 2] * z + proj[3, 3]
    x = (ndc_x * clip_w - proj[0, 2] * z - proj[0, 3]) / proj[0, 0]
    y = (ndc_y * clip_w - proj[1, 2] * z - proj[1, 3]) / proj[1, 1]
    camera_points = np.c_[x, y, z, np.ones(len(z))]
    return (camera_points @ view_inverse.T)[:, :3]


def grid_step(width: int, height: int) -> int:
    """Every how many image pixels a grid pixel is taken (GRID pixels along the long side)."""
    return max(1, math.ceil(max(width, height) / GRID))


def label_grid(scene: BrainScene, depth: np.ndarray) -> LabelGrid:
    """The solid label under each grid pixel of this depth image."""
    h, w = depth.shape
    step = grid_step(w, h)
    return _label_grid(scene, depth[::step, ::step], step, w, h)


def frame_grid(scene: BrainScene) -> LabelGrid:
    """The label grid of the frame last drawn (no re-render), converting only the depths the grid takes."""
    w, h = scene.plotter.render_window.GetSize()
    step = grid_step(w, h)
    return _label_grid(scene, read_depth(scene, step), step, w, h)


def with_colours(grid: LabelGrid, image: np.ndarray, scale: int = 1) -> LabelGrid:
    """The grid with the colours of `image` (rows from the top; `scale` times the depth image's size)."""
    step = grid.step * scale
    colours = image[::step, ::step][: grid.labels.shape[0], : grid.labels.shape[1]]
    return replace(grid, colours=np.ascontiguousarray(colours))


def with_frame_colours(scene: BrainScene, grid: LabelGrid) -> LabelGrid:
    """The grid with the colours of the frame last drawn (no re-render), as the window shows it.

    The back buffer is read once and only the grid's pixels are copied: a few milliseconds, paid
    when labels are laid out at rest, never on a motion frame.
    """
    return with_colours(grid, _back_buffer(scene, "rgb")[:, :, :3])


def _label_grid(scene: BrainScene, small: np.ndarray, step: int, w: int, h: int) -> LabelGrid:
    """The grid from depths taken every `step` pixels of a w x h image."""
    labels = np.zeros(small.shape, dtype=np.int64)
    tree, point_labels = _solid_tree(scene)
    if tree is None:
        return LabelGrid(labels, step, h)
    rows, cols = np.nonzero(np.isfinite(small))
    if len(rows):
        points = _world_points(scene, rows * step, cols * step, small[rows, cols], w, h)
        distance, nearest = tree.query(points, distance_upper_bound=SURFACE_MM)
        hit = np.isfinite(distance)
        labels[rows[hit], cols[hit]] = point_labels[nearest[hit]]
    return LabelGrid(labels, step, h)


def _solid_tree(scene: BrainScene) -> tuple[cKDTree | None, np.ndarray]:
    """A k-d tree of the solid layer's vertices and of the opaque cortex's vertices painted with a solid
    region (cortical regions show as paint there), and each vertex's label."""
    from scipy.spatial import cKDTree
    from vtkmodules.util.numpy_support import vtk_to_numpy

    points, labels = [np.zeros((0, 3))], [np.zeros(0, dtype=np.int64)]
    mesh = scene.solid.GetMapper().GetInput()
    if scene.solid.GetVisibility() and mesh is not None and mesh.GetNumberOfCells():
        faces = vtk_to_numpy(mesh.GetPolys().GetConnectivityArray()).reshape(-1, 3)
        cell_label = vtk_to_numpy(mesh.GetCellData().GetArray("label"))
        point_label = np.zeros(mesh.GetNumberOfPoints(), dtype=np.int64)
        for column in range(3):
            point_label[faces[:, column]] = cell_label
        used = np.unique(faces)
        points.append(vtk_to_numpy(mesh.GetPoints().GetData())[used])
        labels.append(point_label[used])
    cortex = scene.cortex_surface
    if not cortex.see_through:
        solid = np.fromiter(scene.solid_labels, dtype=np.int64)
        for side in cortex.visible_sides():
            vertex_label = np.asarray(cortex.meshes[side].point_data["label"], dtype=np.int64)
            painted = np.isin(vertex_label, solid)
            points.append(np.asarray(cortex.meshes[side].points)[painted])
            labels.append(vertex_label[painted])
    every = np.vstack(points)
    return (cKDTree(every) if len(every) else None), np.concatenate(labels)


def anchor_point(scene: BrainScene, label_ids, depth: np.ndarray | None = None) -> tuple[int, int] | None:
    """A pixel deep inside the largest visible part of the region, or None if hidden or too small."""
    depth = solid_depth(scene) if depth is None else depth
    return label_grid(scene, depth).anchor(label_ids)
