"""Atlas manifests: where an atlas's volume and labels come from, its licence, its regions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.locations import Lines, validate
from explorer.model.paths import resolve_source
from explorer.model.tomlfile import read_toml, toml_lines

HEMISPHERES = ("left", "right", "midline")
CLIP_KEYS = ("x_min", "x_max", "y_min", "y_max", "z_min", "z_max")


@dataclass(frozen=True)
class Supplement:
    """A label borrowed from another atlas (e.g. Talairach's hypothalamus), resampled in."""

    region: str
    volume: Path
    labels: Path
    labels_format: str
    label: str
    note: str
    volume_note: str = ""  # shown beside the volume, e.g. "several times too small"


@dataclass(frozen=True)
class DerivedLabel:
    """The part of an atlas label inside a box in MNI mm (e.g. the ventral precentral gyrus).

    Made at load time: the voxels of `source` inside the box get a new label `name`;
    the rest keep `source`.
    """

    name: str
    source: str
    clip: tuple[tuple[str, float], ...]  # (key, mm) pairs, keys from CLIP_KEYS, bounds inclusive
    note: str = ""
    line: int | None = None

    def rule(self) -> str:
        """The clip as readable text: 'z ≤ 40 mm'."""
        parts = [f"{key[0]} {'≥' if key.endswith('min') else '≤'} {value:g} mm" for key, value in self.clip]
        return ", ".join(parts)


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
    short: str = ""  # short name for sentences: "AAL3", "Harvard-Oxford"
    threshold: int = 25
    regions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    supplements: tuple[Supplement, ...] = ()
    derived: tuple[DerivedLabel, ...] = ()
    region_notes: dict[str, str] = field(default_factory=dict)  # shown in the panel's "Where it is"
    absent: dict[str, str] = field(default_factory=dict)  # region id -> why this atlas has no labels for it
    checksums: dict[str, str] = field(default_factory=dict)  # "volume"/"labels" -> SHA-256 of the shipped file
    exclude: tuple[str, ...] = ()  # label names left out: their voxels count as unlabelled
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
        short=m.short,
        regions={rid: {side: tuple(getattr(sides, side)) for side in HEMISPHERES if side in sides.model_fields_set}
                 for rid, sides in m.regions.items() if not sides.absent},
        supplements=tuple(Supplement(s.region, resolve_source(s.volume, base), resolve_source(s.labels, base),
                                     s.labels_format, s.label, _words(s.note), _words(s.volume_note))
                          for s in m.supplements),
        derived=tuple(DerivedLabel(d.name, d.source, tuple((k, float(d.clip[k])) for k in CLIP_KEYS if k in d.clip),
                                   _words(d.note), lines.at("derived", n, "name")) for n, d in enumerate(m.derived)),
        region_notes={rid: _words(sides.note) for rid, sides in m.regions.items() if sides.note},
        absent={rid: _words(sides.absent) for rid, sides in m.regions.items() if sides.absent},
        exclude=tuple(m.labels.exclude),
        checksums={key: table.sha256 for key, table in (("volume", m.volume), ("labels", m.labels)) if table.sha256},
        lines=lines,
    )


def _words(text: str) -> str:
    """Fold the line breaks of a TOML multi-line string."""
    return " ".join(text.split())


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
