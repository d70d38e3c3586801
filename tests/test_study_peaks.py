"""Peaks in front matter: schema and reference checks, the panel sentence, markers and quiz questions.

The peaks here are test data in a temporary pack, not shipped content: each sentence and answer is
checked against an independent nibabel lookup of the atlas files.
"""

from __future__ import annotations

import csv
import tomllib

import nibabel as nib
import numpy as np
import pytest

from explorer.model.content import load_content
from explorer.model.panel_html import region_panel_html
from explorer.model.peak_text import peak_sentence, peaks_for_selection
from explorer.model.quiz import generate
from explorer.model.selection import RegionSelection, selection_for_region

PAGE = """---
id: acc
kind: region
title: Anterior cingulate cortex (ACC)
regions: [acc]
summary: A test page.
peaks:
  - xyz: [-8, 20, 40]
    space: MNI
    ref: eisenberger2003
    table: "Test table 1"
    label: dorsal ACC
    verified: "https://example.org/test-table (test data, not a shipped claim)"
  - xyz: [4, 36, 20]
    space: TAL
    ref: eisenberger2007
    table: "Test table 2"
    verified: "https://example.org/test-table (test data, not a shipped claim)"
---
Body.
"""


def _pack(tmp_path, text=PAGE):
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "acc.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def lib(tmp_path_factory, regions):
    return load_content([_pack(tmp_path_factory.mktemp("peaks"))], known_regions=set(regions))


def _independent_label(manifest, mni):
    """The label name at an MNI point, read straight from the atlas files (3D label volumes only)."""
    img = nib.load(str(manifest.volume))
    ijk = tuple(np.rint(np.linalg.solve(img.affine, [*mni, 1.0])[:3]).astype(int))
    value = int(np.asarray(img.dataobj)[ijk])
    if manifest.labels_format == "aal":
        names = {int(p[0]): p[1] for p in (line.split() for line in manifest.labels.read_text().splitlines()) if p}
    else:
        with open(manifest.labels, newline="") as fh:
            names = {int(row["index"]): row["name"] for row in csv.DictReader(fh)}
    return names.get(value) if value else None


def _region_of(manifest, label_name):
    """The teaching region a label name belongs to, read from the manifest's TOML (derived names excluded)."""
    data = tomllib.loads(manifest.path.read_text(encoding="utf-8"))
    for region_id, sides in data["regions"].items():
        for side in ("left", "right", "midline"):
            if label_name in sides.get(side, []):
                return region_id
    return None


def test_peaks_load_with_space_and_line(lib):
    page = lib.annotations["acc"]
    assert [p.space for p in page.peaks] == ["mni", "tal"]
    assert page.peaks[0].xyz == (-8.0, 20.0, 40.0) and page.peaks[0].mni == (-8.0, 20.0, 40.0)
    assert page.peaks[0].line == 8 and page.peaks[1].line == 14
    assert not [p for p in lib.problems if p.path.name == "acc.md" and "pack" in str(p.path)]


def test_bad_reference_key_is_reported_at_its_line(tmp_path, regions):
    lib = load_content([_pack(tmp_path, PAGE.replace("ref: eisenberger2007", "ref: nobody2099"))],
                       known_regions=set(regions))
    problems = [str(p) for p in lib.problems if "pack" in str(p.path)]
    assert problems == [f"{tmp_path / 'pack' / 'acc.md'}:14: peak: unknown reference key 'nobody2099'"]


def test_bad_space_is_a_schema_error_with_its_line(tmp_path, regions):
    lib = load_content([_pack(tmp_path, PAGE.replace("space: TAL", "space: Tailarach"))], known_regions=set(regions))
    problems = [p for p in lib.problems if "pack" in str(p.path)]
    assert len(problems) == 1 and problems[0].line == 15 and "space" in problems[0].message


def test_sentence_names_each_atlas_label_found_independently(lib, atlases, manifests):
    peak = lib.annotations["acc"].peaks[0]
    ordered = [atlases[a] for a in ("aal3", "desikan-killiany", "harvard-oxford", "juelich")]
    sentence = peak_sentence(peak, "Eisenberger et al. (2003)", ordered)
    assert sentence.startswith("Eisenberger et al. (2003) report a peak in the dorsal ACC at (−8, 20, 40) (MNI). ")
    for atlas_id in ("aal3", "desikan-killiany"):
        name = _independent_label(manifests[atlas_id], peak.mni)
        short = atlases[atlas_id].manifest.short
        assert name is not None
        if name in manifests[atlas_id].exclude:  # e.g. white matter, which the app leaves unlabelled
            assert f"{short} gives it no label" in sentence
            continue
        derived = {d.source: d.name for d in manifests[atlas_id].derived}
        found = [n for n in (name, derived.get(name)) if n and f"{short} puts it in {n}" in sentence]
        assert found, (atlas_id, name, sentence)
        region = _region_of(manifests[atlas_id], found[0])
        if region:
            assert f"{short} puts it in {found[0]}, which this app counts as" in sentence


