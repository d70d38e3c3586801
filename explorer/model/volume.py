"""Label volumes: load a 3D label NIfTI, or reduce a 4D probabilistic atlas once and cache it."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from explorer.model.errors import ContentError
from explorer.model.paths import atomic_write, cache_dir

Progress = Callable[[float, str], None]


def file_digest(path: Path, extra: str = "") -> str:
    """Short SHA-256 of a file's bytes plus parameters: the key of every derived cache."""
    digest = hashlib.sha256(extra.encode())
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:20]


def _load_nifti(path: Path):
    import nibabel as nib  # deferred: nibabel costs start-up time the warm path does not need

    try:
        return nib.load(str(path))
    except FileNotFoundError:
        raise ContentError(path, None, "atlas volume not found") from None
    except Exception as exc:  # nibabel raises many types for a bad file
        raise ContentError(path, None, f"not a readable NIfTI image: {exc}") from None


def reduce_probabilistic(prob: np.ndarray, threshold: float, progress: Progress | None = None) -> np.ndarray:
    """Maximum-probability labels (1-based) from a 4D map; voxels whose best is below threshold are 0.

    Done one label at a time (a plain argmax over the 4th axis needs about 1 GB), in the
    memory order of the 4D array: nibabel gives Fortran order, where each 3D layer is one
    contiguous block, and working buffers in the same order make the loop about 5x faster.
    """
    order = "F" if prob.flags.f_contiguous and not prob.flags.c_contiguous else "C"
    shape = prob.shape[:3]
    best = np.zeros(shape, dtype=prob.dtype, order=order)
    labels = np.zeros(shape, dtype=np.int16, order=order)
    better = np.empty(shape, dtype=bool, order=order)
    n = prob.shape[3]
    for i in range(n):
        layer = prob[..., i]
        np.greater(layer, best, out=better)
        np.copyto(best, layer, where=better)
        np.copyto(labels, np.int16(i + 1), where=better)
        if progress and i % 8 == 0:
            progress(i / n, "Reducing probabilistic atlas")
    labels[best < threshold] = 0
    return np.ascontiguousarray(labels)


def load_label_volume(
    volume: Path, kind: str, threshold: int = 25, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (int16 label array, 4x4 affine). Probabilistic atlases are reduced once and cached."""
    volume = Path(volume)
    if not volume.exists():
        raise ContentError(volume, None, "atlas volume not found")
    if kind == "labels":
        img = _load_nifti(volume)
        data = np.asarray(img.dataobj)
        if data.ndim != 3:
            raise ContentError(volume, None, f"expected a 3D label image, got shape {data.shape}")
        if np.issubdtype(data.dtype, np.integer):  # rounding integers costs a float copy of the volume
            return data.astype(np.int16), img.affine.copy()
        return np.rint(data).astype(np.int16), img.affine.copy()

    cached = cache_dir() / f"labels-{file_digest(volume, f'thr={threshold}')}.npz"
    if cached.exists():
        try:
            with np.load(cached) as npz:
                return npz["labels"], npz["affine"]
        except Exception as exc:
            warnings.warn(f"label cache {cached} is corrupt ({exc}); rebuilding", stacklevel=2)
    if progress:
        progress(0.0, "Loading probabilistic atlas")
    img = _load_nifti(volume)
    prob = np.asarray(img.dataobj)
    if prob.ndim != 4:
        raise ContentError(volume, None, f"expected a 4D probabilistic image, got shape {prob.shape}")
    labels = reduce_probabilistic(prob, threshold, progress)
    affine = img.affine.copy()
    del prob
    atomic_write(cached, lambda tmp: _save_npz(tmp, labels, affine))
    return labels, affine


def _save_npz(tmp: Path, labels: np.ndarray, affine: np.ndarray) -> None:
    with open(tmp, "wb") as fh:
        np.savez_compressed(fh, labels=labels, affine=affine)


def resample_label(
    target_shape: tuple[int, ...], target_affine: np.ndarray, source: Path, value: int
) -> np.ndarray:
    """Boolean mask, in the target grid, of voxels where `source` holds `value` (nearest neighbour)."""
    img = _load_nifti(source)
    src = np.asarray(img.dataobj)
    ijk = np.argwhere(src == value)
    if len(ijk) == 0:
        return np.zeros(target_shape, dtype=bool)
    # Upsample each source voxel to its 2x2x2 sub-points so a coarser source leaves no holes.
    offsets = np.array([[a, b, c] for a in (-0.25, 0.25) for b in (-0.25, 0.25) for c in (-0.25, 0.25)])
    sub = (ijk[:, None, :] + offsets[None]).reshape(-1, 3)
    mni = sub @ img.affine[:3, :3].T + img.affine[:3, 3]
    target = np.rint((mni - target_affine[:3, 3]) @ np.linalg.inv(target_affine[:3, :3]).T).astype(int)
    inside = np.all((target >= 0) & (target < np.array(target_shape[:3])), axis=1)
    mask = np.zeros(target_shape, dtype=bool)
    t = target[inside]
    mask[t[:, 0], t[:, 1], t[:, 2]] = True
    return mask
