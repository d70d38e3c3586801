"""Label counts and centroids from one slab-wise pass, checked against a plain per-label oracle."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from explorer.model.atlas import _label_moments


@settings(max_examples=60, deadline=None)
@given(arrays(np.int16, st.tuples(st.integers(1, 21), st.integers(1, 9), st.integers(1, 9)),
              elements=st.integers(0, 6)),
       st.integers(1, 10))
def test_counts_and_index_sums_match_a_per_label_oracle(volume, slab):
    counts, sums = _label_moments(volume, slab=slab)
    assert len(counts) == int(volume.max()) + 1
    for label in range(len(counts)):
        where = np.argwhere(volume == label)
        assert counts[label] == len(where)
        np.testing.assert_allclose(sums[label], where.sum(axis=0))


def test_aal3_amygdala_centroid_is_where_its_voxels_are(aal3):
    label = aal3.label_ids_for("amygdala")[0]
    ijk = np.argwhere(aal3.data == label).mean(axis=0)
    expected = aal3.affine[:3, :3] @ ijk + aal3.affine[:3, 3]
    np.testing.assert_allclose(aal3.stats[label].centroid, expected, atol=1e-6)
    assert aal3.stats[label].voxels == int((aal3.data == label).sum())
