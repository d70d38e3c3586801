"""Markdown to plain text from markdown-it tokens, and one helper for the label ids of regions."""

from __future__ import annotations

from explorer.model.figure_text import plain_words
from explorer.model.markup import html_to_plain, markdown_section, markdown_to_plain
from explorer.model.selection import HighlightSelection, RegionSelection, step_focus, step_selection
from explorer.model.tours import Step

BODY = """Intro that is not plain words.

## In plain words
It costs 5 * 3 > 10 points, *really*, see [the ACC](region:acc) and `x_y`.
![a slice](slice.png)
Second line of the same paragraph.

### A sub-heading stays in the section
Still here: C# and snake_case_names.

## Next section
Not included.
"""


def test_plain_words_keeps_prose_symbols_and_drops_only_markup():
    assert plain_words(BODY) == ("It costs 5 * 3 > 10 points, really, see the ACC and x_y. Second line of the same "
                                 "paragraph. A sub-heading stays in the section Still here: C# and snake_case_names.")


def test_section_and_plain_text_helpers():
    assert markdown_section(BODY, "next section").strip() == "Not included."
    assert markdown_section(BODY, "Missing") is None
    assert markdown_to_plain("No heading, **bold** and a [link](https://x.org).") == "No heading, bold and a link."
    assert plain_words("Just a body with _no_ sections.") == "Just a body with no sections."
    assert html_to_plain("Siegel &amp; Drulis <i>(2023)</i>, in <a href='x'>doc</a> &lt;1&gt;") == \
        "Siegel & Drulis (2023), in doc <1>"


def test_label_ids_for_regions_is_the_ordered_union(aal3):
    ids = aal3.label_ids_for_regions(["ofc", "acc", "ofc", "not-a-region"])
    assert ids == aal3.label_ids_for("ofc") + aal3.label_ids_for("acc")
    members = aal3.region_defs["social-brain-network"].members
    assert aal3.label_ids_for("social-brain-network") == aal3.label_ids_for_regions(members)
    assert len(set(ids)) == len(ids) and aal3.label_ids_for_regions([]) == ()


def test_a_step_selects_the_same_labels_wherever_it_is_shown(aal3):
    step = Step("t", "default", None, ("ofc", "acc"), ("amygdala",), 0.2, "both", "", (), ())
    selection = step_selection(aal3, step)
    assert isinstance(selection, HighlightSelection)
    assert selection.label_ids == aal3.label_ids_for_regions(["ofc", "acc"])
    single = step_selection(aal3, Step("t", "default", None, ("acc",), (), None, "both", "", (), ()))
    assert isinstance(single, RegionSelection)
    assert (single.region_id, single.label_ids) == ("acc", aal3.label_ids_for("acc"))
    focus = step_focus(aal3, step)
    assert (focus.shown, focus.others) == (frozenset(aal3.label_ids_for("amygdala")), 0.2)
    assert step_selection(aal3, Step("t", "default", None, (), (), None, "both", "", (), ())) is None
