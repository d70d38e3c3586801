"""Coordinates in, headless: pasted coordinates, MNI <-> Talairach, peak tables, `where --table`."""

from __future__ import annotations

import csv
import json

import nibabel as nib
import numpy as np
import pytest

from explorer.model.coordinates import (
    CoordinateError,
    mni_to_tal,
    parse_coordinate,
    point_in_atlas,
    tal_to_mni,
)
from explorer.model.errors import ExplorerError
from explorer.model.peaks import parse_peak_text, read_peak_table
from tests.test_cli import run

# ---- Pasted coordinates ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("-8, 20, 40", (-8, 20, 40)),
    ("(\u22128; 20; 40)", (-8, 20, 40)),  # Unicode minus sign
    ("(\u20138; 20; \u221240)", (-8, 20, -40)),  # en dash as minus
    ("x=-8 y=20 z=40", (-8, 20, 40)),
    ("X: -8, Y: 20, Z: 40", (-8, 20, 40)),
    ("-8\t20\t40", (-8, 20, 40)),
    ("[-8 20 40]", (-8, 20, 40)),
    ("  -8.5 ,20.25,  .5 mm ", (-8.5, 20.25, 0.5)),
    ("+12 -0 3", (12, 0, 3)),
])
def test_pasted_coordinates_parse(text, expected):
    assert parse_coordinate(text) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("   ", "empty"),
    ("amygdala", "unexpected 'amygdala'"),
    ("-8, 2o, 40", "unexpected 'o'"),
    ("-8, 20", "found 2 number(s)"),
    ("1 2 3 4", "found 4 number(s)"),
])
def test_garbage_gets_a_one_line_reason(text, reason):
    with pytest.raises(CoordinateError) as err:
        parse_coordinate(text)
    message = str(err.value)
    assert reason in message and "\n" not in message
    assert isinstance(err.value, ValueError) and isinstance(err.value, ExplorerError)


# ---- MNI <-> Talairach (icbm2tal, Lancaster et al. 2007) -----------------------------------


def test_mni_to_tal_matches_the_matrix_by_hand():
    # FSL matrix row by row: 0.9464*10 + 0.0034*20 - 0.0026*30 - 1.0680 = 8.386, and so on.
    assert mni_to_tal([10, 20, 30]) == pytest.approx([8.386, 16.1111, 31.5053], abs=1e-9)
    # SPM variant: 0.9254*10 + 0.0024*20 - 0.0118*30 - 1.0207 = 7.9273, ...
    assert mni_to_tal([10, 20, 30], "spm") == pytest.approx([7.9273, 14.2043, 32.7826], abs=1e-9)
    assert mni_to_tal([0, 0, 0]) == pytest.approx([-1.0680, -1.0239, 3.1883])


def test_talairach_round_trip_both_variants():
    rng = np.random.default_rng(12)
    points = rng.uniform(-80, 80, size=(50, 3))
    for variant in ("fsl", "spm"):
        assert tal_to_mni(mni_to_tal(points, variant), variant) == pytest.approx(points, abs=1e-9)
        assert mni_to_tal(tal_to_mni(points, variant), variant) == pytest.approx(points, abs=1e-9)
    # The two variants differ by millimetres, so choosing one matters.
    assert np.abs(mni_to_tal(points, "fsl") - mni_to_tal(points, "spm")).max() > 1


def test_unknown_variant_is_refused():
    with pytest.raises(ExplorerError, match="unknown icbm2tal variant"):
        mni_to_tal([0, 0, 0], "afni")


# ---- Peak tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    "label,x,y,z", "Region,X (mm),Y (mm),Z (mm)", "name,mni_x,mni_y,mni_z", "area,x_mni,y_mni,z_mni",
    "structure,coord x,coord y,coord z", "Label,MNI X,MNI Y,MNI Z",
])
def test_header_variants(header):
    peaks, problems = parse_peak_text(f"{header}\ndACC,-8,20,40\nright amygdala,22,\u22124,-18\n")
    assert problems == []
    assert [(p.label, p.xyz, p.space, p.line) for p in peaks] == [
        ("dACC", (-8, 20, 40), "mni", 2), ("right amygdala", (22, -4, -18), "mni", 3)]


def test_columns_found_by_name_in_any_order_with_space_column_tsv(tmp_path):
    path = tmp_path / "peaks.tsv"
    path.write_text("z\tSpace\tx\tRegion, side\ty\n40\tTAL\t-8\tdACC, left\t20\n-18\tMNI\t22\tamygdala\t-4\n"
                    "3\t\t1\tno space\t2\n")
    peaks, problems = read_peak_table(path, space="tal")
    assert problems == []
    assert [(p.xyz, p.space, p.label) for p in peaks] == [
        ((-8, 20, 40), "tal", "dACC, left"), ((22, -4, -18), "mni", "amygdala"), ((1, 2, 3), "tal", "no space")]
    assert peaks[0].mni == pytest.approx(tuple(tal_to_mni([-8, 20, 40])))


