"""Atlas manifests: where an atlas's volume and labels come from, its licence, its regions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.errors import ContentError
from explorer.model.paths import resolve_source
from explorer.model.tomlfile import line_of, read_toml

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

    @property
    def id_offset(self) -> int:
        """4D probabilistic atlases index volumes from 0; label value 0 is background."""
        return 1 if self.volume_kind == "probabilistic" else 0


def load_manifest(path: Path) -> AtlasManifest:
    """Read and check one manifest; raise ContentError naming the file and line."""
    data, text = read_toml(path)
    base = Path(path).parent

    def need(table: dict, key: str, where: str) -> object:
        if key not in table:
            raise ContentError(path, line_of(text, f"[{where}]") if where else None,
                               f"missing required key {where + '.' if where else ''}{key}")
        return table[key]

    volume = need(data, "volume", "")
    labels = need(data, "labels", "")
    licence = need(data, "licence", "")
    if not all(isinstance(t, dict) for t in (volume, labels, licence)):
        raise ContentError(path, None, "volume, labels and licence must be tables")
    kind = str(volume.get("kind", "labels"))
    if kind not in ("labels", "probabilistic"):
        raise ContentError(path, line_of(text, "kind"), f"volume.kind must be labels or probabilistic, not {kind!r}")

    regions: dict[str, dict[str, tuple[str, ...]]] = {}
    for rid, sides in data.get("regions", {}).items():
        if not isinstance(sides, dict) or not set(sides) <= set(HEMISPHERES):
            raise ContentError(path, line_of(text, f"[regions.{rid}]"),
                               f"region {rid!r} must list labels under left/right/midline")
        regions[rid] = {side: tuple(names) for side, names in sides.items()}

    supplements = tuple(
        Supplement(
            region=str(need(s, "region", "supplements")),
            volume=resolve_source(str(need(s, "volume", "supplements")), base),
            labels=resolve_source(str(need(s, "labels", "supplements")), base),
            labels_format=str(s.get("labels_format", "csv")),
            label=str(need(s, "label", "supplements")),
            note=str(s.get("note", "")),
        )
        for s in data.get("supplements", [])
    )
    return AtlasManifest(
        id=str(need(data, "id", "")),
        name=str(need(data, "name", "")),
        path=Path(path),
        volume=resolve_source(str(need(volume, "path", "volume")), base),
        volume_kind=kind,
        threshold=int(volume.get("threshold", 25)),
        labels=resolve_source(str(need(labels, "path", "labels")), base),
        labels_format=str(labels.get("format", "csv")),
        licence=str(need(licence, "name", "licence")),
        credit=str(need(licence, "credit", "licence")),
        url=str(licence.get("url", "")),
        regions=regions,
        supplements=supplements,
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
