"""Three orthogonal slices of the MNI152 template with the atlas labels over it, as RGB arrays.

Everything is precomputed once on the common MNI152 1 mm grid (template, labels, one colour and
one opacity per label id), so a redraw is three array slices and a few table look-ups: about a
millisecond per slice, cheap enough for the crosshair to follow the mouse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from explorer.model.agreement import COMMON_AFFINE, COMMON_SHAPE
from explorer.model.atlas import Atlas
from explorer.model.coordinates import Coordinate
from explorer.render.colors import label_style

CONTEXT_SHARE = 0.5  # labels outside any teaching region are drawn at half the chosen opacity
SELECTED_BOOST = 0.4  # the selected region stands out by this much more opacity


@dataclass(frozen=True)
class Plane:
    """One slice orientation. The image's columns follow axes[0] rightwards, its rows axes[1] upwards."""

    name: str
    normal: int  # the voxel axis the plane cuts across (0 = x, 1 = y, 2 = z)
    sides: tuple[str, str, str, str]  # letters at the left, right, top and bottom edges

    @property
    def axes(self) -> tuple[int, int]:
        first, second = (a for a in range(3) if a != self.normal)
        return first, second

    def size(self) -> tuple[int, int]:
        """(width, height) of the image in voxels."""
        return COMMON_SHAPE[self.axes[0]], COMMON_SHAPE[self.axes[1]]


# Neurological convention: the subject's left on the left of the screen.
PLANES = (Plane("axial", 2, ("L", "R", "A", "P")), Plane("coronal", 1, ("L", "R", "S", "I")),
          Plane("sagittal", 0, ("P", "A", "S", "I")))
AXIS_NAMES = "xyz"


def voxel_of(mni: Iterable[float]) -> tuple[int, int, int]:
    """The common grid's voxel nearest an MNI point, clamped into the grid."""
    ijk = np.rint(np.asarray(tuple(mni), dtype=float) - COMMON_AFFINE[:3, 3]).astype(int)
    i, j, k = np.clip(ijk, 0, np.array(COMMON_SHAPE) - 1)
    return int(i), int(j), int(k)


def mni_of(ijk: Iterable[int]) -> Coordinate:
    x, y, z = (float(v) for v in np.asarray(tuple(ijk), dtype=float) + COMMON_AFFINE[:3, 3])
    return x, y, z


def label_tables(atlas: Atlas, opacity: float, selected: Iterable[int] = ()) -> tuple[np.ndarray, ...]:
    """Per label id and template grey level, the blended RGB (uint8, shape (labels * 256, 3)); and per
    label id its colour (uint8 RGB) and teaching-region number (0 for none), for the outlines."""
    size = max(max(atlas.labels, default=0), int(atlas.data.max())) + 1
    colors = np.zeros((size, 3), dtype=np.float32)
    alpha = np.zeros(size, dtype=np.float32)
    region = np.zeros(size, dtype=np.int16)
    numbers = {rid: n for n, rid in enumerate(atlas.region_defs, 1)}
    chosen = set(selected)
    for lid, label in atlas.labels.items():
        if lid <= 0 or lid >= size:
            continue
        rid = atlas.label_region.get(lid)
        colors[lid] = label_style(label, atlas.region_defs.get(rid) if rid else None, None, True).color
        alpha[lid] = min(1.0, opacity + SELECTED_BOOST) if lid in chosen else \
            opacity if rid else opacity * CONTEXT_SHARE
        region[lid] = numbers.get(rid, 0) if rid else 0
    grey = np.arange(256, dtype=np.float32)[None, :, None]
    blend = grey * (1 - alpha[:, None, None]) + colors[:, None, :] * 255 * alpha[:, None, None]
    pure = np.rint(colors * 255).astype(np.uint8)
    return np.rint(blend).astype(np.uint8).reshape(size * 256, 3), pure, region


def _display_stack(volume: np.ndarray, plane: Plane) -> np.ndarray:
    """The volume reordered so that stack[index] is the plane's image, contiguous and the right way up."""
    moved = np.moveaxis(volume, plane.normal, 0)  # (n, axes[0], axes[1])
    return np.ascontiguousarray(moved.transpose(0, 2, 1)[:, ::-1, :])


class SliceImages:
    """The template and one atlas's labels on the common grid, composed into slice images on demand.

    Each volume is kept once per plane in display order, so a slice is a contiguous block; the colour
    of a pixel is one look-up in a (label, grey level) table that changes only with the style.
    """

    def __init__(self, template: np.ndarray, labels: np.ndarray, atlas: Atlas, opacity: float = 0.5) -> None:
        if template.shape != COMMON_SHAPE or labels.shape != COMMON_SHAPE:
            raise ValueError(f"slice volumes must be on the common grid {COMMON_SHAPE}")
        self.labels, self.atlas = labels, atlas
        small = labels.astype(np.int32 if labels.max() > 255 else np.uint8)
        self._grey = {p.name: _display_stack(template, p) for p in PLANES}
        self._labels = {p.name: _display_stack(small, p) for p in PLANES}
        self.opacity = opacity
        self.selected: tuple[int, ...] = ()
        self.restyle()

    def restyle(self, opacity: float | None = None, selected: Iterable[int] | None = None) -> None:
        """New opacity, selection or palette: only the small per-label tables change."""
        if opacity is not None:
            self.opacity = opacity
        if selected is not None:
            self.selected = tuple(selected)
        self._blend, self._colors, self._region = label_tables(self.atlas, self.opacity, self.selected)

    def label_at(self, ijk: tuple[int, int, int]) -> int:
        return int(self.labels[ijk])

    def image(self, plane: Plane, index: int) -> np.ndarray:
        """The slice `index` across `plane.normal` as a C-contiguous (height, width, 3) uint8 array."""
        labels = self._labels[plane.name][index]
        rows = labels.astype(np.int32) << 8
        rows |= self._grey[plane.name][index]
        rgb = np.take(self._blend, rows, axis=0)
        edge = _outline(np.take(self._region, labels))
        rgb[edge] = np.take(self._colors, labels[edge], axis=0)  # the region's own colour, at full strength
        return rgb


def _outline(region: np.ndarray) -> np.ndarray:
    """Pixels of a teaching region that touch a pixel of anything else (4-neighbourhood)."""
    edge = np.zeros(region.shape, dtype=bool)
    edge[1:] |= region[1:] != region[:-1]
    edge[:-1] |= region[:-1] != region[1:]
    edge[:, 1:] |= region[:, 1:] != region[:, :-1]
    edge[:, :-1] |= region[:, :-1] != region[:, 1:]
    return edge & (region != 0)
