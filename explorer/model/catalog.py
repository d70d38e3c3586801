"""Find atlas manifests, and turn a --atlas argument (id, manifest or NIfTI) into a manifest."""

from __future__ import annotations

from pathlib import Path

from explorer.model.errors import ContentError, ExplorerError, Problem
from explorer.model.manifest import AtlasManifest, load_manifest, manifest_for_files
from explorer.model.paths import ATLAS_DIR

DEFAULT_ATLAS = "aal3"
NOT_MANIFESTS = {"regions.toml"}


_found: dict[Path, tuple[tuple, dict[str, AtlasManifest], list[Problem]]] = {}


def discover(directory: Path = ATLAS_DIR) -> tuple[dict[str, AtlasManifest], list[Problem]]:
    """Every readable manifest by id, and a problem for each broken one (which is skipped).

    Read again only when a manifest file is added, removed or changed: every region panel asks
    (the atlas agreement), and parsing and validating the TOML each time cost ~6 ms a click.
    """
    paths = [p for p in sorted(Path(directory).glob("*.toml")) if p.name not in NOT_MANIFESTS]
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    cached = _found.get(Path(directory))
    if cached is None or cached[0] != stamp:
        manifests: dict[str, AtlasManifest] = {}
        problems: list[Problem] = []
        for path in paths:
            try:
                manifest = load_manifest(path)
            except ContentError as exc:
                problems.append(exc.problem)
                continue
            manifests[manifest.id] = manifest
        cached = _found[Path(directory)] = (stamp, manifests, problems)
    return dict(cached[1]), list(cached[2])  # copies: callers may add a user's atlas


def resolve(arg: str | None, manifests: dict[str, AtlasManifest]) -> AtlasManifest:
    """An atlas id, a manifest path, or a label NIfTI with a BIDS dseg.tsv beside it."""
    if arg is None:
        arg = DEFAULT_ATLAS if DEFAULT_ATLAS in manifests else next(iter(manifests), None)
        if arg is None:
            raise ExplorerError("no usable atlas manifest in atlases/")
    if arg in manifests:
        return manifests[arg]
    path = Path(arg).expanduser()
    if not path.exists():
        known = ", ".join(sorted(manifests)) or "none"
        raise ExplorerError(f"unknown atlas {arg!r}: give an atlas id ({known}) or a file path")
    if path.suffix == ".toml":
        return load_manifest(path)
    if path.name.endswith((".nii", ".nii.gz")):
        return manifest_for_files(path, _dseg_beside(path))
    raise ExplorerError(f"{path}: expected a .toml manifest or a .nii/.nii.gz label image")


def _dseg_beside(volume: Path) -> Path:
    stem = volume.name.removesuffix(".gz").removesuffix(".nii")
    candidates = [volume.with_name(f"{stem}.tsv"), volume.with_name(f"{stem.removesuffix('_dseg')}_dseg.tsv"),
                  volume.with_name("dseg.tsv")]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise ExplorerError(f"{volume}: no label table found; put a BIDS dseg.tsv next to it ({candidates[0].name})")
