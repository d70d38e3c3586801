"""Build an atlas's meshes once and keep them in the user's cache directory."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.paths import atomic_write, cache_dir
from explorer.render.merged import MergedLabels
from explorer.render.meshing import (
    DEFAULT_PARAMS,
    MeshParams,
    Progress,
    coarse_meshes,
    label_meshes,
)


@dataclass
class MeshSet:
    """Surfaces for one atlas: every label (merged), plus the cortex of each hemisphere."""

    merged: MergedLabels
    cortex: dict[str, pv.PolyData]  # point data: Normals, depth (mm), label (atlas label under the vertex)
    shell: dict[str, pv.PolyData]  # smooth envelopes drawn see-through: 'left', 'right' and 'both' (the whole brain)
    coarse: MergedLabels | None = None  # lighter copy drawn while the camera moves
    moving_cortex: dict[str, pv.PolyData] | None = None  # the lighter gyral cortex drawn while it moves


def cache_key(atlas: Atlas, params: MeshParams) -> str:
    """Hash of the label volume as loaded (source file, threshold, supplements) and the parameters."""
    digest = hashlib.sha256(params.key().encode())
    digest.update(np.ascontiguousarray(atlas.data).tobytes())
    digest.update(np.ascontiguousarray(atlas.affine, dtype=np.float64).tobytes())
    digest.update(",".join(map(str, sorted(atlas.labels))).encode())
    digest.update(",".join(map(str, sorted(atlas.label_region))).encode())
    return digest.hexdigest()[:24]


def cache_path(atlas: Atlas, params: MeshParams = DEFAULT_PARAMS) -> Path:
    return cache_dir() / f"meshes-{atlas.id}-{cache_key(atlas, params)}.npz"


def load_meshes(atlas: Atlas, params: MeshParams = DEFAULT_PARAMS, progress: Progress | None = None) -> MeshSet:
    """Cached meshes if present and readable; otherwise build them (with progress) and cache them."""
    path = cache_path(atlas, params)
    if path.exists():
        try:
            return _read(path)
        except Exception as exc:  # any damage to the file means: rebuild
            warnings.warn(f"mesh cache {path.name} is unreadable ({exc}); rebuilding it", stacklevel=2)
    meshes = build_meshes(atlas, params, progress)
    try:
        atomic_write(path, lambda tmp: _write(tmp, meshes))
    except OSError as exc:
        warnings.warn(f"could not write mesh cache {path}: {exc}", stacklevel=2)
    return meshes


def build_meshes(atlas: Atlas, params: MeshParams = DEFAULT_PARAMS, progress: Progress | None = None) -> MeshSet:
    from explorer.render.cortex_mesh import cortex_meshes, moving_cortex  # deferred: scipy, only when cold

    regions = label_meshes(atlas.data, atlas.affine, sorted(atlas.labels), params, progress,
                           detailed=set(atlas.label_region))
    if progress:
        progress(0.8, "Meshing the cortex")
    cortex, shell = cortex_meshes(atlas.data, atlas.affine, params.cortex_faces, params.shell_faces,
                                  params.whole_shell_faces)
    if progress:
        progress(1.0, "Done")
    coarse = coarse_meshes(regions, params.coarse_fraction)
    return MeshSet(MergedLabels.from_meshes({k: _with_normals(m) for k, m in regions.items()}),
                   cortex, shell,
                   MergedLabels.from_meshes({k: _with_normals(m) for k, m in coarse.items()}),
                   {side: moving_cortex(mesh, params.moving_cortex_fraction) for side, mesh in cortex.items()})


def _with_normals(mesh: pv.PolyData) -> pv.PolyData:
    """Point normals for smooth shading, from the faces' own (outward) winding."""
    return mesh.compute_normals(cell_normals=False, point_normals=True, split_vertices=False,
                                consistent_normals=False, auto_orient_normals=False)


def _write(tmp: Path, meshes: MeshSet) -> None:
    arrays = meshes.merged.to_arrays()
    if meshes.coarse is not None:
        arrays.update({f"coarse_{k}": v for k, v in meshes.coarse.to_arrays().items()})
    for kind, surfaces in (("cortex", meshes.cortex), ("moving", meshes.moving_cortex or {})):
        for side, mesh in surfaces.items():
            arrays[f"{kind}_points_{side}"] = np.asarray(mesh.points, dtype=np.float32)
            arrays[f"{kind}_faces_{side}"] = mesh.faces.reshape(-1, 4)[:, 1:].astype(np.int32)
            for name in ("Normals", "depth", "label"):
                arrays[f"{kind}_{name.lower()}_{side}"] = np.asarray(mesh.point_data[name])
    for side, mesh in meshes.shell.items():
        arrays[f"shell_points_{side}"] = np.asarray(mesh.points, dtype=np.float32)
        arrays[f"shell_faces_{side}"] = mesh.faces.reshape(-1, 4)[:, 1:].astype(np.int32)
        arrays[f"shell_normals_{side}"] = np.asarray(mesh.point_data["Normals"], dtype=np.float32)
    with open(tmp, "wb") as fh:
        np.savez(fh, **arrays)


def _surface(npz, kind: str, side: str, names: tuple[str, ...]) -> pv.PolyData:
    """A cortex or shell surface from the cache, with its point data checked against its points."""
    points, tris = npz[f"{kind}_points_{side}"], npz[f"{kind}_faces_{side}"]
    if tris.ndim != 2 or tris.shape[1] != 3 or (tris.size and tris.max() >= len(points)):
        raise ValueError(f"malformed {kind} faces")
    mesh = pv.PolyData(points, np.column_stack([np.full(len(tris), 3, dtype=np.int32), tris]).ravel())
    for name in names:
        values = npz[f"{kind}_{name.lower()}_{side}"]
        if len(values) != len(points):
            raise ValueError(f"{kind} {name} do not match points")
        mesh.point_data.set_array(values, name)
    mesh.point_data.active_normals_name = "Normals"
    return mesh


def _read(path: Path) -> MeshSet:
    with np.load(path) as npz:
        merged = MergedLabels.from_arrays(npz)
        coarse = MergedLabels.from_arrays({k[7:]: npz[k] for k in npz.files if k.startswith("coarse_")}) \
            if "coarse_points" in npz.files else None
        cortex = {side: _surface(npz, "cortex", side, ("Normals", "depth", "label")) for side in ("left", "right")}
        shell = {side: _surface(npz, "shell", side, ("Normals",)) for side in ("left", "right", "both")}
        moving = {side: _surface(npz, "moving", side, ("Normals", "depth", "label")) for side in ("left", "right")} \
            if "moving_points_left" in npz.files else None
    return MeshSet(merged, cortex, shell, coarse, moving)
