"""The MNI152 T1 template that nilearn ships, on the common MNI152 1 mm grid, for the slice views."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from explorer.model.agreement import COMMON_AFFINE, COMMON_SHAPE
from explorer.model.errors import ExplorerError
from explorer.model.paths import package_data_root

# ICBM 2009a nonlinear symmetric template, converted to 8 bits by nilearn (0-255).
TEMPLATE_FILE = "datasets/data/mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"
TEMPLATE_CREDIT = "MNI ICBM 2009a nonlinear symmetric T1 template (Fonov et al., 2011), as shipped by nilearn"


def template_path() -> Path:
    return package_data_root("nilearn") / TEMPLATE_FILE


def load_template(path: Path | None = None) -> np.ndarray:
    """The template's intensities (uint8) on the common grid (COMMON_SHAPE, COMMON_AFFINE), 0 outside it."""
    import nibabel as nib  # deferred: only the slice views need it

    path = path or template_path()
    try:
        img = nib.load(str(path))
        data = np.asarray(img.dataobj)
    except FileNotFoundError:
        raise ExplorerError(f"{path}: MNI152 template not found; run ./bootstrap.sh (nilearn ships it)") from None
    except Exception as exc:  # nibabel raises many types for a bad file
        raise ExplorerError(f"{path}: not a readable NIfTI image: {exc}") from None
    return on_grid(_to_uint8(data), img.affine)


def _to_uint8(data: np.ndarray) -> np.ndarray:
    if data.dtype == np.uint8:
        return data
    top = float(np.percentile(data[data > 0], 99.5)) if np.any(data > 0) else 1.0
    return np.clip(data * (255.0 / top), 0, 255).astype(np.uint8)


def on_grid(data: np.ndarray, affine: np.ndarray) -> np.ndarray:
    """`data` on the common grid: a crop when the grids differ by whole voxels, else a trilinear resample."""
    shift = np.linalg.solve(affine, COMMON_AFFINE[:, 3])[:3]
    if np.allclose(affine[:3, :3], COMMON_AFFINE[:3, :3]) and np.allclose(shift, np.rint(shift)):
        out = np.zeros(COMMON_SHAPE, dtype=data.dtype)
        start = np.rint(shift).astype(int)
        src = [slice(max(s, 0), min(s + n, d)) for s, n, d in zip(start, COMMON_SHAPE, data.shape, strict=True)]
        dst = [slice(r.start - s, r.stop - s) for r, s in zip(src, start, strict=True)]
        out[tuple(dst)] = data[tuple(src)]
        return out
    import nibabel as nib
    from nibabel.processing import resample_from_to

    img = nib.Nifti1Image(data.astype(np.float32), affine)
    resampled = resample_from_to(img, (COMMON_SHAPE, COMMON_AFFINE), order=1, mode="constant", cval=0)
    return np.clip(np.asarray(resampled.dataobj), 0, 255).astype(np.uint8)
