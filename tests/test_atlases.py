"""Atlas manifests, label tables, teaching regions and coordinates (model layer)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.atlas import Atlas
from explorer.model.catalog import discover, resolve
from explorer.model.errors import ContentError, ExplorerError
from explorer.model.labels import hemisphere_of, read_labels
from explorer.model.manifest import load_manifest
from explorer.model.volume import reduce_probabilistic

CORE = ("amygdala", "mpfc", "ofc", "acc")
SHIPPED = ("aal3", "harvard-oxford")


def test_both_shipped_manifests_load_with_licence(manifests):
    assert set(SHIPPED) <= set(manifests)
    for atlas_id in SHIPPED:
        m = manifests[atlas_id]
        assert m.volume.exists() and m.labels.exists()
        assert m.licence and m.credit


@pytest.mark.parametrize("atlas_id", SHIPPED)
@pytest.mark.parametrize("region", CORE)
def test_every_teaching_region_resolves_on_both_sides(atlases, atlas_id, region):
    atlas = atlases[atlas_id]
    sides = atlas.region_labels[region]
    assert sides["left"] and sides["right"]
    for side in ("left", "right"):
        for lid in sides[side]:
            assert atlas.labels[lid].hemisphere == side
            assert lid in atlas.stats, f"{atlas.labels[lid].name} has no voxels"


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_left_labels_lie_left_of_midline(atlases, atlas_id):
    atlas = atlases[atlas_id]
    for lid, stats in atlas.stats.items():
        side = atlas.labels[lid].hemisphere
        if side == "left":
            assert stats.centroid[0] < 0, atlas.labels[lid].name
        elif side == "right":
            assert stats.centroid[0] > 0, atlas.labels[lid].name


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_amygdala_centroids_match_published_coordinates(atlases, atlas_id):
    atlas = atlases[atlas_id]
    for side, sign in (("left", -1), ("right", 1)):
        centroid = np.array(atlas.centroid(atlas.region_labels["amygdala"][side]))
        expected = np.array([sign * 23, -5, -18])
        assert np.linalg.norm(centroid - expected) <= 8.0, (side, centroid)


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_hypothalamus_is_an_approximate_midline_supplement(atlases, atlas_id, regions):
    atlas = atlases[atlas_id]
    ids = atlas.label_ids_for("hypothalamus")
    assert len(ids) == 1 and atlas.labels[ids[0]].hemisphere == "midline"
    x, y, z = atlas.centroid(ids)
    assert abs(x) < 4 and -15 < y < 5 and -20 < z < 2
    assert regions["hypothalamus"].approximate


def test_social_brain_network_is_the_union_of_its_members(aal3, regions):
    group = set(aal3.label_ids_for("social-brain-network"))
    members = set()
    for member in regions["social-brain-network"].members:
        members |= set(aal3.label_ids_for(member))
    assert group == members and set(aal3.label_ids_for("amygdala")) <= group


def test_harvard_oxford_is_reduced_with_a_25_percent_threshold():
    prob = np.zeros((2, 1, 1, 3), dtype=np.uint8)
    prob[0, 0, 0] = [10, 60, 30]  # label 2 wins
    prob[1, 0, 0] = [20, 5, 24]  # best is 24 < 25: unlabelled
    labels = reduce_probabilistic(prob, threshold=25)
    assert labels[0, 0, 0] == 2 and labels[1, 0, 0] == 0


def test_label_at_and_volume(aal3):
    lid = aal3.label_at(23, -5, -18)
    assert aal3.labels[lid].name == "Amygdala_R"
    assert aal3.label_at(500, 0, 0) is None
    assert 1.0 < aal3.volume_cm3(aal3.region_labels["amygdala"]["left"]) < 3.0


def test_hemisphere_names():
    assert hemisphere_of("Left_Amygdala") == "left"
    assert hemisphere_of("OFCmed_R") == "right"
    assert hemisphere_of("Brain-Stem") == "midline"
    assert hemisphere_of("Raphe_D") == "midline"


def test_bids_label_table_and_user_atlas(tmp_path, regions):
    import nibabel as nib

    data = np.zeros((10, 10, 10), dtype=np.int16)
    data[1:4, 2:6, 2:6] = 1
    data[6:9, 2:6, 2:6] = 2
    affine = np.diag([2.0, 2.0, 2.0, 1.0])
    affine[:3, 3] = [-10, -10, -10]
    nib.save(nib.Nifti1Image(data, affine), tmp_path / "toy_dseg.nii.gz")
    (tmp_path / "toy_dseg.tsv").write_text("index\tname\tcolor\n1\tLeft_Blob\t#ff0000\n2\tRight_Blob\t#00ff00\n")
    manifest = resolve(str(tmp_path / "toy_dseg.nii.gz"), {})
    atlas = Atlas.load(manifest, regions)
    assert {lab.name for lab in atlas.labels.values()} == {"Left_Blob", "Right_Blob"}
    assert atlas.labels[1].color == "#ff0000"
    assert atlas.stats[1].centroid[0] < 0 < atlas.stats[2].centroid[0]


def test_bad_label_table_names_file_and_line(tmp_path):
    table = tmp_path / "bad.tsv"
    table.write_text("index\tname\n1\tA\nx\tB\n")
    with pytest.raises(ContentError) as err:
        read_labels(table, "bids")
    assert str(err.value).endswith("bad.tsv:3: index 'x' is not a whole number")


def test_broken_manifest_is_reported_with_line_and_skipped(tmp_path, manifests):
    good = next(iter(manifests.values())).path
    (tmp_path / "good.toml").write_text(good.read_text())
    (tmp_path / "broken.toml").write_text('id = "x"\nname = "X"\n[volume\npath = "a.nii"\n')
    found, problems = discover(tmp_path)
    assert len(found) == 1
    assert len(problems) == 1 and problems[0].path.name == "broken.toml" and problems[0].line == 3


def test_manifest_with_unknown_label_names_line(tmp_path, manifests, regions):
    lines = manifests["aal3"].path.read_text().splitlines()
    # The expected line, found independently: the ACC's `right = [...]` list, not the first mention.
    start = lines.index("[regions.acc]")
    line = next(i for i in range(start, len(lines)) if lines[i].startswith("right = ")) + 1
    assert '"ACC_pre_R"' in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace('"ACC_pre_R"', '"ACC_pre_Right"')
    bad = tmp_path / "aal3.toml"  # pkg: paths still resolve from a copy in another folder
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as err:
        Atlas.load(load_manifest(bad), regions)
    assert str(err.value).startswith(f"{bad}:{line}:") and "ACC_pre_Right" in str(err.value), str(err.value)


def test_unknown_atlas_argument_is_a_clear_error(manifests):
    with pytest.raises(ExplorerError, match="unknown atlas 'nope'"):
        resolve("nope", manifests)
