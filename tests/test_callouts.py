"""Callout layout is a pure function: no overlaps, always inside the image (Hypothesis)."""

from __future__ import annotations

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


@settings(max_examples=400, deadline=None)
@given(scenes())
def test_boxes_never_overlap_and_stay_inside(scene):
    width, height, anchors, sizes = scene
    margin = width * 0.02
    area = Box(margin, margin, width - 2 * margin, height - 2 * margin)
    try:
        placed = layout_callouts(anchors, sizes, area, gap=4)
    except LayoutError:
        # Refusing is right only if even two full columns could not hold the boxes, or one box is too big.
        total = sum(h for _, h in sizes.values()) + 4 * max(len(sizes) - 2, 0)
        too_big = any(w > (area.w - 4) / 2 or h > area.h for w, h in sizes.values())
        assert too_big or total > area.h
        return
    assert {p.key for p in placed} == set(anchors)
    for p in placed:
        assert area.x - 1e-6 <= p.box.x and p.box.right <= area.right + 1e-6
        assert area.y - 1e-6 <= p.box.y and p.box.bottom <= area.bottom + 1e-6
        assert (p.box.w, p.box.h) == sizes[p.key]
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            assert not a.box.overlaps(b.box), (a, b)


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
    try:
        layout_callouts(anchors, sizes, Box(0, 0, 400, 300), gap=2)
    except LayoutError:
        return
    raise AssertionError("40 labels of 40 px cannot fit two columns of 300 px")
