"""The cortex: one gyral surface per hemisphere, cut from the MNI152 template the atlases are drawn on.

The surface is the grey + white matter boundary of nilearn's MNI152 (2009a, symmetric) tissue maps,
so it lines up with every volumetric atlas by construction (fsaverage5's pial surface sits a mean
6.5 mm, 95th percentile ~20 mm, off the MNI152 brain outline at its gyral crowns). Each vertex
carries its sulcal depth (distance inside a closed envelope, for the light/dark gyral shading) and
the atlas label under it (for painting regions onto the surface and for picking).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyvista as pv
from scipy import ndimage

TISSUE_LEVEL = 0.45  # grey + white matter probability at the surface
CLOSING_MM = 6  # envelope over the sulci: its depth shades the surface
LABEL_PROBES_MM = (1.5, 0.5, 3.0, 4.5)  # how far inside (along the inward normal) a vertex looks for its label
FISSURE_CLOSING_VOXELS = 3  # 2 mm voxels: the whole-brain shell bridges the interhemispheric fissure


def mni_tissue() -> tuple[np.ndarray, np.ndarray]:
    """Grey + white matter probability (0..1) inside the MNI152 brain mask, 1 mm, and its affine."""
    from nilearn.datasets import load_mni152_brain_mask, load_mni152_gm_template, load_mni152_wm_template

    gm, wm = load_mni152_gm_template(resolution=1), load_mni152_wm_template(resolution=1)
    mask = np.asarray(load_mni152_brain_mask(resolution=1).dataobj) > 0
    tissue = np.asarray(gm.dataobj, dtype=np.float32) + np.asarray(wm.dataobj, dtype=np.float32)
    if tissue.max() > 2.0:  # stored as bytes
        tissue /= 255.0
    affine = np.asarray(gm.affine, dtype=np.float64)
    # Crop to the brain (plus room for the envelope's closing): half the voxels, half the meshing time.
    lo = np.maximum(np.argwhere(mask).min(axis=0) - CLOSING_MM - 2, 0)
    hi = np.argwhere(mask).max(axis=0) + CLOSING_MM + 3
    box = tuple(slice(a, b) for a, b in zip(lo, hi, strict=True))
    affine[:3, 3] += affine[:3, :3] @ lo
    return ndimage.gaussian_filter(tissue[box], 0.7) * mask[box], affine


def _half(tissue: np.ndarray, affine: np.ndarray, side: str) -> np.ndarray:
    x = np.arange(tissue.shape[0]) * affine[0, 0] + affine[0, 3]
    keep = (x < 0) if side == "left" else (x >= 0)
    return tissue * keep[:, None, None]


def _surface(half: np.ndarray, affine: np.ndarray, target_faces: int, level: float = TISSUE_LEVEL) -> pv.PolyData:
    image = pv.ImageData(dimensions=half.shape)
    image.point_data["t"] = np.ascontiguousarray(half, dtype=np.float32).ravel(order="F")
    surf = image.contour([level], method="flying_edges")
    surf = surf.connectivity("largest").extract_surface(algorithm="dataset_surface").triangulate()
    surf.points = np.asarray(surf.points) @ affine[:3, :3].T + affine[:3, 3]
    reduction = max(0.0, 1.0 - target_faces / max(surf.n_cells, 1))
    surf = surf.decimate(reduction)  # quadric decimation keeps well-shaped triangles (no facets)
    surf = surf.smooth_taubin(n_iter=20, pass_band=0.1)
    surf = surf.compute_normals(point_normals=True, cell_normals=False, split_vertices=False,
                                consistent_normals=True, auto_orient_normals=True)
    return surf


def _sample(volume: np.ndarray, affine: np.ndarray, points: np.ndarray) -> np.ndarray:
    inverse = np.linalg.inv(affine)
    ijk = np.rint(points @ inverse[:3, :3].T + inverse[:3, 3]).astype(np.int64)
    inside = np.all((ijk >= 0) & (ijk < np.array(volume.shape)), axis=1)
    out = np.zeros(len(points), dtype=volume.dtype)
    i = ijk[inside]
    out[inside] = volume[i[:, 0], i[:, 1], i[:, 2]]
    return out


def vertex_labels(surf: pv.PolyData, labels: np.ndarray, affine: np.ndarray) -> np.ndarray:
    """The atlas label just inside each vertex (0 where none is near)."""
    points, normals = np.asarray(surf.points), np.asarray(surf.point_data["Normals"])
    out = np.zeros(len(points), dtype=np.int32)
    for depth in LABEL_PROBES_MM:
        missing = out == 0
        if not missing.any():
            break
        out[missing] = _sample(labels, affine, points[missing] - normals[missing] * depth)
    return out


def _envelope(half: np.ndarray) -> np.ndarray:
    """The hemisphere with its sulci closed over (a smooth outer envelope), as a boolean volume."""
    solid = half > TISSUE_LEVEL
    ball = ndimage.generate_binary_structure(3, 1)
    closed = ndimage.binary_closing(np.pad(solid, CLOSING_MM), structure=ball, iterations=CLOSING_MM)
    return closed[CLOSING_MM:-CLOSING_MM, CLOSING_MM:-CLOSING_MM, CLOSING_MM:-CLOSING_MM]


def _shell(envelope: np.ndarray, affine: np.ndarray, target_faces: int) -> pv.PolyData:
    """The envelope's smooth surface at 2 mm (it has no fine detail): the see-through shell, cheap to blend."""
    smooth = ndimage.gaussian_filter(envelope.astype(np.float32), 1.5)[::2, ::2, ::2]
    return _surface_at_2mm(smooth, affine, target_faces)