def test_semicolon_table_with_decimal_commas():
    peaks, problems = parse_peak_text("region;x;y;z\nvmPFC;\u22122,5;46,25;\u22128\n")
    assert problems == [] and peaks[0].xyz == (-2.5, 46.25, -8)


def test_first_row_with_a_missing_number_is_a_bad_row_not_a_header():
    peaks, problems = parse_peak_text("a,1,,3\nb,4,5,6\n")
    assert [p.label for p in peaks] == ["b"]
    assert [(p.line, p.message) for p in problems] == [
        (1, "expected three numbers (x, y, z); found 2 in 'a | 1 |  | 3'")]


def test_space_in_header_applies_to_rows():
    peaks, _ = parse_peak_text("Talairach x;Talairach y;Talairach z\n1;2;3\n")
    assert peaks[0].space == "tal"


def test_no_header_takes_first_three_numeric_columns():
    text = "dACC,-8,20,40,MNI\nleft amygdala,-22,-4,-18,Talairach,7.2\n"
    peaks, problems = parse_peak_text(text)
    assert problems == []
    assert [(p.label, p.xyz, p.space) for p in peaks] == [
        ("dACC", (-8, 20, 40), "mni"), ("left amygdala", (-22, -4, -18), "tal")]


def test_pasted_from_a_pdf_with_spaces_and_unicode_minus():
    text = "anterior cingulate  \u22128  20  40\n# a comment\n\nleft amygdala \u221222 \u22124 \u221218\n"
    peaks, problems = parse_peak_text(text)
    assert problems == []
    assert [(p.label, p.xyz, p.line) for p in peaks] == [
        ("anterior cingulate", (-8, 20, 40), 1), ("left amygdala", (-22, -4, -18), 4)]


def test_bad_rows_are_reported_at_their_line_and_the_others_come_out(tmp_path):
    path = tmp_path / "peaks.csv"
    path.write_text("label,x,y,z,space\na,1,2,3,MNI\nb,1,foo,3,\nc,4,5\nd,7,8,9,bogus\ne,10,11,12,tal\n")
    peaks, problems = read_peak_table(path)
    assert [p.label for p in peaks] == ["a", "e"]
    assert [str(p) for p in problems] == [
        f"{path}:3: y is 'foo', not a number",
        f"{path}:4: expected x, y, z in columns 2, 3, 4; the row has 3 cell(s)",
        f"{path}:5: space 'bogus' is neither MNI nor Talairach"]


def test_unusable_inputs_raise(tmp_path):
    with pytest.raises(ExplorerError, match="no such file"):
        read_peak_table(tmp_path / "missing.csv")
    with pytest.raises(ExplorerError, match="no rows"):
        parse_peak_text("\n\n")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ExplorerError, match="not a text table"):
        read_peak_table(tmp_path / "bin.csv")


# ---- Lookup: distances and speed -----------------------------------------------------------


def test_point_in_a_region_is_at_distance_zero_and_others_are_measured(aal3):
    found = point_in_atlas(aal3, (23, -5, -18))
    assert found.label == "Amygdala_R" and found.region == "amygdala"
    assert found.distance_mm["amygdala"] == 0
    assert found.nearest_region() == ("amygdala", 0)
    # Independent: the nearest MPFC voxel centre by brute force.
    ids = aal3.label_ids_for("mpfc")
    ijk = np.argwhere(np.isin(aal3.data, ids))
    mm = ijk @ aal3.affine[:3, :3].T + aal3.affine[:3, 3]
    assert found.distance_mm["mpfc"] == pytest.approx(np.linalg.norm(mm - [23, -5, -18], axis=1).min(), abs=0.05)


def test_hundred_peaks_reuse_the_region_trees(atlases, monkeypatch):
    """The per-region KD-trees are built on the first lookup only (the speed lives in the
    benchmarks; here: no later lookup builds a tree again)."""
    import scipy.spatial

    rng = np.random.default_rng(3)
    points = [tuple(p) for p in rng.uniform(-60, 60, size=(100, 3))]
    for atlas in atlases.values():
        point_in_atlas(atlas, points[0])  # builds the per-region trees
    built = []
    real = scipy.spatial.cKDTree
    monkeypatch.setattr(scipy.spatial, "cKDTree", lambda *a, **k: built.append(1) or real(*a, **k))
    results = [point_in_atlas(atlas, point) for point in points for atlas in atlases.values()]
    assert built == [], f"{len(built)} trees rebuilt after the first lookup"
    assert any(r.distance_mm for r in results), "no distances computed: the check saw no tree in use"


# ---- `where --table` against an independent lookup of the atlas files ----------------------


def _independent_aal3(manifest):
    img = nib.load(str(manifest.volume))
    names = {}
    for line in manifest.labels.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            names[int(parts[0])] = parts[1]
    data = np.asarray(img.dataobj)
    return data > 0, img.affine, lambda ijk: names.get(int(data[ijk]))


