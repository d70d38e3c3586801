"""The shape of every content file, as pydantic models: pages' front matter, tours, circuits, atlas TOML.

Only the shape is checked here (keys, types, allowed words). Whether a region, reference or
quote exists is checked by the loaders, which know the atlas and the sources. Imported
lazily by the loaders, so start-up does not pay for pydantic until content is read.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, RootModel, model_validator

from explorer.model.annotations import BROUGHT_IN_BY, EVIDENCE
from explorer.model.circuits import LINK_KINDS
from explorer.model.manifest import CLIP_KEYS
from explorer.model.views import VIEW_NAMES

KINDS = ("region", "group", "topic")


def _none_is_empty(value: Any) -> Any:
    """`key:` with nothing after it means an empty list."""
    return [] if value is None else value


def _none_is_blank(value: Any) -> Any:
    return "" if value is None else value


Text = Annotated[str, BeforeValidator(_none_is_blank)]
Required = Annotated[str, Field(min_length=1)]
Names = Annotated[list[str], BeforeValidator(_none_is_empty)]
Vector = tuple[float, float, float]


class Strict(BaseModel):
    """Unknown keys are errors (a typo would otherwise be ignored); numbers may stand for names."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True)


class QuoteEntry(Strict):
    text: Required
    source: Required
    cites: str | None = None
    refs: Names = []
    note: str | None = None
    context: str | None = None


class FindingEntry(Strict):
    ref: Required
    evidence: Literal[EVIDENCE]  # type: ignore[valid-type]
    source: Literal[BROUGHT_IN_BY] = "app"  # type: ignore[valid-type]
    text: Required


class PeakEntry(Strict):
    """A peak coordinate a study reports, checked against the paper or a page that quotes it."""

    xyz: Vector  # [x, y, z] in mm, as the paper prints it
    space: Literal["MNI", "TAL"]  # Talairach peaks are converted with icbm2tal (Lancaster et al., 2007)
    ref: Required  # a key in references.bib
    table: Required  # where in the paper: "Table 1", "Figure 2 legend", "Results, p. 291"
    label: Text = ""  # what the paper calls the place, e.g. "dorsal ACC"
    verified: Required  # where the numbers were checked, with a URL


class FrontMatter(Strict):
    """An annotation page's YAML front matter."""

    id: Required
    kind: Literal[KINDS]  # type: ignore[valid-type]
    title: Required
    aliases: Names = []
    regions: Names = []
    summary: Text = ""
    quotes: Annotated[list[QuoteEntry], BeforeValidator(_none_is_empty)] = []
    findings: Annotated[list[FindingEntry], BeforeValidator(_none_is_empty)] = []
    peaks: Annotated[list[PeakEntry], BeforeValidator(_none_is_empty)] = []
    references: Names = []
    links: Names = []
    atlas_notes: Text = ""
    approximate: bool = False
    images: Any = None


class Camera(Strict):
    position: Vector
    focal_point: Vector
    up: Vector


class StepEntry(Strict):
    title: Required
    view: Literal[VIEW_NAMES] = "default"  # type: ignore[valid-type]
    camera: Camera | None = None
    highlight: Names = []
    show: Names = []
    context_opacity: Annotated[float, Field(ge=0, le=1)] | None = None
    hemispheres: Literal["both", "left", "right"] = "both"
    text: Text = ""
    quotes: Annotated[list[QuoteEntry], BeforeValidator(_none_is_empty)] = []
    references: Names = []


class TourFile(Strict):
    title: Text = ""
    description: Text = ""
    steps: Annotated[list[StepEntry], Field(min_length=1)]


class LinkEntry(Strict):
    model_config = ConfigDict(populate_by_name=True)

    a: Required = Field(alias="from")
    b: Required = Field(alias="to")
    caption: Text = ""
    quote: Text = ""  # the verbatim sentence (required for a named-together link)
    source: Text = ""
    cites: str | None = None
    kind: Literal[LINK_KINDS] = "named-together"  # type: ignore[valid-type]
    ref: str | None = None


class CircuitsFile(Strict):
    links: Annotated[list[LinkEntry], BeforeValidator(_none_is_empty)] = []


# --- atlas manifests (TOML) ---------------------------------------------------------------

def _sha256(value: str) -> str:
    if value and not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError(f"{value!r} is not a SHA-256 checksum (64 lower-case hex digits)")
    return value


Checksum = Annotated[str, AfterValidator(_sha256)]


class VolumeTable(Strict):
    path: Required
    kind: Literal["labels", "probabilistic"] = "labels"
    threshold: int = 25
    sha256: Checksum = ""  # of the file as shipped; tests compare it with the installed file


class LabelsTable(Strict):
    path: Required
    format: Required = "csv"
    sha256: Checksum = ""
    exclude: list[str] = []  # labels the app leaves out (their voxels count as unlabelled)


class LicenceTable(Strict):
    name: Required
    credit: Required
    url: str = ""


class SupplementTable(Strict):
    region: Required
    volume: Required
    labels: Required
    labels_format: Required = "csv"
    label: Required
    note: str = ""
    volume_note: str = ""  # shown beside the volume, e.g. "several times too small"


class Sides(Strict):
    """The atlas labels that make up one teaching region, by hemisphere, and a note for the panel."""

    left: list[str] = []
    right: list[str] = []
    midline: list[str] = []
    note: str = ""
    absent: str = ""  # why this atlas has no labels for the region (then it must list none)

    @model_validator(mode="after")
    def _absent_means_no_labels(self) -> Sides:
        if self.absent and (self.left or self.right or self.midline):
            raise ValueError("a region marked `absent` cannot also list labels")
        return self


class DerivedTable(Strict):
    """`[[derived]]`: the part of label `from` inside a box in MNI mm becomes label `name`."""

    model_config = ConfigDict(populate_by_name=True)

    name: Required
    source: Required = Field(alias="from")
    clip: Annotated[dict[Literal[CLIP_KEYS], float], Field(min_length=1)]  # type: ignore[valid-type]
    note: str = ""


class ManifestFile(Strict):
    id: Required
    name: Required
    volume: VolumeTable
    labels: LabelsTable
    licence: LicenceTable
    short: str = ""  # short name for sentences: "AAL3", "Harvard-Oxford"
    regions: dict[str, Sides] = {}
    supplements: list[SupplementTable] = []
    derived: list[DerivedTable] = []


# --- teaching regions (atlases/regions.toml) ------------------------------------------------

def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"{value!r} is not a colour written #RRGGBB")
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class RegionEntry(Strict):
    title: Required
    color: Colour
    vivid: Colour | None = None
    aliases: list[str] = []
    core: bool = False
    members: list[str] = []
    approximate: bool = False
    view: Literal[VIEW_NAMES] = "default"  # type: ignore[valid-type]


RegionsFile = RootModel[dict[str, RegionEntry]]
