"""A region's anchor: the distance transform over its part's bounding box gives the full grid's answer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import ndimage

from explorer.render.visibility import MIN_AREA, MIN_INRADIUS, LabelGrid


def _full_grid_anchor(grid: LabelGrid, label_ids) -> tuple[int, int] | None:
    """The oracle: the distance transform over the whole grid, as the anchor was first written."""
    mask = np.isin(grid.labels, list(label_ids))
    parts, count = ndimage.label(mask)
    if not count:
        return None
    sizes = np.bincount(parts.ravel())[1:]
    biggest = int(np.argmax(sizes)) + 1
    depth = ndimage.distance_transform_edt(np.pad(parts == biggest, 1))[1:-1, 1:-1]
    if sizes[biggest - 1] < MIN_AREA * grid.labels.size or depth.max() < MIN_INRADIUS * max(grid.labels.shape):
        return None
    row, col = np.unravel_index(int(np.argmax(depth)), depth.shape)
    centre = grid.step // 2
    return int(col * grid.step + centre), int(grid.height - 1 - (row * grid.step + centre))


@settings(max_examples=200, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=st.integers(0, 3)),
       st.integers(1, 4), st.sets(st.integers(1, 3), min_size=1))
def test_cropped_anchor_equals_full_grid_anchor(labels, step, ids):
    grid = LabelGrid(labels, step, labels.shape[0] * step)
    assert grid.anchor(ids) == _full_grid_anchor(grid, ids)


def test_anchor_of_a_block_at_the_edge_is_inside_it():
    labels = np.zeros((30, 40), dtype=np.int64)
    labels[0:10, 30:40] = 2  # touches the top and right edges: the border counts as background
    x, y = LabelGrid(labels, 1, 30).anchor({2})
    assert 30 <= x < 40 and 0 <= 29 - y < 10
