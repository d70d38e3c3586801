"""Atlas manifests: where an atlas's volume and labels come from, its licence, its regions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.locations import Lines, validate
from explorer.model.paths import resolve_source
from explorer.model.tomlfile import read_toml, toml_lines

HEMISPHERES = ("left", "right", "midline")


@dataclass(frozen=True)
class Supplement:
    """A label borrowed from another atlas (e.g. Talairach's hypothalamus), resampled in."""

    region: str
    volume: Path
    labels: Path
    labels_format: str
    label: str
    note: str


@dataclass(frozen=True)
class AtlasManifest:
    """Everything the app needs to know about one atlas, read from a TOML file."""

    id: str
    name: str
    path: Path | None
    volume: Path
    volume_kind: str  # "labels" | "probabilistic"
    labels: Path
    labels_format: str
    licence: str
    credit: str
    url: str = ""
    threshold: int = 25
    regions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    supplements: tuple[Supplement, ...] = ()
    lines: Lines = field(default_factory=Lines, compare=False, repr=False)  # line of each key in the file

    @property
    def id_offset(self) -> int:
        """4D probabilistic atlases index volumes from 0; label value 0 is background."""
        return 1 if self.volume_kind == "probabilistic" else 0


def load_manifest(path: Path) -> AtlasManifest:
    """Read and check one manifest; raise ContentError naming the file and line."""
    from explorer.model.schema import ManifestFile

    data, text = read_toml(path)
    lines = toml_lines(text)
    m = validate(ManifestFile, data, path, lines)
    base = Path(path).parent
    return AtlasManifest(
        id=m.id,
        name=m.name,
        path=Path(path),
        volume=resolve_source(m.volume.path, base),
        volume_kind=m.volume.kind,
        threshold=m.volume.threshold,
        labels=resolve_source(m.labels.path, base),
        labels_format=m.labels.format,
        licence=m.licence.name,
        credit=m.licence.credit,
        url=m.licence.url,
        regions={rid: {side: tuple(getattr(sides, side)) for side in HEMISPHERES if side in sides.model_fields_set}
                 for rid, sides in m.regions.items()},
        supplements=tuple(Supplement(s.region, resolve_source(s.volume, base), resolve_source(s.labels, base),
                                     s.labels_format, s.label, s.note) for s in m.supplements),
        lines=lines,
    )


def manifest_for_files(volume: Path, labels: Path) -> AtlasManifest:
    """An ad-hoc manifest for a user's label NIfTI plus BIDS dseg.tsv."""
    return AtlasManifest(
        id=volume.name.split(".")[0],
        name=f"User atlas: {volume.name}",
        path=None,
        volume=volume,
        volume_kind="labels",
        labels=labels,
        labels_format="bids",
        licence="supplied by the user",
        credit=f"Atlas from {volume.name}",
    )
