"""How far two atlases agree on a teaching region, counted voxel by voxel on one MNI grid.

Both label volumes are resampled (nearest neighbour) to the MNI152 1 mm grid; one table of
voxel counts per (label in atlas A, label in atlas B) then answers every region's question:
how much of A's region lies inside B's, and which B labels take the rest. The table is kept
in memory and in the user's cache, keyed by both volumes' digests.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from explorer.model import atlas_cache, coordinates
from explorer.model.atlas import Atlas
from explorer.model.manifest import AtlasManifest
from explorer.model.paths import atomic_write, cache_dir

# The MNI152 1 mm grid (the grid of FSL's and SPM's 1 mm templates, and of AAL3).
COMMON_SHAPE = (181, 217, 181)
COMMON_AFFINE = np.array([[1.0, 0, 0, -90], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]])
NO_LABEL = "no label"
POLL_S = 0.1  # how often a running count looks at its cancel flag
OTHERS = "other labels"

_tables: dict[tuple[str, str], np.ndarray] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Overlap:
    """How much of one atlas's region lies inside another atlas's version of it."""

    source: str  # short atlas name, e.g. "AAL3"
    target: str
    voxels: int  # size of the source region on the common grid (1 voxel = 1 mm³)
    inside: float  # fraction of the source region inside the target's region
    rest: tuple[tuple[str, float], ...]  # (target label name or NO_LABEL, fraction), biggest first
    borrowed: str = ""  # the source volume, when the source region is wholly a borrowed supplement


def short_name(atlas: Atlas) -> str:
    """'AAL3', 'Harvard-Oxford': the manifest's `short`, else its name up to a bracket."""
    return atlas.manifest.short or atlas.manifest.name.split(" (")[0]


def on_common_grid(atlas: Atlas) -> np.ndarray:
    """The atlas's label volume on the MNI152 1 mm grid (nearest neighbour, 0 outside)."""
    if atlas.data.shape == COMMON_SHAPE and np.allclose(atlas.affine, COMMON_AFFINE):
        return atlas.data
    import nibabel as nib  # deferred: only needed the first time a table is built
    from nibabel.processing import resample_from_to

    img = nib.Nifti1Image(atlas.data, atlas.affine)
    out = resample_from_to(img, (COMMON_SHAPE, COMMON_AFFINE), order=0, mode="constant", cval=0)
    return np.rint(np.asarray(out.dataobj)).astype(atlas.data.dtype)


