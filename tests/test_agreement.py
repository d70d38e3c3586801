"""Atlas agreement: the panel's overlap figures against an independent numpy count."""

from __future__ import annotations

import re

import numpy as np
import pytest

from explorer.model import agreement
from explorer.model.agreement import COMMON_SHAPE, count_table, crosstab, overlap
from explorer.model.atlas import Atlas
from explorer.model.state import selection_for_region
from explorer.model.where import where_html

REGIONS = ("mpfc", "ofc", "acc", "mirror-neuron-system", "amygdala")
SENTENCE = re.compile(r"<b>(\d+) %</b> of ([^’]+)’s (.+?) \(([\d.]+ (?:cm|mm)³)\) lies inside ([^’]+)’s")


def _on_mni_grid(atlas: Atlas) -> np.ndarray:
    """The label at every MNI152 1 mm grid point, by plain index arithmetic (no resampling library)."""
    i, j, k = np.meshgrid(*(np.arange(n) for n in COMMON_SHAPE), indexing="ij")
    mni = np.stack([i - 90.0, j - 126.0, k - 72.0, np.ones_like(i, dtype=float)], axis=-1)
    ijk = np.rint(mni @ np.linalg.inv(atlas.affine).T)[..., :3].astype(int)
    inside = np.all((ijk >= 0) & (ijk < np.array(atlas.data.shape)), axis=-1)
    out = np.zeros(COMMON_SHAPE, dtype=atlas.data.dtype)
    out[inside] = atlas.data[ijk[inside][:, 0], ijk[inside][:, 1], ijk[inside][:, 2]]
    return out


@pytest.fixture(scope="module")
def grids(atlases):
    return {atlas_id: _on_mni_grid(atlas) for atlas_id, atlas in atlases.items()}


def _expected(a: Atlas, grid_a: np.ndarray, b: Atlas, grid_b: np.ndarray, region: str):
    """Share of a's region inside b's, and the biggest other b label (merged over sides) with its share."""
    mask_a = np.isin(grid_a, a.label_ids_for(region))
    in_b = np.isin(grid_b, b.label_ids_for(region))
    rest = grid_b[mask_a & ~in_b]
    names = np.array([b.labels[v].display if v in b.labels else "no label" for v in np.unique(rest)])
    counts = np.array([(rest == v).sum() for v in np.unique(rest)])
    merged = {n: counts[names == n].sum() for n in set(names)}
    top = max(merged, key=merged.get)
    return (mask_a & in_b).sum() / mask_a.sum(), top, merged[top] / mask_a.sum(), int(mask_a.sum())


@pytest.mark.parametrize("region", REGIONS)
def test_panel_percentages_match_an_independent_count(atlases, grids, region):
    """AAL3's panel against every other shipped atlas that maps the region, both directions."""
    aal3 = atlases["aal3"]
    html = where_html(aal3, aal3.label_ids_for(region), selection_for_region(aal3, region))
    sentences = SENTENCE.findall(html)
    others = [a for atlas_id, a in atlases.items() if atlas_id != "aal3" and a.label_ids_for(region)]
    assert len(others) >= 2  # Harvard-Oxford and Desikan-Killiany map all five; Juelich two of them
    pairs = [pair for o in others for pair in ((aal3, o), (o, aal3))]
    assert [(s[1], s[4]) for s in sentences] == [(agreement.short_name(a), agreement.short_name(b)) for a, b in pairs]
    for (percent, *_rest), (a, b) in zip(sentences, pairs, strict=True):
        inside, top, top_share, voxels = _expected(a, grids[a.id], b, grids[b.id], region)
        assert int(percent) == round(inside * 100), (region, a.id, b.id)
        item = overlap(a, b, region)
        assert item.voxels == voxels
        assert item.rest[0][0] == top and item.rest[0][1] == pytest.approx(top_share)


def test_mpfc_agreement_reads_as_a_sentence(aal3):
    html = where_html(aal3, aal3.label_ids_for("mpfc"), selection_for_region(aal3, "mpfc"))
    assert "Do the atlases agree?" in html
    assert re.search(r"of AAL3’s MPFC \(53\.\d cm³\) lies inside Harvard-Oxford’s MPFC; \d+ %", html)
    assert "has no Harvard-Oxford label" in html


def test_count_table_on_a_toy_grid():
    a = np.array([[[0, 1, 1, 2]]])
    b = np.array([[[3, 3, 0, 3]]])
    table = count_table(a, b)
    assert table.shape == (3, 4)
    assert table[1, 3] == 1 and table[1, 0] == 1 and table[2, 3] == 1 and table[0, 3] == 1
    assert table.sum() == 4  # no voxel is empty in both, so every voxel is counted once


