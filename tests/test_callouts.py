"""Callout layout is a pure function: no overlaps, always inside the image (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.render.callouts import Box, LayoutError, layout_callouts


@st.composite
def scenes(draw):
    width = draw(st.integers(200, 8000))
    height = draw(st.integers(200, 5000))
    n = draw(st.integers(0, 14))
    anchors, sizes = {}, {}
    for i in range(n):
        anchors[f"r{i}"] = (draw(st.floats(0, width)), draw(st.floats(0, height)))
        sizes[f"r{i}"] = (draw(st.floats(10, width / 2.5)), draw(st.floats(8, max(9, height / 6))))
    return width, height, anchors, sizes


def two_columns_fit(heights: list[float], room: float, gap: float) -> bool:
    """Oracle, by brute force: can the boxes be shared between two columns of `room` px at all?"""
    h = np.asarray(heights, dtype=float)
    if not len(h):
        return True
    masks = (np.arange(2 ** len(h))[:, None] >> np.arange(len(h))) & 1  # every subset: the left column
    counts = masks.sum(axis=1)
    left = masks @ h + gap * np.maximum(counts - 1, 0)
    right = (1 - masks) @ h + gap * np.maximum(len(h) - counts - 1, 0)
    return bool(np.any((left <= room) & (right <= room)))


@settings(max_examples=400, deadline=None)
@given(scenes())
def test_boxes_never_overlap_and_stay_inside(scene):
    width, height, anchors, sizes = scene
    margin = width * 0.02
    area = Box(margin, margin, width - 2 * margin, height - 2 * margin)
    try:
        placed = layout_callouts(anchors, sizes, area, gap=4)
    except LayoutError:
        # Refusing is right only if one box is too big, or no way of sharing them between two columns fits.
        too_big = any(w > (area.w - 4) / 2 or h > area.h for w, h in sizes.values())
        assert too_big or not two_columns_fit([h for _, h in sizes.values()], area.h, 4)
        return
    assert {p.key for p in placed} == set(anchors)
    for p in placed:
        assert area.x - 1e-6 <= p.box.x and p.box.right <= area.right + 1e-6
        assert area.y - 1e-6 <= p.box.y and p.box.bottom <= area.bottom + 1e-6
        assert (p.box.w, p.box.h) == sizes[p.key]
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            assert not a.box.overlaps(b.box), (a, b)


def test_labels_that_fit_two_columns_only_when_shared_unevenly_are_placed():
    """The label nearest the middle is too tall to cross over, but two smaller ones can: 140 | 140 px."""
    area = Box(0, 0, 800, 150)
    anchors = {"big": (390.0, 20.0), "a": (100.0, 40.0), "b": (120.0, 80.0), "c": (140.0, 120.0),
               "r": (700.0, 60.0)}
    sizes = {"big": (100.0, 100.0), "a": (100.0, 40.0), "b": (100.0, 40.0), "c": (100.0, 40.0),
             "r": (100.0, 60.0)}
    assert two_columns_fit([h for _, h in sizes.values()], area.h, 0)
    placed = {p.key: p for p in layout_callouts(anchors, sizes, area, gap=0)}
    assert set(placed) == set(anchors)
    left = [p for p in placed.values() if p.box.x == 0]
    right = [p for p in placed.values() if p.box.right == 800]
    assert len(left) + len(right) == 5
    assert sum(p.box.h for p in left) <= 150 and sum(p.box.h for p in right) <= 150
    assert placed["r"] in right  # a label whose column has room stays on its own side


def test_labels_sit_on_the_side_of_their_anchor_in_order():
    area = Box(0, 0, 1000, 600)
    anchors = {"a": (300, 100), "b": (350, 400), "c": (700, 200)}
    sizes = {k: (120, 30) for k in anchors}
    placed = {p.key: p for p in layout_callouts(anchors, sizes, area, gap=5)}
    assert placed["a"].box.x == 0 and placed["b"].box.x == 0 and placed["c"].box.right == 1000
    assert placed["a"].box.y < placed["b"].box.y
    assert placed["c"].leader_start == (880, placed["c"].box.y + 15)


def test_too_many_labels_raise_instead_of_overlapping():
    anchors = {f"r{i}": (10.0, float(i)) for i in range(40)}
    sizes = {k: (50.0, 40.0) for k in anchors}
    assert not two_columns_fit([40.0] * 16, 300, 2)  # even 16 of them cannot share two columns of 300 px
    with pytest.raises(LayoutError):
        layout_callouts(anchors, sizes, Box(0, 0, 400, 300), gap=2)


def test_labels_with_no_room_are_named_in_the_legend():
    """A small figure with many labels: the ones that cannot be placed are listed, never silently lost."""
    from explorer.model.figure_text import Callout, FigureText
    from explorer.render.composition import annotate, plan
    from explorer.render.overlay import Text

    callouts = tuple(Callout(f"r{i}", f"Area {i:02d}", "#D55E00", (i,)) for i in range(30))
    text = FigureText(credit="Atlas: test.", callouts=callouts)
    frame = plan(640, 400, text, callouts=True)
    x, y, w, h = frame.viewport
    anchors = {c.key: (x + w / 2 + (i % 2) * 10, y + h / 2) for i, c in enumerate(callouts)}
    overlay = annotate(frame, text, anchors, None)
    labels = [t for t in overlay.items if isinstance(t, Text) and t.style == "bold"]
    legend = " ".join(t.text for t in overlay.items if isinstance(t, Text) and t.style == "italic")
    assert labels and min(t.size for t in labels) >= frame.sizes.body  # some are labelled, never shrunk
    labelled = {t.text for t in labels}
    assert "No room to label:" in legend
    for callout in callouts:  # every region is labelled or named in the legend, exactly once
        assert (callout.text in labelled) != (callout.text in legend), callout.key


def test_an_anchor_prefers_the_part_that_shows_the_region_untinted():
    """Translucent layers write no depth, so a region seen through one keeps its label on the grid; with
    the frame's colours, the anchor goes to the part that shows the region's own colour, if big enough."""
    from explorer.render.visibility import LabelGrid, clean_mask

    labels = np.zeros((60, 80), dtype=np.int64)
    labels[5:55, 5:45] = 7  # the big part, tinted
    labels[20:40, 55:75] = 7  # a smaller part, clean
    colours = np.full((60, 80, 3), 255, dtype=np.uint8)
    colours[5:55, 5:45] = (72, 91, 82)  # amber under a teal veil reads grey-green
    colours[20:40, 55:75] = (230, 159, 0)  # Okabe-Ito orange, lit
    grid = LabelGrid(labels, 1, 60, colours)
    x, y = grid.anchor([7], "#E69F00")
    assert 55 <= x < 75 and 20 <= 59 - y < 40
    assert grid.anchor([7]) is not None and grid.anchor([7])[0] < 45  # without a colour: the biggest part
    assert not clean_mask(colours, "#555555").any()  # a grey label: colour cannot tell, the plain rule holds
    colours[20:40, 55:75] = (72, 91, 82)  # nothing clean: the biggest part, as before
    assert LabelGrid(labels, 1, 60, colours).anchor([7], "#E69F00")[0] < 45
