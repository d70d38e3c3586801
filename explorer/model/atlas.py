"""An atlas in memory: label volume, label table, teaching regions, and what sits where."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from explorer.model import atlas_cache
from explorer.model.derived import add_derived
from explorer.model.errors import ContentError
from explorer.model.labels import Label, read_labels
from explorer.model.manifest import AtlasManifest, DerivedLabel, Supplement
from explorer.model.regions import RegionDef
from explorer.model.volume import Progress, load_label_volume, resample_label


@dataclass(frozen=True)
class LabelStats:
    """Where a label is and how big it is, computed from the volume."""

    centroid: tuple[float, float, float]  # MNI mm
    voxels: int
    volume_cm3: float


class Atlas:
    """A loaded atlas. Label ids are the values stored in the label volume."""

    def __init__(
        self,
        manifest: AtlasManifest,
        data: np.ndarray,
        affine: np.ndarray,
        labels: dict[int, Label],
        region_defs: dict[str, RegionDef],
        derived: dict[int, DerivedLabel] | None = None,
        supplements: dict[int, Supplement] | None = None,
        moments: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.manifest = manifest
        self.derived = derived or {}  # label id -> the clip rule that made it
        self.supplements = supplements or {}  # label id -> the atlas it was borrowed from
        self.data = data
        self.affine = affine
        self.labels = labels
        self.region_defs = region_defs
        self._moments = moments  # voxel counts and index sums per label value, if known (else computed)
        self.region_labels = self._resolve_regions()
        self.label_region: dict[int, str] = {}
        for rid, sides in self.region_labels.items():
            for ids in sides.values():
                for lid in ids:
                    self.label_region.setdefault(lid, rid)

    @classmethod
    def load(
        cls, manifest: AtlasManifest, region_defs: dict[str, RegionDef], progress: Progress | None = None
    ) -> Atlas:
        """Read the volume and labels named by the manifest, and add any supplements (cached once done)."""
        table = lambda: read_labels(manifest.labels, manifest.labels_format, manifest.id_offset)  # noqa: E731
        done = atlas_cache.read(manifest, table)
        if done is None:
            data, affine = load_label_volume(manifest.volume, manifest.volume_kind, manifest.threshold, progress)
            data, labels = _drop_excluded(manifest, data, table())
            data, labels, derived = add_derived(manifest, data, affine, labels)
            data, labels, supplements = _add_supplements(manifest, data, affine, labels)
            done = atlas_cache.Resolved(data, affine, labels, derived, supplements, _label_moments(data))
            atlas_cache.write(manifest, done)
        return cls(manifest, done.data, done.affine, done.labels, region_defs, done.derived, done.supplements,
                   done.moments)

    @property
    def id(self) -> str:
        return self.manifest.id

    def _resolve_regions(self) -> dict[str, dict[str, tuple[int, ...]]]:
        by_name = {label.name: label.id for label in self.labels.values()}
        path, lines = self.manifest.path or "", self.manifest.lines
        resolved: dict[str, dict[str, tuple[int, ...]]] = {}
        for rid, sides in self.manifest.regions.items():
            if rid not in self.region_defs:
                raise ContentError(path, lines.at("regions", rid),
                                   f"unknown teaching region {rid!r} (see atlases/regions.toml)")
            resolved[rid] = {}
            for side, names in sides.items():
                missing = [n for n in names if n not in by_name]
                if missing:
                    raise ContentError(path, lines.at("regions", rid, side, names.index(missing[0])),
                                       f"region {rid!r}: no label named {missing[0]!r} in {self.manifest.labels.name}")
                resolved[rid][side] = tuple(by_name[n] for n in names)
        return resolved

    # --- regions and groups -------------------------------------------------------------
    def label_ids_for(self, region_id: str) -> tuple[int, ...]:
        """All label ids of a teaching region, or of every member of a group."""
        region = self.region_defs.get(region_id)
        if region is not None and region.is_group:
            return self.label_ids_for_regions(region.members)
        sides = self.region_labels.get(region_id, {})
        return tuple(lid for ids in sides.values() for lid in ids)

    def label_ids_for_regions(self, region_ids: Iterable[str]) -> tuple[int, ...]:
        """The label ids of several regions or groups, each once, in the order the regions are given."""
        return tuple(dict.fromkeys(i for rid in region_ids for i in self.label_ids_for(rid)))

    def available_regions(self) -> list[RegionDef]:
        """Teaching regions and groups that have labels in this atlas, in definition order."""
        return [r for r in self.region_defs.values() if self.label_ids_for(r.id)]

    # --- geometry ----------------------------------------------------------------------
    @cached_property
    def voxel_volume_mm3(self) -> float:
        return float(abs(np.linalg.det(self.affine[:3, :3])))

    @cached_property
    def stats(self) -> dict[int, LabelStats]:
        """Centroid (MNI mm) and volume of every label present in the volume.

        One pass over the volume in slabs of a few planes: each slab's voxels are counted per
        (label, plane index) along all three axes at once, so temporaries stay a few MB.
        """
        counts, ijk_sums = self._moments if self._moments is not None else _label_moments(self.data)
        size = len(counts)
        out: dict[int, LabelStats] = {}
        for lid in self.labels:
            if lid < size and counts[lid]:
                ijk = ijk_sums[lid] / counts[lid]
                mni = self.affine[:3, :3] @ ijk + self.affine[:3, 3]
                out[lid] = LabelStats(
                    tuple(float(v) for v in mni), int(counts[lid]),
                    counts[lid] * self.voxel_volume_mm3 / 1000.0,
                )
        return out

    def centroid(self, label_ids: tuple[int, ...] | list[int]) -> tuple[float, float, float] | None:
        """Voxel-weighted centroid of several labels, in MNI mm."""
        present = [self.stats[i] for i in label_ids if i in self.stats]
        if not present:
            return None
        weights = np.array([s.voxels for s in present], dtype=float)
        points = np.array([s.centroid for s in present])
        return tuple(float(v) for v in (weights @ points) / weights.sum())

    def volume_cm3(self, label_ids: tuple[int, ...] | list[int]) -> float:
        return sum(self.stats[i].volume_cm3 for i in label_ids if i in self.stats)

    @property
    def label_count(self) -> int:
        """Labels that occupy at least one voxel (AAL3 lists 170 names, 4 of them empty)."""
        return len(self.stats)

    def count_summary(self) -> str:
        """'169 labels with voxels: 166 from the atlas, 2 cut from them by clip rules, 1 borrowed'."""
        derived = sum(1 for i in self.stats if i in self.derived)
        borrowed = sum(1 for i in self.stats if i in self.supplements)
        own = self.label_count - derived - borrowed
        text = f"{self.label_count} labels with voxels"
        if derived or borrowed:
            text += f": {own} from the atlas"
            text += f", {derived} cut from them by the manifest's clip rules" if derived else ""
            text += f", {borrowed} borrowed from another atlas" if borrowed else ""
        return text

    @cached_property
    def digest(self) -> str:
        """Hash of the label volume as loaded: the key of caches derived from it."""
        sha = hashlib.sha256(np.ascontiguousarray(self.data).tobytes())
        sha.update(np.ascontiguousarray(self.affine, dtype=np.float64).tobytes())
        sha.update("\n".join(f"{i}:{lab.name}" for i, lab in sorted(self.labels.items())).encode())
        return sha.hexdigest()[:24]

    def present_labels(self) -> list[Label]:
        """Labels that occupy at least one voxel, by id."""
        return [self.labels[i] for i in sorted(self.stats)]

    def label_at(self, x: float, y: float, z: float) -> int | None:
        """Label id at an MNI coordinate: 0 for unlabelled, None outside the volume."""
        ijk = np.linalg.solve(self.affine, np.array([x, y, z, 1.0]))[:3]
        idx = np.rint(ijk).astype(int)
        if np.any(idx < 0) or np.any(idx >= np.array(self.data.shape)):
            return None
        return int(self.data[tuple(idx)])

    def nearest_label(self, x: float, y: float, z: float, radius_mm: float = 5.0) -> int | None:
        """The most common label within `radius_mm` of a point, for coordinates on a boundary."""
        ijk = np.linalg.solve(self.affine, np.array([x, y, z, 1.0]))[:3]
        r = int(np.ceil(radius_mm / np.cbrt(self.voxel_volume_mm3)))
        lo = np.maximum(np.floor(ijk).astype(int) - r, 0)
        hi = np.minimum(np.ceil(ijk).astype(int) + r + 1, self.data.shape)
        block = self.data[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]].ravel()
        block = block[block > 0]
        return int(np.bincount(block).argmax()) if block.size else None


def _label_moments(data: np.ndarray, slab: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Voxel count and sum of (i, j, k) indices of every label value 0..max."""
    size = int(data.max()) + 1
    per_axis = [np.zeros((n, size), dtype=np.int64) for n in data.shape]
    shapes = ((-1, 1, 1), (1, -1, 1), (1, 1, -1))
    offsets = [(size * np.arange(n, dtype=np.intp)).reshape(shape) for n, shape in zip(data.shape, shapes, strict=True)]
    for start in range(0, data.shape[0], slab):
        block = data[start:start + slab].astype(np.intp)
        n = len(block)
        for axis, counted in enumerate(per_axis):
            offset = offsets[axis][:n] if axis == 0 else offsets[axis]
            rows = counted[start:start + n] if axis == 0 else counted
            rows += np.bincount((block + offset).ravel(), minlength=len(rows) * size).reshape(len(rows), size)
    sums = np.stack([np.arange(len(counted)) @ counted for counted in per_axis], axis=1).astype(np.float64)
    return per_axis[0].sum(axis=0), sums


