"""Atlas mappings a lecturer can defend: clip rules, label counts, notes and aliases."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.atlas import Atlas
from explorer.model.errors import ContentError
from explorer.model.manifest import load_manifest
from explorer.model.state import selection_for_region
from explorer.model.where import where_html

SHIPPED = ("aal3", "harvard-oxford")


def _mni(atlas: Atlas, label_id: int) -> np.ndarray:
    ijk = np.argwhere(atlas.data == label_id)
    return ijk @ atlas.affine[:3, :3].T + atlas.affine[:3, 3]


def _raw_labels(manifest) -> np.ndarray:
    import nibabel as nib

    return np.asarray(nib.load(str(manifest.volume)).dataobj).astype(np.int64)


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_no_mirror_neuron_voxel_above_the_clip(atlases, atlas_id):
    atlas = atlases[atlas_id]
    derived = [i for i in atlas.label_ids_for("mirror-neuron-system") if i in atlas.derived]
    assert len(derived) == 2  # the ventral precentral gyrus, one per side
    for lid in derived:
        assert dict(atlas.derived[lid].clip) == {"z_max": 40.0}
        assert _mni(atlas, lid)[:, 2].max() <= 40
    precentral = [i for i, lab in atlas.labels.items() if lab.name in ("Precentral_L", "Left_Precentral_Gyrus")]
    assert precentral and precentral[0] not in atlas.label_ids_for("mirror-neuron-system")
    assert _mni(atlas, precentral[0])[:, 2].min() > 40  # the rest of the gyrus keeps its own label


def test_clip_splits_a_label_without_losing_voxels(manifests, regions, aal3):
    raw = _raw_labels(manifests["aal3"])
    source = next(i for i, lab in aal3.labels.items() if lab.name == "Precentral_L")
    part = next(i for i, lab in aal3.labels.items() if lab.name == "Precentral_ventral_L")
    assert aal3.stats[source].voxels + aal3.stats[part].voxels == int((raw == source).sum())


def test_harvard_oxford_mpfc_takes_the_medial_wall_only(harvard_oxford):
    names = {harvard_oxford.labels[i].name for i in harvard_oxford.label_ids_for("mpfc")}
    assert {"Left_Superior_Frontal_Gyrus_medial_part", "Right_Frontal_Pole_medial_part"} <= names
    for lid in harvard_oxford.label_ids_for("mpfc"):
        if lid in harvard_oxford.derived:
            assert np.abs(_mni(harvard_oxford, lid)[:, 0]).max() <= 10


def test_aal3_ofc_includes_the_orbital_inferior_frontal_gyrus(aal3):
    names = {aal3.labels[i].name for i in aal3.label_ids_for("ofc")}
    assert {"Frontal_Inf_Orb_2_L", "Frontal_Inf_Orb_2_R"} <= names
    html = where_html(aal3, aal3.label_ids_for("ofc"), selection_for_region(aal3, "ofc"))
    assert "How AAL3 draws it:" in html and "orbital part of the inferior frontal gyrus" in html


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_label_count_is_labels_with_voxels(atlases, manifests, atlas_id):
    atlas = atlases[atlas_id]
    with_voxels = sum(1 for lid in atlas.labels if (atlas.data == lid).any())
    assert atlas.label_count == with_voxels == len(atlas.present_labels())
    assert atlas.label_count < len(atlas.labels) or atlas_id != "aal3"


def test_aal3_has_166_labels_with_voxels_before_the_app_adds_any(aal3, manifests):
    raw = _raw_labels(manifests["aal3"])
    present = set(np.unique(raw).tolist()) - {0}
    assert len(present) == 166
    added = len(aal3.derived) + len(aal3.supplements)
    assert aal3.label_count == 166 + added
    assert aal3.count_summary() == (f"{166 + added} labels with voxels: 166 from the atlas, "
                                    "2 cut from them by the manifest's clip rules, 1 borrowed from another atlas")
    empty = {aal3.labels[i].name for i in aal3.labels if i not in aal3.stats}
    assert empty == {"Cingulate_Ant_L", "Cingulate_Ant_R", "Thalamus_L", "Thalamus_R"}


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_hypothalamus_volume_carries_its_caveat(atlases, atlas_id):
    atlas = atlases[atlas_id]
    ids = atlas.label_ids_for("hypothalamus")
    html = where_html(atlas, ids, selection_for_region(atlas, "hypothalamus"))
    mm3 = round(atlas.volume_cm3(ids) * 1000)
    assert mm3 < 300
    assert f"Volume: {mm3} mm³ <small><i>(several times smaller than the real hypothalamus" in html


def test_aliases_do_not_overstate(regions):
    assert "subgenual" not in regions["acc"].aliases
    assert "empathy" not in regions["mirror-neuron-system"].aliases
    assert not {"stress", "cortisol"} & set(regions["hypothalamus"].aliases)
    owners = [rid for rid, region in regions.items() if "vmPFC" in region.aliases]
    assert owners == ["mpfc"]


def test_region_notes_are_shown_for_the_loaded_atlas(harvard_oxford):
    html = where_html(harvard_oxford, harvard_oxford.label_ids_for("acc"),
                      selection_for_region(harvard_oxford, "acc"))
    assert "How Harvard-Oxford draws it:" in html and "Subcallosal Cortex" in html


def test_derived_label_with_unknown_source_names_its_line(tmp_path, manifests, regions):
    text = manifests["aal3"].path.read_text().replace('from = "Precentral_L"', 'from = "Precentral_Left"')
    bad = tmp_path / "aal3.toml"
    bad.write_text(text)
    with pytest.raises(ContentError) as err:
        Atlas.load(load_manifest(bad), regions)
    line = text[: text.index('name = "Precentral_ventral_L"')].count("\n") + 1
    assert f"aal3.toml:{line}:" in str(err.value) and "Precentral_Left" in str(err.value)


def test_bad_clip_key_is_a_clear_error(tmp_path, manifests):
    text = manifests["aal3"].path.read_text().replace("clip = { z_max = 40 }", "clip = { top = 40 }", 1)
    bad = tmp_path / "aal3.toml"
    bad.write_text(text)
    with pytest.raises(ContentError, match=r"'clip', 'top': unknown .*use 'x_min', 'x_max'"):
        load_manifest(bad)
