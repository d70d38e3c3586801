"""The tagged Selection, the tour step -> selection function shared with slides, and AppState's hemispheres."""

from __future__ import annotations

import pytest

from explorer.model.selection import (
    HighlightSelection,
    LabelSelection,
    RegionSelection,
    clicked_label,
    label_ids_for_regions,
    selection_for_label,
    step_focus,
    step_selection,
)
from explorer.model.state import AppState


def test_label_ids_for_regions_keeps_order_and_drops_repeats(aal3):
    amygdala, ofc = aal3.label_ids_for("amygdala"), aal3.label_ids_for("ofc")
    assert label_ids_for_regions(aal3, ["amygdala", "ofc", "amygdala"]) == amygdala + ofc
    assert label_ids_for_regions(aal3, ["no-such-region"]) == ()


def test_a_click_selects_the_whole_region_or_the_label_alone(aal3):
    left_amygdala = aal3.label_ids_for("amygdala")[0]
    selection = selection_for_label(aal3, left_amygdala)
    assert selection == RegionSelection("amygdala", aal3.label_ids_for("amygdala"), left_amygdala)
    assert clicked_label(selection) == left_amygdala
    plain = next(lab.id for lab in aal3.present_labels() if lab.id not in aal3.label_region)
    assert selection_for_label(aal3, plain) == LabelSelection(plain)
    assert LabelSelection(plain).label_ids == (plain,)


def test_tour_steps_become_the_same_selection_as_their_slides(aal3, content, regions):
    from explorer.model.paths import ANNOTATION_DIR
    from explorer.model.tours import load_tours

    tours = load_tours(ANNOTATION_DIR / "tours", set(regions), content).tours
    kinds = set()
    for tour in tours.values():
        for step in tour.steps:
            selection = step_selection(aal3, step)
            present = [r for r in step.highlight if aal3.label_ids_for(r)]
            if not present:
                assert selection is None
                continue
            assert set(selection.label_ids) == set(label_ids_for_regions(aal3, present))
            assert isinstance(selection, RegionSelection if len(step.highlight) == 1 else HighlightSelection)
            kinds.add(type(selection))
            assert step_focus(aal3, step).others == step.context_opacity
    assert kinds == {RegionSelection, HighlightSelection}  # the shipped tours use both kinds


def test_hemisphere_choice_outlives_a_narrowed_view():
    state = AppState()
    seen = []
    state.hemispheres_changed.connect(seen.append)
    state.choose_hemispheres("right")
    state.set_hemispheres("left")  # e.g. a medial-left view
    assert (state.hemisphere_choice, state.hemispheres) == ("right", "left")
    state.restore_hemispheres()
    assert state.hemispheres == "right" and seen == ["right", "left", "right"]
    with pytest.raises(ValueError):
        state.choose_hemispheres("middle")
