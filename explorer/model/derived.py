"""Derived labels: the part of an atlas label inside a box in MNI mm, made at load time.

A manifest's `[[derived]]` table names a source label and a clip such as `{z_max = 40}`.
The source label's voxels inside the box get a new label id; the rest keep the source id,
so every voxel still has exactly one label.
"""

from __future__ import annotations

import numpy as np

from explorer.model.errors import ContentError
from explorer.model.labels import Label, hemisphere_of
from explorer.model.manifest import AtlasManifest, DerivedLabel

_AXIS = {"x": 0, "y": 1, "z": 2}


def inside_clip(mni: np.ndarray, clip: tuple[tuple[str, float], ...]) -> np.ndarray:
    """Boolean per row of an (n, 3) array of MNI points: inside every bound (inclusive)."""
    keep = np.ones(len(mni), dtype=bool)
    for key, value in clip:
        column = mni[:, _AXIS[key[0]]]
        keep &= column >= value if key.endswith("min") else column <= value
    return keep


def add_derived(
    manifest: AtlasManifest, data: np.ndarray, affine: np.ndarray, labels: dict[int, Label]
) -> tuple[np.ndarray, dict[int, Label], dict[int, DerivedLabel]]:
    """Apply every derived label; return the new volume, labels, and the rule behind each new id."""
    if not manifest.derived:
        return data, labels, {}
    data = data.copy()
    labels = dict(labels)
    by_name = {label.name: label.id for label in labels.values()}
    rules: dict[int, DerivedLabel] = {}
    for rule in manifest.derived:
        if rule.source not in by_name:
            raise ContentError(manifest.path or "", rule.line,
                               f"derived label {rule.name!r}: no label named {rule.source!r} in {manifest.labels.name}")
        if rule.name in by_name:
            raise ContentError(manifest.path or "", rule.line, f"derived label {rule.name!r}: that name is taken")
        ijk = np.argwhere(data == by_name[rule.source])
        mni = ijk @ affine[:3, :3].T + affine[:3, 3]
        chosen = ijk[inside_clip(mni, rule.clip)]
        new_id = max(max(labels), int(data.max())) + 1
        data[chosen[:, 0], chosen[:, 1], chosen[:, 2]] = new_id
        source = labels[by_name[rule.source]]
        hemisphere = hemisphere_of(rule.name)
        labels[new_id] = Label(new_id, rule.name, hemisphere if hemisphere != "midline" else source.hemisphere)
        by_name[rule.name] = new_id
        rules[new_id] = rule
    return data, labels, rules
