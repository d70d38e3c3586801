"""Atlas manifests: where an atlas's volume and labels come from, its licence, its regions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.errors import ContentError
from explorer.model.paths import resolve_source
from explorer.model.tomlfile import line_of, read_toml

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

    regions, notes = _regions(data, text, path)
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
        short=str(data.get("short", "")),
        regions=regions,
        supplements=_supplements(data, text, path, base),
        derived=_derived(data, text, path),
        region_notes=notes,
    )


def _need(path: Path, text: str, table: dict, key: str, where: str) -> object:
    if key not in table:
        raise ContentError(path, line_of(text, f"[[{where}]]"), f"missing required key {where}.{key}")
    return table[key]


def _regions(data: dict, text: str, path: Path) -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, str]]:
    """Label names per side for each teaching region, and each region's optional `note`."""
    regions: dict[str, dict[str, tuple[str, ...]]] = {}
    notes: dict[str, str] = {}
    for rid, sides in data.get("regions", {}).items():
        if not isinstance(sides, dict) or not set(sides) <= {*HEMISPHERES, "note"}:
            raise ContentError(path, line_of(text, f"[regions.{rid}]"),
                               f"region {rid!r} must list labels under left/right/midline (and may have a note)")
        if "note" in sides:
            notes[rid] = " ".join(str(sides["note"]).split())
        regions[rid] = {side: tuple(names) for side, names in sides.items() if side != "note"}
    return regions, notes


def _supplements(data: dict, text: str, path: Path, base: Path) -> tuple[Supplement, ...]:
    out = []
    for s in data.get("supplements", []):
        out.append(Supplement(
            region=str(_need(path, text, s, "region", "supplements")),
            volume=resolve_source(str(_need(path, text, s, "volume", "supplements")), base),
            labels=resolve_source(str(_need(path, text, s, "labels", "supplements")), base),
            labels_format=str(s.get("labels_format", "csv")),
            label=str(_need(path, text, s, "label", "supplements")),
            note=" ".join(str(s.get("note", "")).split()),
            volume_note=" ".join(str(s.get("volume_note", "")).split()),
        ))
    return tuple(out)


def _derived(data: dict, text: str, path: Path) -> tuple[DerivedLabel, ...]:
    """`[[derived]]` tables: name, from (an atlas label), clip = {z_max = 40, ...}, note."""
    out = []
    for entry in data.get("derived", []):
        name = str(_need(path, text, entry, "name", "derived"))
        line = line_of(text, f'name = "{name}"')
        source = str(_need(path, text, entry, "from", "derived"))
        clip = _need(path, text, entry, "clip", "derived")
        if not isinstance(clip, dict) or not clip or not set(clip) <= set(CLIP_KEYS):
            raise ContentError(path, line, f"derived label {name!r}: clip needs keys from {', '.join(CLIP_KEYS)}")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in clip.values()):
            raise ContentError(path, line, f"derived label {name!r}: clip values must be numbers (MNI mm)")
        pairs = tuple((key, float(clip[key])) for key in CLIP_KEYS if key in clip)
        out.append(DerivedLabel(name, source, pairs, " ".join(str(entry.get("note", "")).split()), line))
    return tuple(out)


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