def test_talairach_peak_is_converted_before_the_lookup(lib, aal3, manifests):
    peak = lib.annotations["acc"].peaks[1]
    # icbm2tal, FSL variant (Lancaster et al., 2007), inverted here by hand-typed matrix
    m = np.array([[0.9464, 0.0034, -0.0026, -1.0680], [-0.0083, 0.9479, -0.0580, -1.0239],
                  [0.0053, 0.0617, 0.9010, 3.1883], [0, 0, 0, 1]])
    mni = np.linalg.solve(m, [4, 36, 20, 1])[:3]
    assert peak.mni == pytest.approx(tuple(mni))
    sentence = peak_sentence(peak, "Someone", [aal3])
    assert "(4, 36, 20) (Talairach), (" in sentence and "in MNI after the icbm2tal conversion" in sentence
    assert f"AAL3 puts it in {_independent_label(manifests['aal3'], mni)}" in sentence


def test_panel_shows_the_peaks_section_sanitised(lib, aal3):
    html = region_panel_html(lib.annotations["acc"], "ACC", aal3, selection_for_region(aal3, "acc"), lib)
    assert "<h3>Peaks from studies</h3>" in html and "AAL3 puts it in" in html
    assert "Test table 1; checked in https://example.org/test-table (test data" in html


def test_markers_follow_the_selected_page(lib, aal3):
    points = [p.mni for p in peaks_for_selection(selection_for_region(aal3, "acc"), aal3, lib)]
    assert points[0] == (-8.0, 20.0, 40.0) and len(points) == 2
    amygdala = peaks_for_selection(RegionSelection("amygdala", aal3.label_ids_for("amygdala")), aal3, lib)
    assert amygdala == lib.annotations["amygdala"].peaks and (-8.0, 20.0, 40.0) not in [p.mni for p in amygdala]
    assert peaks_for_selection(RegionSelection("ofc", aal3.label_ids_for("ofc")), aal3, lib) == ()  # no peaks
    assert peaks_for_selection(None, aal3, lib) == ()


def test_marker_mesh_has_one_sphere_per_point():
    from explorer.render.markers import STUDY_RADIUS as RADIUS_MM
    from explorer.render.markers import spheres as marker_mesh

    mesh = marker_mesh([(-8, 20, 40), (30, -10, 0)], RADIUS_MM)
    assert mesh.n_points > 0
    assert mesh.bounds[0] == pytest.approx(-8 - RADIUS_MM, abs=0.2)
    assert mesh.bounds[1] == pytest.approx(30 + RADIUS_MM, abs=0.2)
    assert marker_mesh([]).n_points == 0


@pytest.mark.parametrize("atlas_id", ["aal3", "desikan-killiany"])
def test_quiz_question_from_a_peak_has_the_independently_found_answer(lib, atlases, manifests, atlas_id):
    atlas = atlases[atlas_id]
    questions = {q.id: q for q in generate(lib, atlas)}
    peak = lib.annotations["acc"].peaks[0]
    name = _independent_label(manifests[atlas_id], peak.mni)
    derived = {d.source: d for d in manifests[atlas_id].derived}
    region = None if name in manifests[atlas_id].exclude else _region_of(manifests[atlas_id], name)
    if name in derived:  # a clipped label: the part inside the box has the derived name
        from explorer.model.derived import inside_clip

        if inside_clip(np.array([peak.mni]), derived[name].clip)[0]:
            region = _region_of(manifests[atlas_id], derived[name].name)
    question = questions.get("peak:acc:0")
    if region is None:
        assert question is None  # a peak in no teaching region is not asked
    else:
        assert question.kind == "click" and question.answers == (region,)
        assert question.prompt == "In which teaching region does (−8, 20, 40) (MNI) fall? Click it in 3D."
        assert "dorsal ACC" not in question.prompt  # the paper's name would give the answer away


def test_peak_without_a_checkable_source_is_reported_at_its_line(tmp_path, regions):
    text = PAGE.replace('verified: "https://example.org/test-table (test data, not a shipped claim)"\n  - xyz',
                        'verified: "trust me"\n  - xyz', 1)
    lib = load_content([_pack(tmp_path, text)], known_regions=set(regions))
    problems = [str(p) for p in lib.problems if "pack" in str(p.path)]
    assert problems == [f"{tmp_path / 'pack' / 'acc.md'}:8: peak: 'verified' must say where the numbers were "
                        "checked: a URL or a repository file (owner/repo:path)"]
    fixed = text.replace('"trust me"', '"neurostuff/neurostore:store/data/peaks.csv"')
    assert not [p for p in load_content([_pack(tmp_path, fixed)], known_regions=set(regions)).problems
                if "pack" in str(p.path)]


