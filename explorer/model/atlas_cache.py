"""An atlas's label volume as resolved at load time, cached: a warm start reads one uncompressed file.

Resolving means reading the NIfTI (nibabel), leaving out excluded labels, cutting derived labels
and resampling supplements; the cache also keeps each label's voxel count and index sums (its
centroid), which the region list needs before the first frame. The key covers the manifest's
rules and every input file (path, size, modification time), so an edited file is read afresh.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from explorer.model.labels import Label
from explorer.model.manifest import AtlasManifest, DerivedLabel, Supplement
from explorer.model.paths import atomic_write, cache_dir

VERSION = 1


@dataclass
class Resolved:
    """What Atlas.load makes from a manifest."""

    data: np.ndarray  # int16 labels
    affine: np.ndarray
    labels: dict[int, Label]
    derived: dict[int, DerivedLabel]
    supplements: dict[int, Supplement]
    moments: tuple[np.ndarray, np.ndarray] | None = None  # voxel counts and (i, j, k) sums per label value


def key(manifest: AtlasManifest) -> str:
    """The manifest's rules and its input files (path, size, modification time), hashed."""
    rules = (manifest.volume_kind, manifest.threshold, manifest.labels_format, manifest.id_offset,
             manifest.exclude, [(d.name, d.source, d.clip) for d in manifest.derived],
             [(s.labels_format, s.label) for s in manifest.supplements])
    digest = hashlib.sha256(f"v{VERSION}|{rules!r}".encode())
    files = [manifest.volume, manifest.labels, *(p for s in manifest.supplements for p in (s.volume, s.labels))]
    for path in map(Path, files):
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def cache_path(manifest: AtlasManifest) -> Path | None:
    """Where this manifest's resolved volume is kept (None if an input file cannot be read)."""
    try:
        return cache_dir() / f"atlas-{manifest.id}-{key(manifest)}.npz"
    except OSError:
        return None


def read(manifest: AtlasManifest, read_labels: Callable[[], dict[int, Label]]) -> Resolved | None:
    """The cached resolution (the label table itself is read afresh); None when absent or unreadable."""
    path = cache_path(manifest)
    if path is None or not path.exists():
        return None
    labels = read_labels()
    try:
        with np.load(path, allow_pickle=False) as npz:
            added = json.loads(str(npz["added"]))
            data, affine, moments = npz["data"], npz["affine"], (npz["counts"], npz["sums"])
        kept = {i: label for i, label in labels.items() if label.name not in manifest.exclude}
        kept.update({row["id"]: Label(row["id"], row["name"], row["hemisphere"]) for row in added})
        derived = {row["id"]: manifest.derived[row["index"]] for row in added if row["kind"] == "derived"}
        supplements = {row["id"]: manifest.supplements[row["index"]] for row in added if row["kind"] == "supplement"}
    except Exception as exc:  # any damage to the file means: resolve again
        warnings.warn(f"atlas cache {path.name} is unreadable ({exc}); rebuilding it", stacklevel=2)
        return None
    return Resolved(data, affine, kept, derived, supplements, moments)


def write(manifest: AtlasManifest, resolved: Resolved) -> None:
    """Keep a resolution for the next start (a failure to write only costs that start its time)."""
    path = cache_path(manifest)
    if path is None or resolved.moments is None:
        return
    added = [{"id": i, "name": resolved.labels[i].name, "hemisphere": resolved.labels[i].hemisphere,
              "kind": "derived", "index": manifest.derived.index(rule)} for i, rule in resolved.derived.items()]
    added += [{"id": i, "name": resolved.labels[i].name, "hemisphere": resolved.labels[i].hemisphere,
               "kind": "supplement", "index": manifest.supplements.index(sup)}
              for i, sup in resolved.supplements.items()]
    counts, sums = resolved.moments

    def save(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, data=resolved.data, affine=resolved.affine, counts=counts, sums=sums,
                     added=np.array(json.dumps(added)))

    try:
        atomic_write(path, save)
    except OSError as exc:
        warnings.warn(f"could not write atlas cache {path}: {exc}", stacklevel=2)
