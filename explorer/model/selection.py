"""What is selected, as one tagged type, and the functions that turn a click, a name or a tour step into it.

Every kind carries `label_ids` (the atlas labels to highlight), so render code needs no `match`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.model.atlas import Atlas

if TYPE_CHECKING:
    from explorer.model.tours import Step


@dataclass(frozen=True)
class RegionSelection:
    """A teaching region or group as a whole; `clicked` is the label a click landed on, if any."""

    region_id: str
    label_ids: tuple[int, ...]
    clicked: int | None = None

    def clicked_side(self, atlas: Atlas) -> str | None:
        """The hemisphere of the label the click landed on (None when chosen from a list)."""
        label = atlas.labels.get(self.clicked) if self.clicked is not None else None
        return label.hemisphere if label else None


@dataclass(frozen=True)
class LabelSelection:
    """One atlas label that belongs to no teaching region."""

    label_id: int

    @property
    def label_ids(self) -> tuple[int, ...]:
        return (self.label_id,)

    def clicked_side(self, atlas: Atlas) -> str | None:
        label = atlas.labels.get(self.label_id)
        return label.hemisphere if label else None


@dataclass(frozen=True)
class TopicSelection:
    """A topic page, with the regions it involves highlighted."""

    topic_id: str
    label_ids: tuple[int, ...]


@dataclass(frozen=True)
class HighlightSelection:
    """Several regions at once with no page of their own (a tour step that highlights more than one)."""

    region_ids: tuple[str, ...]
    label_ids: tuple[int, ...]


Selection = RegionSelection | LabelSelection | TopicSelection | HighlightSelection


def clicked_label(selection: Selection | None) -> int | None:
    """The label the user clicked (to name its side), for the kinds that have one."""
    match selection:
        case RegionSelection(clicked=clicked):
            return clicked
        case LabelSelection(label_id=label_id):
            return label_id
    return None


def label_ids_for_regions(atlas: Atlas, region_ids: Iterable[str]) -> tuple[int, ...]:
    """The label ids of these regions (and groups' members), in order, each once."""
    return atlas.label_ids_for_regions(region_ids)


def selection_for_label(atlas: Atlas, label_id: int) -> Selection:
    """A click on a label selects its whole teaching region (both sides), else the label alone."""
    region_id = atlas.label_region.get(label_id)
    if region_id:
        return RegionSelection(region_id, atlas.label_ids_for(region_id), label_id)
    return LabelSelection(label_id)


def selection_for_region(atlas: Atlas, region_id: str) -> RegionSelection:
    """Select a teaching region or group by id (as the region list does)."""
    ids = atlas.label_ids_for(region_id)
    if not ids:
        raise KeyError(region_id)
    return RegionSelection(region_id, ids)


def selection_for_topic(atlas: Atlas, topic_id: str, regions: tuple[str, ...]) -> TopicSelection:
    """Opening a topic highlights the regions it involves (those this atlas has)."""
    return TopicSelection(topic_id, label_ids_for_regions(atlas, regions))


def step_selection(atlas: Atlas, step: Step) -> Selection | None:
    """What a tour step selects: the same on screen and on its exported slide."""
    present = tuple(r for r in step.highlight if atlas.label_ids_for(r))
    if not present:
        return None
    if len(step.highlight) == 1:
        return selection_for_region(atlas, present[0])
    return HighlightSelection(present, label_ids_for_regions(atlas, present))


@dataclass(frozen=True)
class Focus:
    """A tour step's emphasis: labels drawn at full strength besides the selection, and the others' opacity."""

    shown: frozenset[int] = frozenset()
    others: float | None = None  # None: the usual faint context


NO_FOCUS = Focus()


def step_focus(atlas: Atlas, step: Step) -> Focus:
    """The emphasis a tour step asks for, in this atlas's labels."""
    return Focus(frozenset(label_ids_for_regions(atlas, step.show)), step.context_opacity)