def _drop_excluded(manifest: AtlasManifest, data: np.ndarray, labels: dict[int, Label]):
    """Leave out the labels the manifest excludes (e.g. white matter, ventricles): their voxels become 0."""
    if not manifest.exclude:
        return data, labels
    by_name = {label.name: label.id for label in labels.values()}
    for n, name in enumerate(manifest.exclude):
        if name not in by_name:
            raise ContentError(manifest.path or "", manifest.lines.at("labels", "exclude", n),
                               f"exclude: no label named {name!r} in {manifest.labels.name}")
    ids = [by_name[name] for name in manifest.exclude]
    data = np.where(np.isin(data, ids), 0, data).astype(data.dtype)
    return data, {i: lab for i, lab in labels.items() if i not in ids}


def _add_supplements(manifest, data, affine, labels):
    """Give each supplement (e.g. Talairach hypothalamus) a new label id in unlabelled voxels."""
    if not manifest.supplements:
        return data, labels, {}
    data = data.copy()
    labels = dict(labels)
    added: dict[int, Supplement] = {}
    for sup in manifest.supplements:
        source_labels = read_labels(sup.labels, sup.labels_format)
        match = [lab for lab in source_labels.values() if lab.name == sup.label]
        if not match:
            raise ContentError(manifest.path or "", None, f"supplement: no label {sup.label!r} in {sup.labels.name}")
        mask = resample_label(data.shape, affine, sup.volume, match[0].id) & (data == 0)
        new_id = max(max(labels), int(data.max())) + 1
        data[mask] = new_id
        labels[new_id] = Label(new_id, sup.label, "midline")
        added[new_id] = sup
    return data, labels, added
