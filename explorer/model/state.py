"""Application state with change signals (psygnal: no Qt needed, Qt can listen)."""

from __future__ import annotations

from dataclasses import dataclass

from psygnal import Signal

from explorer.model.atlas import Atlas

HEMISPHERE_MODES = ("both", "left", "right")


@dataclass(frozen=True)
class Selection:
    """What is selected: a teaching region or group as a whole, or a single atlas label."""

    label_ids: tuple[int, ...]
    region_id: str | None = None
    clicked_label: int | None = None
    topic_id: str | None = None

    def clicked_side(self, atlas: Atlas) -> str | None:
        label = atlas.labels.get(self.clicked_label) if self.clicked_label else None
        return label.hemisphere if label else None


def selection_for_label(atlas: Atlas, label_id: int) -> Selection:
    """A click on a label selects its whole teaching region (both sides), else the label alone."""
    region_id = atlas.label_region.get(label_id)
    if region_id:
        return Selection(atlas.label_ids_for(region_id), region_id, label_id)
    return Selection((label_id,), None, label_id)


def selection_for_region(atlas: Atlas, region_id: str) -> Selection:
    """Select a teaching region or group by id (as the region list does)."""
    ids = atlas.label_ids_for(region_id)
    if not ids:
        raise KeyError(region_id)
    return Selection(ids, region_id, None)


def selection_for_topic(atlas: Atlas, topic_id: str, regions: tuple[str, ...]) -> Selection:
    """Opening a topic highlights the regions it involves (those this atlas has)."""
    return Selection(atlas.label_ids_for_regions(regions), None, None, topic_id)


class AppState:
    """The one source of truth that the window, the scene and exports read."""

    atlas_changed = Signal(object)
    selection_changed = Signal(object)
    hemispheres_changed = Signal(str)
    show_all_changed = Signal(bool)

    def __init__(self, atlas: Atlas | None = None) -> None:
        self.atlas = atlas
        self.selection: Selection | None = None
        self.hemispheres = "both"
        self.show_all = False

    def set_atlas(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.selection = None
        self.atlas_changed.emit(atlas)
        self.selection_changed.emit(None)

    def select(self, selection: Selection | None) -> None:
        if selection != self.selection:
            self.selection = selection
            self.selection_changed.emit(selection)

    def set_hemispheres(self, mode: str) -> None:
        if mode not in HEMISPHERE_MODES:
            raise ValueError(mode)
        if mode != self.hemispheres:
            self.hemispheres = mode
            self.hemispheres_changed.emit(mode)

    def set_show_all(self, on: bool) -> None:
        if on != self.show_all:
            self.show_all = on
            self.show_all_changed.emit(on)


def selection_from_text(atlas: Atlas, text: str, topics: dict[str, tuple[str, tuple[str, ...]]] | None = None
                        ) -> Selection:
    """Resolve a user's `--region` text: region id, title or alias, a topic, then an atlas label name.

    `topics` maps topic id to (title, regions it highlights).
    """
    from explorer.model.errors import ExplorerError

    needle = text.strip().lower()
    for topic_id, (title, regions) in (topics or {}).items():
        if needle in (topic_id.lower(), title.lower()):
            return selection_for_topic(atlas, topic_id, regions)
    for region in atlas.available_regions():
        names = (region.id, region.title, *region.aliases)
        if needle in (n.lower() for n in names):
            return selection_for_region(atlas, region.id)
    for label in atlas.labels.values():
        if needle in (label.name.lower(), label.full_name.lower()):
            return selection_for_label(atlas, label.id)
    choices = ", ".join(r.id for r in atlas.available_regions())
    raise ExplorerError(f"unknown region {text!r} in {atlas.manifest.name}: try one of {choices}, "
                        f"or an atlas label name (brain-explorer regions)")