def test_works_with_one_atlas_loaded_and_caches(monkeypatch, manifests, regions):
    """A fresh AAL3 alone: the other atlas is loaded on demand; the table is then read from disk."""
    monkeypatch.setattr(agreement, "_tables", {})
    monkeypatch.setattr(agreement, "_others", {})
    alone = Atlas.load(manifests["aal3"], regions)
    first, errors = agreement.agreements(alone, "mpfc")
    # Every other shipped atlas with an MPFC (Juelich has none).
    assert not errors and [pair[0].target for pair in first] == ["Desikan-Killiany", "Harvard-Oxford"]
    monkeypatch.setattr(agreement, "_tables", {})  # memory cache gone: the disk copy must serve

    def no_recount(*_args):
        raise AssertionError("recounted although the table is cached on disk")

    monkeypatch.setattr(agreement, "count_table", no_recount)
    again, _ = agreement.agreements(alone, "mpfc")
    assert again == first


def test_the_reverse_table_is_the_transpose(aal3, harvard_oxford):
    forward = crosstab(aal3, harvard_oxford)
    assert np.array_equal(crosstab(harvard_oxford, aal3), forward.T)


def test_missing_other_atlas_leaves_the_panel_working(monkeypatch, aal3):
    monkeypatch.setattr("explorer.model.catalog.discover", lambda *a, **k: ({"aal3": aal3.manifest}, []))
    html = where_html(aal3, aal3.label_ids_for("mpfc"), selection_for_region(aal3, "mpfc"))
    assert "MNI centroid" in html and "Do the atlases agree?" not in html


def test_borrowed_hypothalamus_is_flagged_as_agreeing_by_construction(aal3):
    html = where_html(aal3, aal3.label_ids_for("hypothalamus"), selection_for_region(aal3, "hypothalamus"))
    assert "agree by construction" in html


def test_a_cancelled_warm_up_stops_between_tables_and_kills_its_child(monkeypatch, tmp_path, manifests, regions):
    """Quitting cancels the count: the spawned child is terminated, no table is counted after the flag,
    and the atlas is not marked warm (a later warm-up starts again)."""
    import multiprocessing
    import threading
    import time

    monkeypatch.setenv("SBX_CACHE_DIR", str(tmp_path))  # cold: the child has real work to do
    monkeypatch.setattr(agreement, "_tables", {})
    monkeypatch.setattr(agreement, "_warm", set())
    counted = []
    monkeypatch.setattr(agreement, "crosstab", lambda a, b: counted.append(b.id))
    alone = Atlas.load(manifests["aal3"], regions)
    cancel = threading.Event()
    assert agreement.begin_warm_up(alone)
    worker = threading.Thread(target=lambda: counted.append(agreement.warm_up(alone, cancel=cancel)))
    worker.start()
    deadline = time.monotonic() + 60
    while not multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children(), "the count did not start its child process"
    cancel.set()
    stopped = time.monotonic()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - stopped < 2.0
    assert counted == [False]  # returned False, and counted nothing in this process
    assert not multiprocessing.active_children()
    assert alone.digest not in agreement._warm and not agreement.pending(alone)


def test_loading_the_other_atlases_stops_at_the_next_atlas_once_cancelled(monkeypatch, aal3):
    """Quitting while the slice dock loads the other atlases waits for one atlas at most: the flag is
    looked at before each load, and what was loaded so far is returned."""
    import threading

    monkeypatch.setattr(agreement, "_others", {})
    cancel = threading.Event()
    loaded: list[str] = []

    def load(manifest, _regions):
        loaded.append(manifest.id)
        cancel.set()  # the window closes while the first load runs
        return aal3

    monkeypatch.setattr(Atlas, "load", staticmethod(load))
    found, errors = agreement.other_atlases(aal3, None, cancel=cancel)
    assert len(loaded) == 1 and found == [aal3] and not errors
    monkeypatch.setattr(agreement, "_others", {})
    loaded.clear()
    all_found, _ = agreement.other_atlases(aal3, None, cancel=threading.Event())
    assert len(loaded) == len(all_found) > 1  # without the flag every other atlas is loaded


def test_the_cache_record_follows_the_other_atlases_files(monkeypatch, aal3):
    """After a warm-up the tables count as cached without loading any other atlas; an edited input file
    of another atlas (a new atlas-cache key) means counting again."""
    from explorer.model import atlas_cache

    monkeypatch.setattr(agreement, "_warm", set())
    assert agreement.warm_up(aal3) and agreement.tables_on_disk(aal3)
    real_key = atlas_cache.key
    monkeypatch.setattr(atlas_cache, "key", lambda m: real_key(m) + ("-edited" if m.id == "harvard-oxford" else ""))
    assert not agreement.tables_on_disk(aal3)


def test_the_warm_up_builds_the_other_atlases_region_trees(monkeypatch, aal3):
    """The panel looks each study peak up in every other atlas once their tables are counted: their
    region trees are built by the warm-up thread, not on the first click after it (0.1 s an atlas)."""
    from explorer.model import coordinates

    monkeypatch.setattr(agreement, "_warm", set())
    monkeypatch.setattr(coordinates, "_trees", coordinates.weakref.WeakKeyDictionary())
    assert agreement.warm_up(aal3, in_child=False)
    others = agreement.other_atlases(aal3)[0]
    assert others and all(other in coordinates._trees for other in others)
