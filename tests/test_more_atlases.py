"""The Juelich and Desikan-Killiany atlases: manifests, teaching regions, absent regions, checksums."""

from __future__ import annotations

import csv
import hashlib

import numpy as np
import pytest

from explorer.model.atlas import Atlas
from explorer.model.errors import ContentError
from explorer.model.labels import hemisphere_of
from explorer.model.manifest import load_manifest
from explorer.model.selection import RegionSelection, selection_for_region
from explorer.model.where import where_html

NEW = ("juelich", "desikan-killiany")
# What each new manifest claims to map, and what it says it lacks (from reading the label tables).
MAPPED = {
    "juelich": {"amygdala", "mirror-neuron-system", "hypothalamus"},
    "desikan-killiany": {"amygdala", "mpfc", "ofc", "acc", "mirror-neuron-system", "reward-dopamine"},
}
ABSENT = {
    "juelich": {"mpfc", "ofc", "acc", "reward-dopamine", "raphe-serotonin"},
    "desikan-killiany": {"hypothalamus", "raphe-serotonin"},
}


def test_new_manifests_load_with_licence_credit_and_checksums(manifests):
    for atlas_id in NEW:
        m = manifests[atlas_id]
        assert m.volume.exists() and m.labels.exists()
        assert m.licence and m.credit and m.url.startswith("https://")
        assert set(m.checksums) == {"volume", "labels"}


@pytest.mark.parametrize("atlas_id", ["aal3", "harvard-oxford", *NEW])
def test_declared_checksums_match_the_installed_files(manifests, atlas_id):
    m = manifests[atlas_id]
    for key, path in (("volume", m.volume), ("labels", m.labels)):
        if key in m.checksums:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == m.checksums[key], path


@pytest.mark.parametrize("atlas_id", NEW)
def test_mapped_regions_have_voxels_on_both_sides_and_absent_ones_none(atlases, manifests, atlas_id):
    atlas = atlases[atlas_id]
    assert set(atlas.region_labels) == MAPPED[atlas_id]
    assert set(manifests[atlas_id].absent) == ABSENT[atlas_id]
    for region in MAPPED[atlas_id]:
        sides = atlas.region_labels[region]
        for side, ids in sides.items():
            assert ids, (region, side)
            for lid in ids:
                assert atlas.labels[lid].hemisphere == side, atlas.labels[lid].name
                assert lid in atlas.stats, f"{atlas.labels[lid].name} has no voxels"
    for region in ABSENT[atlas_id]:
        assert atlas.label_ids_for(region) == ()
        assert manifests[atlas_id].absent[region].startswith("Not in this atlas")
    available = {r.id for r in atlas.available_regions()}
    assert not available & ABSENT[atlas_id]


@pytest.mark.parametrize("atlas_id", NEW)
def test_left_labels_lie_left_of_midline(atlases, atlas_id):
    atlas = atlases[atlas_id]
    sided = 0
    for lid, stats in atlas.stats.items():
        side = atlas.labels[lid].hemisphere
        if side != "midline":
            sided += 1
            assert (stats.centroid[0] < 0) == (side == "left"), atlas.labels[lid].name
    assert sided > 60


@pytest.mark.parametrize("atlas_id", NEW)
def test_amygdala_centroids_match_published_coordinates(atlases, atlas_id):
    atlas = atlases[atlas_id]
    for side, sign in (("left", -1), ("right", 1)):
        centroid = np.array(atlas.centroid(atlas.region_labels["amygdala"][side]))
        assert np.linalg.norm(centroid - np.array([sign * 23, -5, -18])) <= 8.0, (side, centroid)


def test_juelich_amygdala_has_its_three_subdivisions_and_the_mns_its_parietal_areas(atlases):
    juelich = atlases["juelich"]
    names = {juelich.labels[i].name for i in juelich.region_labels["amygdala"]["left"]}
    assert names == {"GM_Amygdala_laterobasal_group_L", "GM_Amygdala_centromedial_group_L",
                     "GM_Amygdala_superficial_group_L"}
    mns = {juelich.labels[i].name for i in juelich.label_ids_for("mirror-neuron-system")}
    assert {"GM_Inferior_parietal_lobule_PF_R", "GM_Inferior_parietal_lobule_PFt_R",
            "GM_Inferior_parietal_lobule_PFop_R", "GM_Broca's_area_BA44_R"} <= mns
    assert "GM_Inferior_parietal_lobule_PGp_R" not in mns  # caudal IPL is not the MNS
    for lid in juelich.label_ids_for("mirror-neuron-system"):
        if lid in juelich.derived:
            ijk = np.argwhere(juelich.data == lid)
            assert (ijk @ juelich.affine[:3, :3].T + juelich.affine[:3, 3])[:, 2].max() <= 40


def test_desikan_killiany_hemisphere_comes_from_the_ctx_prefix():
    assert hemisphere_of("ctx-lh-caudalanteriorcingulate") == "left"
    assert hemisphere_of("ctx-rh-medialorbitofrontal") == "right"
    assert hemisphere_of("Left-Amygdala") == "left"
    assert hemisphere_of("Brain-Stem") == "midline"


def test_desikan_killiany_excluded_labels_are_unlabelled(atlases, manifests):
    dk, m = atlases["desikan-killiany"], manifests["desikan-killiany"]
    import nibabel as nib

    raw = np.asarray(nib.load(str(m.volume)).dataobj).astype(np.int64)
    with open(m.labels, newline="") as fh:
        value = {row["name"]: int(row["index"]) for row in csv.DictReader(fh)}
    wm = raw == value["Left-Cerebral-White-Matter"]
    assert wm.sum() > 100_000 and (dk.data[wm] == 0).all()
    assert "Left-Cerebral-White-Matter" not in {lab.name for lab in dk.labels.values()}
    # Every voxel of a kept label keeps it, or went to a label the manifest cut from it.
    acc = raw == value["ctx-lh-caudalanteriorcingulate"]
    assert (dk.data[acc] == value["ctx-lh-caudalanteriorcingulate"]).all()


def test_absent_region_panel_says_not_in_this_atlas(atlases):
    juelich = atlases["juelich"]
    with pytest.raises(KeyError):  # nothing to select: the window says so instead (see navigation.choose)
        selection_for_region(juelich, "acc")
    html = where_html(juelich, (), RegionSelection("acc", ()))
    assert "Not in this atlas" in html and "cingulum" in html


def test_absent_region_with_labels_is_refused_with_its_line(tmp_path, manifests):
    text = manifests["juelich"].path.read_text()
    start = text.index("[regions.acc]")
    text = text[:start] + '[regions.acc]\nleft = ["GM_Broca\'s_area_BA44_L"]\n' + text[start + len("[regions.acc]\n"):]
    bad = tmp_path / "juelich.toml"
    bad.write_text(text)
    line = text[:start].count("\n") + 1
    with pytest.raises(ContentError) as err:
        load_manifest(bad)
    assert "absent" in str(err.value) and f"juelich.toml:{line}" in str(err.value), str(err.value)


def test_unknown_excluded_label_names_its_line(tmp_path, manifests, regions):
    text = manifests["desikan-killiany"].path.read_text().replace('"CSF"', '"CSF-typo"')
    bad = tmp_path / "dk.toml"
    bad.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("exclude = ["))
    with pytest.raises(ContentError) as err:
        Atlas.load(load_manifest(bad), regions)
    assert str(err.value).startswith(f"{bad}:{line}:") and "CSF-typo" in str(err.value)
