"""Turn label volumes into smooth, outward-facing surface meshes in MNI space."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyvista as pv

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class MeshParams:
    """Meshing settings; part of the cache key."""

    smoothing_iterations: int = 24
    smoothing_relaxation: float = 0.5
    # Faces per label after decimation. Software GL pays per triangle, so teaching regions
    # keep detail and faint context labels get less; small labels are left alone. At 1000 faces
    # (1500 before) and a 3000-face shell (5000) the default view renders about 4 ms sooner under
    # llvmpipe (interleaved A/B, 1280x800); side by side, regions look the same in the window and
    # at 4K, and the see-through shell's outline is a little more angular at 4K.
    target_faces: int = 1000
    context_faces: int = 500
    cortex_faces: int = 30000  # per hemisphere
    shell_faces: int = 3000  # the see-through shell, per hemisphere
    # The one shell around both hemispheres (about the two shells' faces less their medial walls):
    # it blends each pixel once where the two shells blended it two or three times.
    whole_shell_faces: int = 5000
    coarse_fraction: float = 0.25  # the stand-in drawn while the camera moves
    # The gyral cortex drawn while the camera glides or turns: at 40 % of its faces a half-resolution
    # frame of the opaque cortex renders in about half the time, and the gyri still read (looked at).
    moving_cortex_fraction: float = 0.4

    def key(self) -> str:
        return (f"it={self.smoothing_iterations},rel={self.smoothing_relaxation},faces={self.target_faces},"
                f"ctx={self.context_faces},cortex={self.cortex_faces},shell={self.shell_faces},"
                f"whole={self.whole_shell_faces},coarse={self.coarse_fraction},"
                f"moving={self.moving_cortex_fraction},v13")


DEFAULT_PARAMS = MeshParams()


def _image(data: np.ndarray) -> pv.ImageData:
    img = pv.ImageData(dimensions=data.shape)
    img.point_data["labels"] = np.ascontiguousarray(data, dtype=np.int32).ravel(order="F")
    return img


def _to_world(points: np.ndarray, affine: np.ndarray) -> np.ndarray:
    return points @ affine[:3, :3].T + affine[:3, 3]


def signed_volume(points: np.ndarray, faces: np.ndarray) -> float:
    """Signed volume of a closed triangle mesh: positive when normals point outwards."""
    a, b, c = points[faces[:, 0]], points[faces[:, 1]], points[faces[:, 2]]
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)


def _poly(points: np.ndarray, tris: np.ndarray) -> pv.PolyData:
    used, inverse = np.unique(tris, return_inverse=True)
    faces = np.column_stack([np.full(len(tris), 3), inverse.reshape(-1, 3)]).ravel()
    return pv.PolyData(points[used].astype(np.float32), faces)


def _grouped(keys: np.ndarray) -> dict[int, np.ndarray]:
    """Row indices for each distinct key, via one sort instead of a scan per key."""
    order = np.argsort(keys, kind="stable")
    values, starts = np.unique(keys[order], return_index=True)
    return {int(v): chunk for v, chunk in zip(values, np.split(order, starts[1:]), strict=True)}


def _decimate(mesh: pv.PolyData, target: int) -> pv.PolyData:
    """Fewer triangles, then a light Taubin smoothing to take out decimation facets."""
    if mesh.n_cells <= target:
        return mesh
    reduction = 1.0 - target / mesh.n_cells
    reduced = mesh.decimate_pro(reduction, preserve_topology=True, feature_angle=60.0)
    return reduced.smooth_taubin(n_iter=15, pass_band=0.1, boundary_smoothing=False)


HOLE_MM = 20.0  # boundary loops up to about this size (mm) are patched


def close_holes(mesh: pv.PolyData) -> pv.PolyData:
    """Patch the small holes a label's surface has where it pinches (surface nets leave a few, decimation a
    few more): with back faces culled each one showed as a pinhole. VTK winds its patches against their
    neighbours, so the polygons are then made consistent again, starting from the label's own first face."""
    if mesh.n_open_edges == 0:
        return mesh
    filled = mesh.fill_holes(HOLE_MM).compute_normals(cell_normals=False, point_normals=True, split_vertices=False,
                                                      consistent_normals=True, auto_orient_normals=False)
    faces = filled.faces.reshape(-1, 4)[:, 1:]
    before = signed_volume(np.asarray(mesh.points), mesh.faces.reshape(-1, 4)[:, 1:])
    if np.sign(signed_volume(np.asarray(filled.points), faces)) != np.sign(before):  # turned inside out: undo
        filled = _poly(np.asarray(filled.points), faces[:, ::-1])
    return filled


def label_meshes(
    data: np.ndarray,
    affine: np.ndarray,
    label_ids: list[int],
    params: MeshParams = DEFAULT_PARAMS,
    progress: Progress | None = None,
    detailed: frozenset[int] | set[int] = frozenset(),
) -> dict[int, pv.PolyData]:
    """One closed, smoothed surface per label, in world (MNI) coordinates, normals outwards.

    Surface nets mesh every label at once, so neighbouring regions share their boundary
    exactly; each region takes the faces on its side, flipped to face away from it.
    """
    if progress:
        progress(0.0, "Extracting surfaces")
    raw = _raw_surfaces(data, affine, label_ids, params)
    if progress:
        progress(0.3, "Simplifying surfaces")
    # VTK releases the GIL while filtering, so threads use both cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        done = pool.map(
            lambda item: close_holes(_decimate(item[1], params.target_faces if item[0] in detailed
                                               else params.context_faces)),
            raw.items(),
        )
        meshes = dict(zip(raw, done, strict=True))
    return meshes


def _raw_surfaces(data: np.ndarray, affine: np.ndarray, label_ids: list[int],
                  params: MeshParams) -> dict[int, pv.PolyData]:
    """Every label's share of one surface-nets mesh of all labels, before simplification."""
    surf = _image(data).contour_labels(
        boundary_style="all",
        output_mesh_type="triangles",
        smoothing=True,
        smoothing_iterations=params.smoothing_iterations,
        smoothing_relaxation=params.smoothing_relaxation,
    )
    pairs = np.asarray(surf.cell_data["boundary_labels"]).astype(np.int64)
    tris = surf.faces.reshape(-1, 4)[:, 1:]
    points = _to_world(np.asarray(surf.points, dtype=np.float64), affine)
    # A mirrored affine (negative determinant) turns every face inside out.
    mirrored = np.linalg.det(affine[:3, :3]) < 0
    by_first, by_second = _grouped(pairs[:, 0]), _grouped(pairs[:, 1])
    raw: dict[int, pv.PolyData] = {}
    for lid in label_ids:
        own = tris[by_first.get(lid, [])]
        other = tris[by_second.get(lid, [])][:, ::-1]
        faces = np.vstack([own, other])
        if len(faces):
            raw[lid] = _poly(points, faces[:, ::-1] if mirrored else faces)
    return raw


def coarse_meshes(meshes: dict[int, pv.PolyData], fraction: float) -> dict[int, pv.PolyData]:
    """Lighter copies for drawing while the camera moves (a level of detail)."""
    def reduce(mesh: pv.PolyData) -> pv.PolyData:
        target = max(int(mesh.n_cells * fraction), 60)
        if mesh.n_cells <= target:
            return mesh
        return close_holes(mesh.decimate_pro(1.0 - target / mesh.n_cells, preserve_topology=True,
                                             feature_angle=60.0))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(meshes, pool.map(reduce, meshes.values()), strict=True))
