"""Application state with change signals (psygnal: no Qt needed, Qt can listen)."""

from __future__ import annotations

from psygnal import Signal

from explorer.model.atlas import Atlas
from explorer.model.selection import (
    NO_FOCUS,
    Focus,
    HighlightSelection,
    LabelSelection,
    RegionSelection,
    Selection,
    TopicSelection,
    label_ids_for_regions,
    selection_for_label,
    selection_for_region,
    selection_for_topic,
    step_selection,
)

__all__ = ["AppState", "Focus", "HighlightSelection", "LabelSelection", "NO_FOCUS", "RegionSelection", "Selection",
           "TopicSelection", "label_ids_for_regions", "selection_for_label", "selection_for_region",
           "selection_for_topic", "selection_from_text", "step_selection"]

HEMISPHERE_MODES = ("both", "left", "right")


class AppState:
    """The one source of truth that the scene, the panel, the list and exports react to.

    `hemisphere_choice` is what the user picked; `hemispheres` is what is shown, which a medial
    view or a tour step may narrow for a while (`restore_hemispheres` goes back to the choice).
    """

    atlas_changed = Signal(object)
    selection_changed = Signal(object)
    hemispheres_changed = Signal(str)
    show_all_changed = Signal(bool)
    focus_changed = Signal(object)
    circuits_changed = Signal(bool)

    def __init__(self, atlas: Atlas | None = None) -> None:
        self.atlas = atlas
        self.selection: Selection | None = None
        self.hemisphere_choice = "both"
        self.hemispheres = "both"
        self.show_all = False
        self.focus = NO_FOCUS
        self.circuits = False

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
        """Show these hemispheres for now (a medial view, a tour step); the user's choice is kept."""
        if mode not in HEMISPHERE_MODES:
            raise ValueError(mode)
        if mode != self.hemispheres:
            self.hemispheres = mode
            self.hemispheres_changed.emit(mode)

    def choose_hemispheres(self, mode: str) -> None:
        """The user's choice, remembered through medial views and tours."""
        if mode not in HEMISPHERE_MODES:
            raise ValueError(mode)
        self.hemisphere_choice = mode
        self.set_hemispheres(mode)

    def restore_hemispheres(self) -> None:
        self.set_hemispheres(self.hemisphere_choice)

    def set_show_all(self, on: bool) -> None:
        if on != self.show_all:
            self.show_all = on
            self.show_all_changed.emit(on)

    def set_focus(self, focus: Focus) -> None:
        if focus != self.focus:
            self.focus = focus
            self.focus_changed.emit(focus)

    def set_circuits(self, on: bool) -> None:
        if on != self.circuits:
            self.circuits = on
            self.circuits_changed.emit(on)


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