def count_table(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """counts[i, j] = voxels labelled i in `a` and j in `b` (same grid); voxels empty in both are skipped."""
    size_a, size_b = int(a.max()) + 1, int(b.max()) + 1
    either = (a > 0) | (b > 0)
    pairs = a[either].astype(np.int64) * size_b + b[either]
    return np.bincount(pairs, minlength=size_a * size_b).reshape(size_a, size_b)


def crosstab(a: Atlas, b: Atlas) -> np.ndarray:
    """Voxel counts per (label of a, label of b) on the common grid; cached in memory and on disk."""
    key = (a.digest, b.digest)
    with _lock:
        if key in _tables:
            return _tables[key]
        if key[::-1] in _tables:
            return _tables[key[::-1]].T
        path = cache_dir() / f"agreement-{a.digest}-{b.digest}.npy"
        table = _read(path)
        if table is None:
            table = count_table(on_common_grid(a), on_common_grid(b))
            with contextlib.suppress(OSError):  # a read-only cache only costs recomputing next time
                atomic_write(path, lambda tmp: _write(tmp, table))
        _tables[key] = table
        return table


def _read(path: Path) -> np.ndarray | None:
    if not path.exists():
        return None
    try:
        return np.load(path, allow_pickle=False)
    except Exception:  # a damaged cache file is rebuilt
        return None


def _write(tmp: Path, table: np.ndarray) -> None:
    with open(tmp, "wb") as fh:
        np.save(fh, table)


def overlap(a: Atlas, b: Atlas, region_id: str, table: np.ndarray | None = None, top: int = 3) -> Overlap | None:
    """How much of a's region lies inside b's, and the b labels that take the rest (merged over sides)."""
    ids_a, ids_b = list(a.label_ids_for(region_id)), set(b.label_ids_for(region_id))
    if not ids_a or not ids_b:
        return None
    table = crosstab(a, b) if table is None else table
    row = table[[i for i in ids_a if i < table.shape[0]]].sum(axis=0)
    total = int(row.sum())
    if total == 0:
        return None
    inside = sum(int(row[j]) for j in ids_b if j < len(row))
    rest: dict[str, int] = {}
    for j in np.nonzero(row)[0]:
        if int(j) in ids_b:
            continue
        name = b.labels[int(j)].display if int(j) in b.labels else NO_LABEL
        rest[name] = rest.get(name, 0) + int(row[j])
    ranked = sorted(rest.items(), key=lambda item: -item[1])
    shown = tuple((name, count / total) for name, count in ranked[:top])
    others = sum(count for _name, count in ranked[top:])
    if others:
        shown += ((OTHERS, others / total),)
    return Overlap(short_name(a), short_name(b), total, inside / total, shown, _borrowed(a, ids_a))


def _borrowed(atlas: Atlas, ids: list[int]) -> str:
    """The file a region is borrowed from, if every one of its labels is a supplement."""
    sources = {atlas.supplements[i].volume.name for i in ids if i in atlas.supplements}
    return sources.pop() if len(sources) == 1 and all(i in atlas.supplements for i in ids) else ""


_others: dict[tuple[str, int], Atlas] = {}
_load_lock = threading.Lock()


def other_atlases(atlas: Atlas, region_id: str | None = None,
                  cancel: threading.Event | None = None) -> tuple[list[Atlas], list[str]]:
    """The other shipped atlases that map `region_id` (all of them for None), loaded on first use and
    kept; and load errors. Setting `cancel` stops before the next atlas is loaded (quitting waits for
    one load at most) and returns what is loaded so far."""
    from explorer.model.catalog import discover
    from explorer.model.errors import ExplorerError

    manifests, _problems = discover()
    found: list[Atlas] = []
    errors: list[str] = []
    for manifest in manifests.values():
        if manifest.id == atlas.id or manifest.path is None:
            continue
        if region_id is not None and region_id not in manifest.regions:
            continue
        if cancel is not None and cancel.is_set():
            break
        key = (str(manifest.path), manifest.path.stat().st_mtime_ns)
        with _load_lock:
            if key not in _others:
                try:
                    _others[key] = Atlas.load(manifest, atlas.region_defs)
                except ExplorerError as exc:
                    errors.append(f"{manifest.name}: {exc}")
                    continue
        found.append(_others[key])
    return found, errors


def agreements(atlas: Atlas, region_id: str) -> tuple[list[tuple[Overlap, Overlap]], list[str]]:
    """For each other atlas: (this atlas's region inside the other's, the other's inside this one's)."""
    if not atlas.label_ids_for(region_id):
        return [], []
    others, errors = other_atlases(atlas, region_id)
    pairs = []
    for other in others:
        table = crosstab(atlas, other)
        forward = overlap(atlas, other, region_id, table)
        backward = overlap(other, atlas, region_id, table.T)
        if forward and backward:
            pairs.append((forward, backward))
    return pairs, errors


_warm: set[str] = set()  # atlases (by digest) whose tables are all built in this process
_pending: set[str] = set()  # atlases whose tables a background thread is building now


def begin_warm_up(atlas: Atlas) -> bool:
    """Claim the warm-up of `atlas` for a background thread; False if it is done or already running.

    While it runs, `pending(atlas)` is true and the panel says the numbers are being counted instead
    of blocking the window for the seconds a first count takes (the other atlas may need loading).
    """
    with _lock:
        if atlas.digest in _warm or atlas.digest in _pending:
            return False
        _pending.add(atlas.digest)
        return True


def pending(atlas: Atlas) -> bool:
    return atlas.digest in _pending


def prepare_in_child(atlas: Atlas, cancel: threading.Event | None = None) -> None:
    """Do the first-time heavy work in a spawned process: loading the other atlases (reducing
    Harvard-Oxford's 4D probabilities takes over 500 MB) and counting the tables. The results land
    in the user's cache, and the memory goes back to the system when the process ends.

    Setting `cancel` ends the process within POLL_S (files are written atomically, so a killed
    process leaves no partial table)."""
    from multiprocessing import get_context  # deferred: multiprocessing is not needed at start-up

    others = _other_manifests(atlas)
    if not others:
        return
    process = get_context("spawn").Process(target=_prepare, args=(atlas.manifest, others, atlas.region_defs),
                                           name="agreement-count", daemon=True)
    process.start()
    while process.exitcode is None:
        if cancel is not None and cancel.wait(POLL_S):
            process.terminate()
        process.join(POLL_S)


def _prepare(manifest, others, regions) -> None:
    """In the child: every table of `manifest`'s atlas against the others (a failure costs only speed:
    the parent counts what is missing)."""
    with contextlib.suppress(Exception):
        atlas = Atlas.load(manifest, regions)
        for other in others:
            crosstab(atlas, Atlas.load(other, regions))


def _other_manifests(atlas: Atlas) -> list[AtlasManifest]:
    """The shipped atlases the warm-up counts `atlas` against (those sharing a teaching region with it)."""
    from explorer.model.catalog import discover

    manifests, _problems = discover()
    return [m for m in manifests.values() if m.id != atlas.id and m.path is not None
            and any(region_id in m.regions for region_id in atlas.region_labels)]


def _ready_path(atlas: Atlas, others: list[AtlasManifest]) -> Path | None:
    """Where a finished warm-up of `atlas` against these atlases is recorded. The key needs no other atlas
    loaded: their atlas-cache keys cover each manifest's rules and input files (path, size, mtime)."""
    try:
        keys = sorted((m.id, atlas_cache.key(m)) for m in others)
    except OSError:
        return None
    digest = hashlib.sha256(repr(keys).encode()).hexdigest()[:24]
    return cache_dir() / f"agreement-ready-{atlas.digest}-{digest}.json"


def tables_on_disk(atlas: Atlas) -> bool:
    """Are all of `atlas`'s tables, and the other atlases' resolved volumes, in the cache already?
    Then the warm-up only reads files, and needs no child process."""
    others = _other_manifests(atlas)
    path = _ready_path(atlas, others)
    try:
        digests = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return False
    if not isinstance(digests, dict) or set(digests) != {m.id for m in others}:
        return False
    tables = (cache_dir() / f"agreement-{atlas.digest}-{digests[m.id]}.npy" for m in others)
    volumes = (atlas_cache.cache_path(m) for m in others)
    return all(p is not None and p.exists() for p in (*tables, *volumes))


def _record_ready(atlas: Atlas) -> None:
    """Note that every table of `atlas` is counted and cached (a failure to write costs the next start a child)."""
    others = {o.id: o for o in other_atlases(atlas)[0]}
    manifests = _other_manifests(atlas)
    path = _ready_path(atlas, manifests)
    if path is None or any(m.id not in others for m in manifests):
        return
    text = json.dumps({m.id: others[m.id].digest for m in manifests}, indent=1)
    with contextlib.suppress(OSError):
        atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def warm_up(atlas: Atlas, in_child: bool = True, cancel: threading.Event | None = None) -> bool:
    """Build the tables against every other atlas now (e.g. in a worker thread), not on first click,
    and those atlases' region trees (the panel's study peaks are looked up in each: about 0.1 s an atlas).

    Setting `cancel` (e.g. when the window closes) stops it between tables, and kills the child
    process; the result is then False and a later warm-up starts again."""
    try:
        cached = tables_on_disk(atlas)  # e.g. every start after the first: only files to read
        if in_child and not cached:
            # A child that cannot start or fails costs only speed: the counts below then run here.
            with contextlib.suppress(Exception):
                prepare_in_child(atlas, cancel)
        stopped = cancel.is_set if cancel is not None else lambda: False
        for region_id in atlas.region_labels:
            if stopped():
                return False
            for other in other_atlases(atlas, region_id)[0]:
                if stopped():
                    return False
                crosstab(atlas, other)
        for other in other_atlases(atlas)[0]:  # the panel then says where each study peak lies in them
            if stopped():
                return False
            coordinates.prepare(other)
        if not cached:
            _record_ready(atlas)
        _warm.add(atlas.digest)
        return True
    finally:
        _pending.discard(atlas.digest)