SHIPPED_ATLASES = ("aal3", "harvard-oxford", "desikan-killiany", "juelich")


def _clauses(sentence: str, atlases) -> dict[str, str]:
    """The sentence's clause for each atlas, by its short name: "AAL3 puts it in X, which ..."."""
    tail = sentence.split(") (MNI). ", 1)[1].rstrip(".")
    parts = tail.split("; ")
    assert len(parts) == len(atlases), sentence
    return {a.manifest.id: part for a, part in zip(atlases, parts, strict=True)}


def test_each_core_page_ships_a_checked_peak(content):
    """Issue 12: the ACC, MPFC and amygdala pages each list at least one peak a study reports, with a
    reference that has a DOI and a bib note saying where the numbers were read, and a checkable source."""
    from explorer.model.content import CHECKED_AT

    assert not [p for p in content.problems if "peak" in p.message]
    for page_id in ("acc", "mpfc", "amygdala"):
        peaks = content.annotations[page_id].peaks
        assert peaks, page_id
        for peak in peaks:
            ref = content.references[peak.ref]
            assert ref.doi and ref.verified and peak.table and peak.label, (page_id, peak)
            where = CHECKED_AT.search(peak.verified).group(0)
            assert where.split(" ")[0] in ref.note, (page_id, where, ref.note)  # the bib note names the same source
            assert peak.ref in content.annotations[page_id].references, (page_id, peak.ref)


def test_shipped_peaks_read_as_an_independent_lookup_of_the_atlas_files(content, atlases, manifests):
    """Every shipped peak's panel sentence names, for each atlas, the label found by reading the atlas
    files with nibabel (3D labels, or 25 % max-probability for the 4D ones), not through the app."""
    from tests.test_coordinates import INDEPENDENT

    ordered = [atlases[a] for a in SHIPPED_ATLASES]
    readers = {a: INDEPENDENT[a](manifests[a]) for a in SHIPPED_ATLASES}
    shipped = [(page.id, peak) for page in content.annotations.values() for peak in page.peaks]
    assert len(shipped) >= 3
    for page_id, peak in shipped:
        sentence = peak_sentence(peak, content.references[peak.ref].short, ordered)
        for atlas_id, clause in _clauses(sentence, ordered).items():
            inside, affine, label_of = readers[atlas_id]
            ijk = tuple(np.rint(np.linalg.solve(affine, [*peak.mni, 1.0])[:3]).astype(int))
            in_grid = all(0 <= i < n for i, n in zip(ijk, inside.shape, strict=True))
            expected = label_of(ijk) if in_grid else None
            atlas = atlases[atlas_id]
            short = atlas.manifest.short
            if expected is None:
                assert not clause.startswith(f"{short} puts it in"), (page_id, clause)
                continue
            got = clause.removeprefix(f"{short} puts it in ").split(", which")[0]
            derived_from = {d.name: d.source for d in atlas.derived.values()}
            assert derived_from.get(got, got) == expected, (page_id, atlas_id, clause, expected)
            counted = _region_of(manifests[atlas_id], got) is not None  # read from the manifest's TOML
            assert (", which this app counts as" in clause) == counted, (page_id, clause)


@pytest.mark.parametrize("page_id", ["acc", "mpfc", "amygdala"])
def test_a_figure_cites_every_study_whose_peak_it_draws(content, aal3, page_id):
    """The footer of a region's figure lists the reference of each study peak drawn on it, even when
    the page's own first references are other studies."""
    from explorer.model.figure_markers import figure_markers
    from explorer.model.figure_text import figure_text

    selection = selection_for_region(aal3, page_id)
    markers = figure_markers(selection, aal3, content)
    drawn = {peak.ref for peak in content.annotations[page_id].peaks}
    assert markers.study_peaks and drawn
    for quote_index in (None, 0):
        text = figure_text(aal3, content, selection, "selected", True, quote_index)
        assert drawn <= set(text.reference_keys), (page_id, quote_index, text.reference_keys)
        for key in drawn:
            assert any(content.references[key].doi in line for line in text.references)


def test_new_peaks_reuse_the_marker_sphere(monkeypatch):
    """Each click that shows another page's peaks rebuilds their mesh, but not the sphere it copies
    (pyvista builds a sphere through several filters: about 3 ms of the click)."""
    import pyvista as pv

    from explorer.render import markers

    made = []
    real = pv.Sphere
    monkeypatch.setattr(markers.pv, "Sphere", lambda **kw: (made.append(kw["radius"]), real(**kw))[1])
    markers._sphere.cache_clear()
    first = markers.spheres([(-8, 20, 40)], radius=2.5)
    second = markers.spheres([(30, -10, 0), (4, 40, -10)], radius=2.5)
    assert made == [2.5]
    assert second.n_cells == 2 * first.n_cells
    assert np.allclose(second.center, (17, 15, -5), atol=0.5)
    markers._sphere.cache_clear()  # later tests make their own