def _independent_harvard_oxford(manifest):
    img = nib.load(str(manifest.volume))
    with open(manifest.labels, newline="") as fh:
        names = {int(row["index"]): row["name"] for row in csv.DictReader(fh)}
    prob = np.asarray(img.dataobj)
    inside = prob.max(axis=3) >= manifest.threshold

    def label(ijk):
        values = prob[ijk]
        best = int(np.argmax(values))
        return names[best] if values[best] >= manifest.threshold else None
    return inside, img.affine, label


def _independent_desikan_killiany(manifest):
    """The 3D label file and its CSV, minus the labels the manifest leaves out (they read as unlabelled)."""
    img = nib.load(str(manifest.volume))
    with open(manifest.labels, newline="") as fh:
        names = {int(row["index"]): row["name"] for row in csv.DictReader(fh)}
    data = np.asarray(img.dataobj).astype(np.int64)
    kept = {value for value, name in names.items() if value > 0 and name not in manifest.exclude}
    inside = np.isin(data, list(kept))
    return inside, img.affine, lambda ijk: names[int(data[ijk])] if int(data[ijk]) in kept else None


INDEPENDENT = {"aal3": _independent_aal3, "harvard-oxford": _independent_harvard_oxford,
               "juelich": _independent_harvard_oxford,  # also FSL 4D probabilities, 25 % max-probability
               "desikan-killiany": _independent_desikan_killiany}


@pytest.fixture(scope="module")
def independent(manifests):
    assert set(manifests) == set(INDEPENDENT), "a new shipped atlas needs its independent reader here"
    return {atlas_id: INDEPENDENT[atlas_id](m) for atlas_id, m in manifests.items()}


def _random_points(inside, affine, rng, n):
    """n random points inside the atlas's labelled voxels, jittered within the voxel (never on a .5 tie)."""
    voxels = np.argwhere(inside)
    chosen = voxels[rng.choice(len(voxels), n, replace=False)] + rng.uniform(-0.4, 0.4, size=(n, 3))
    return chosen @ affine[:3, :3].T + affine[:3, 3]


def test_where_table_agrees_with_an_independent_lookup(tmp_path, independent, atlases):
    rng = np.random.default_rng(2024)
    points = np.vstack([_random_points(inside, affine, rng, 40) for inside, affine, _ in independent.values()])
    table = tmp_path / "points.csv"
    table.write_text("x,y,z\n" + "".join(f"{x:.3f},{y:.3f},{z:.3f}\n" for x, y, z in points))
    result = run("where", "--table", str(table), "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == len(points) == 40 * len(independent)
    for atlas_id, (inside, affine, label_of) in independent.items():
        atlas = atlases[atlas_id]
        derived_from = {d.name: d.source for d in atlas.derived.values()}
        supplement = {atlas.labels[i].name for i in atlas.supplements}
        checked = 0
        for record in records:
            point = np.round(record["input"], 3)
            ijk = tuple(np.rint(np.linalg.solve(affine, [*point, 1.0])[:3]).astype(int))
            in_grid = all(0 <= i < n for i, n in zip(ijk, inside.shape, strict=True))
            expected = label_of(ijk) if in_grid else None  # another atlas's point may lie off this grid
            got = record["atlases"][atlas_id]["label"]
            if got in supplement:
                assert expected is None, (point, got, expected)
            else:
                assert derived_from.get(got, got) == expected, (atlas_id, point, got, expected)
            checked += expected is not None
        assert checked >= 30


# ---- CLI exit codes ------------------------------------------------------------------------


def test_where_table_text_output_bad_row_and_exit_codes(tmp_path):
    table = tmp_path / "peaks.csv"
    table.write_text("label,x,y,z,space\ndACC,-8,20,40,MNI\nbroken,1,x,3,\nright amygdala,20.7,-4.9,-13.2,TAL\n")
    result = run("where", "--table", str(table), "--atlas", "aal3")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"{table}:3: y is 'x', not a number"]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[1].startswith("2\tdACC\tMNI\t(-8, 20, 40)\tFrontal_Sup_Medial_L")
    # Talairach (20.7, -4.9, -13.2) is MNI (23, -5, -18) by icbm2tal: the right amygdala.
    assert lines[2].startswith("4\tright amygdala\tTalairach\t(23, -5, -18)\tAmygdala_R\tAmygdala")

    good = tmp_path / "good.tsv"
    good.write_text("x\ty\tz\n-8\t20\t40\n")
    assert run("where", "--table", str(good), "--atlas", "aal3").returncode == 0
    missing = run("where", "--table", str(tmp_path / "missing.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    both = run("where", "1", "2", "3", "--table", str(good))
    assert both.returncode == 2 and "not both" in both.stderr


def test_where_single_point_accepts_talairach():
    tal = mni_to_tal([23, -5, -18])
    result = run("where", *(f"{v:.3f}" for v in tal), "--space", "tal", "--atlas", "aal3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mni"] == pytest.approx([23, -5, -18], abs=0.01)
    assert data["label"]["name"] == "Amygdala_R" and data["input"]["space"] == "Talairach"
    assert run("where").returncode == 2
