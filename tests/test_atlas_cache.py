"""The resolved-atlas cache: a warm load gives exactly what a cold one does, and a changed input is read afresh."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from dataclasses import replace

import numpy as np
import pytest

from explorer.model import atlas_cache
from explorer.model.atlas import Atlas, _label_moments


def _same(a: Atlas, b: Atlas) -> None:
    assert np.array_equal(a.data, b.data) and a.data.dtype == b.data.dtype
    np.testing.assert_array_equal(a.affine, b.affine)
    assert a.labels == b.labels
    assert a.derived == b.derived and a.supplements == b.supplements
    assert a.region_labels == b.region_labels
    assert a.stats == b.stats


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SBX_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("atlas_id", ["aal3", "harvard-oxford"])
def test_warm_load_equals_cold_load(manifests, regions, cache, atlas_id):
    manifest = manifests[atlas_id]
    cold = Atlas.load(manifest, regions)
    assert atlas_cache.cache_path(manifest).exists()
    assert "nibabel" in sys.modules  # (the cold load read the NIfTI)
    warm = Atlas.load(manifest, regions)
    _same(cold, warm)
    if atlas_id == "aal3":  # AAL3 carries both a derived label and a borrowed (supplement) one
        assert warm.derived and warm.supplements


def test_stats_from_the_cache_match_a_fresh_count(aal3, manifests, regions, cache):
    Atlas.load(manifests["aal3"], regions)
    warm = Atlas.load(manifests["aal3"], regions)
    counts, sums = _label_moments(aal3.data)
    for label, stats in warm.stats.items():
        assert stats.voxels == counts[label]
        ijk = sums[label] / counts[label]
        np.testing.assert_allclose(stats.centroid, aal3.affine[:3, :3] @ ijk + aal3.affine[:3, 3])


def test_an_edited_label_table_is_read_afresh(manifests, regions, cache, tmp_path):
    table = tmp_path / "AAL3.txt"
    shutil.copy(manifests["aal3"].labels, table)
    manifest = replace(manifests["aal3"], labels=table)
    first = Atlas.load(manifest, regions)
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("Cuneus_L", "Cuneus_Left_Renamed"), encoding="utf-8")
    os.utime(table, ns=(table.stat().st_atime_ns, table.stat().st_mtime_ns + 10**9))
    second = Atlas.load(manifest, regions)
    renamed = [label for label in second.labels.values() if label.name == "Cuneus_Left_Renamed"]
    assert renamed and not any(label.name == "Cuneus_Left_Renamed" for label in first.labels.values())
    assert len(list(cache.glob("atlas-aal3-*.npz"))) == 2


def test_a_damaged_cache_file_is_rebuilt(manifests, regions, cache):
    manifest = manifests["aal3"]
    cold = Atlas.load(manifest, regions)
    path = atlas_cache.cache_path(manifest)
    path.write_bytes(b"not a zip file")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = Atlas.load(manifest, regions)
    assert any("unreadable" in str(w.message) for w in caught)
    _same(cold, again)
    with np.load(path) as npz:  # written anew
        assert np.array_equal(npz["data"], cold.data)