def _surface_at_2mm(smooth: np.ndarray, affine: np.ndarray, target_faces: int) -> pv.PolyData:
    """The half-level surface of a smoothed 0..1 volume sampled every second voxel of `affine`'s grid."""
    coarse = affine.copy()
    coarse[:3, :3] *= 2
    return _surface(smooth, coarse, target_faces, level=0.5)


def _whole_shell(left: np.ndarray, right: np.ndarray, affine: np.ndarray, target_faces: int) -> pv.PolyData:
    """One shell around both hemispheres, drawn when both are shown: no medial walls inside it.

    The two envelopes meet at the midline; closing their union (at 2 mm) fills the interhemispheric
    fissure, whose walls would otherwise show through the glass as a slot of inner surfaces.
    """
    both = (left | right)[::2, ::2, ::2]
    pad = FISSURE_CLOSING_VOXELS + 1
    ball = ndimage.generate_binary_structure(3, 1)
    closed = ndimage.binary_closing(np.pad(both, pad), structure=ball, iterations=FISSURE_CLOSING_VOXELS)
    smooth = ndimage.gaussian_filter(closed[pad:-pad, pad:-pad, pad:-pad].astype(np.float32), 0.75)
    return _surface_at_2mm(smooth, affine, target_faces)


def moving_cortex(surface: pv.PolyData, fraction: float) -> pv.PolyData:
    """A lighter copy of a cortex surface for frames drawn while the camera moves: quadric decimation keeps
    the gyri's shape; each new vertex takes the label and sulcal depth of the nearest original vertex."""
    from scipy.spatial import cKDTree

    lighter = surface.decimate(1.0 - fraction)
    lighter = lighter.compute_normals(point_normals=True, cell_normals=False, split_vertices=False,
                                      consistent_normals=True, auto_orient_normals=False)
    nearest = cKDTree(np.asarray(surface.points)).query(np.asarray(lighter.points))[1]
    for name in ("depth", "label"):
        lighter.point_data[name] = np.asarray(surface.point_data[name])[nearest]
    return lighter


def cortex_meshes(labels: np.ndarray, label_affine: np.ndarray, target_faces: int, shell_faces: int,
                  whole_shell_faces: int) -> tuple[dict[str, pv.PolyData], dict[str, pv.PolyData]]:
    """Left and right cortex surfaces (point data 'Normals', 'depth' in mm, 'label'), and the smooth shells:
    each hemisphere's ('left', 'right') and the whole brain's ('both')."""
    tissue, affine = mni_tissue()

    def build(side: str) -> tuple[pv.PolyData, pv.PolyData, np.ndarray]:
        half = _half(tissue, affine, side)
        surf = _surface(half, affine, target_faces)
        envelope = _envelope(half)
        depth = ndimage.distance_transform_edt(envelope).astype(np.float32)
        surf.point_data["depth"] = _sample(depth, affine, np.asarray(surf.points))
        surf.point_data["label"] = vertex_labels(surf, labels, label_affine)
        return surf, _shell(envelope, affine, shell_faces), envelope

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        (left, left_shell, left_env), (right, right_shell, right_env) = pool.map(build, ("left", "right"))
    whole = _whole_shell(left_env, right_env, affine, whole_shell_faces)
    return {"left": left, "right": right}, {"left": left_shell, "right": right_shell, "both": whole}
