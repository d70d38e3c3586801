"""Content files are checked by a schema, and every problem is reported at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.annotations import parse_annotation
from explorer.model.atlas import Atlas
from explorer.model.circuits import load_links
from explorer.model.content import load_content
from explorer.model.errors import ContentError
from explorer.model.manifest import load_manifest
from explorer.model.tours import load_tours, parse_tour


def _line_of_nth(text: str, needle: str, n: int) -> int:
    """1-based line of the n-th (1-based) occurrence of `needle`: where the test expects the report."""
    index = -1
    for _ in range(n):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


TWO_STEPS = """title: Names repeated
steps:
  - title: First
    text: Next we will meet the hippocampus-ish, which this atlas does not have.
    highlight: [amygdala]
  - title: Second
    view: anterior
    highlight:
      - amygdala
      - hippocampus-ish
"""


def test_unknown_region_in_step_two_is_reported_at_step_two(tmp_path, regions):
    path = tmp_path / "tour.yaml"
    path.write_text(TWO_STEPS)
    with pytest.raises(ContentError) as err:
        parse_tour(path, set(regions))
    problem = err.value.problem
    assert problem.line == _line_of_nth(TWO_STEPS, "hippocampus-ish", 2) == 10
    assert problem.message == "step 2: unknown region 'hippocampus-ish' in highlight"


@pytest.mark.parametrize(("body", "line", "message"), [
    ("title: X\nsteps:\n  - title: A\n  - text: no title\n", 4, "step 2: missing required key 'title'"),
    ("title: X\nsteps:\n  - title: A\n    context_opacity: 2\n", 4, "step 1, 'context_opacity'"),
    ("title: X\nsteps:\n  - title: A\n    camera:\n      position: [1, 2]\n      focal_point: [0, 0, 0]\n"
     "      up: [0, 0, 1]\n", 5, "step 1, 'camera', 'position'"),
    ("title: X\nsteps:\n  - title: A\n    hemispheres: both\n  - title: B\n    hemispheres: top\n", 6,
     "step 2: unknown hemispheres 'top'"),
    ("title: X\nsteps:\n  - title: A\n    highlihgt: [acc]\n", 4, "step 1: unknown key 'highlihgt'"),
    ("title: X\nsteps: []\n", 2, "'steps' must be longer"),
])
def test_tour_schema_errors_name_their_own_line(tmp_path, regions, body, line, message):
    (tmp_path / "bad.yaml").write_text(body)
    problem = load_tours(tmp_path, set(regions)).broken["bad"]
    assert (problem.line, problem.message[: len(message)]) == (line, message), problem


def test_tour_reference_and_quote_are_checked_at_their_step(tmp_path, regions, content):
    body = ("title: X\nsteps:\n  - title: A\n    references: [courtney2020]\n  - title: B\n"
            "    references: [courtney2020, nobody2099]\n")
    (tmp_path / "refs.yaml").write_text(body)
    quote = ("title: X\nsteps:\n  - title: A\n    quotes:\n      - text: Our brains are wired for pizza\n"
             "        source: relationships\n")
    (tmp_path / "quote.yaml").write_text(quote)
    broken = load_tours(tmp_path, set(regions), content).broken
    assert (broken["refs"].line, broken["refs"].message) == (6, "step 2: unknown reference 'nobody2099'")
    assert broken["quote"].line == 5 and "not verbatim" in broken["quote"].message


def test_circuit_link_problem_is_at_its_own_link(tmp_path, regions, content):
    path = tmp_path / "circuits.yaml"
    text = ("links:\n  - from: ofc\n    to: acc\n    caption: Unlike the insula-ish, these two work together.\n"
            "    quote: \"regulates social behavior\"\n    source: hun2024\n"
            "  - from: amygdala\n    to: insula-ish\n    caption: x\n    quote: \"regulates social behavior\"\n"
            "    source: hun2024\n")
    path.write_text(text)
    with pytest.raises(ContentError) as err:
        load_links(set(regions), content, path)
    assert err.value.problem.line == _line_of_nth(text, "insula-ish", 2) == 8
    assert err.value.problem.message == "link 2: unknown region 'insula-ish'"
    path.write_text("links:\n  - from: ofc\n    to: acc\n    quote: q\n")
    with pytest.raises(ContentError, match=r"circuits.yaml:2: link 1: missing required key 'source'"):
        load_links(set(regions), content, path)


PAGE = """---
id: test-page
kind: topic
title: A page
summary: The study nobody2099 is not in the list, and topic:nowhere is a link to nothing.
references:
  - courtney2020
  - nobody2099
links: [region:amygdala, topic:nowhere]
---
## In plain words
Text with ![a picture](missing.png) in it.
"""


def test_page_problems_are_at_the_list_item_not_the_first_mention(tmp_path, regions):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "page.md").write_text(PAGE)
    lib = load_content([pack], known_regions=set(regions))
    found = {(p.line, p.message) for p in lib.problems if p.path.name == "page.md"}
    assert found == {(8, "unknown reference key 'nobody2099'"), (9, "unknown topic 'nowhere'"),
                     (12, "image 'missing.png' is not a file inside the content folder")}


@pytest.mark.parametrize(("front", "line", "message"), [
    ("id: a\nkind: topic\ntitle: T\nsumary: typo\n", 5, "unknown key 'sumary'"),
    ("id: a\nkind: topik\ntitle: T\n", 3, "unknown kind 'topik'"),
    ("id: a\nkind: topic\ntitle: T\nquotes:\n  - text: one\n    source: s\n  - text: two\n", 8,
     "quote 2: missing required key 'source'"),
    ("id: a\nkind: topic\ntitle: T\nfindings:\n  - ref: x\n    evidence: rumour\n    text: t\n", 7,
     "finding 1: unknown evidence 'rumour'"),
    ("id: a\nkind: topic\ntitle: '  '\n", 4, "'title' must not be empty"),
    ("id: a\nkind: topic\ntitle: T\naliases: just one\n", 5, "'aliases' must be a list"),
])
def test_front_matter_schema_errors(tmp_path, front, line, message):
    path = tmp_path / "page.md"
    path.write_text(f"---\n{front}---\nBody\n")
    with pytest.raises(ContentError) as err:
        parse_annotation(path)
    assert (err.value.problem.line, err.value.problem.message[: len(message)]) == (line, message)


def _manifest(tmp_path: Path, manifests, old: str, new: str) -> tuple[Path, str]:
    text = manifests["aal3"].path.read_text()
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "aal3.toml"
    path.write_text(text)
    return path, text


def test_manifest_label_error_is_at_its_own_key_not_a_comment(tmp_path, manifests, regions):
    old = '[regions.amygdala]\nleft = ["Amygdala_L"]\nright = ["Amygdala_R"]'
    new = ('[regions.amygdala]\n# Amygdala_Right is spelt out here first.\n'
           'left = ["Amygdala_L"]\nright = ["Amygdala_Right"]')
    path, text = _manifest(tmp_path, manifests, old, new)
    with pytest.raises(ContentError) as err:
        Atlas.load(load_manifest(path), regions)
    assert err.value.problem.line == _line_of_nth(text, "Amygdala_Right", 2)
    assert "no label named 'Amygdala_Right'" in err.value.problem.message


@pytest.mark.parametrize(("old", "new", "key", "message"), [
    ('kind = "labels"', 'kind = "labelz"', 'kind = "labelz"', "'volume': unknown kind 'labelz'"),
    ('format = "aal"', 'format = "aal"\nformt = "x"', 'formt', "'labels': unknown key 'formt'"),
    ('credit = "AAL3', 'creditt = "AAL3', "[licence]", "'licence': missing required key 'credit'"),
    ('right = ["Amygdala_R"]', 'rigth = ["Amygdala_R"]', "rigth", "'regions', 'amygdala': unknown key 'rigth'"),
])
def test_manifest_schema_errors_name_their_line(tmp_path, manifests, old, new, key, message):
    path, text = _manifest(tmp_path, manifests, old, new)
    with pytest.raises(ContentError) as err:
        load_manifest(path)
    assert err.value.problem.line == _line_of_nth(text, key, 1)
    assert err.value.problem.message.startswith(message), err.value.problem.message


def test_blank_lines_before_the_front_matter_keep_lines_true(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("\ufeff\n\n---\nid: a\nkind: topic\ntitle: T\nregions: [acc]\nsumary: typo\n---\nBody\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as err:
        parse_annotation(path)
    assert (err.value.problem.line, err.value.problem.message) == (8, "unknown key 'sumary'")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('color = "#D55E00"', 'color = "orange"', "'amygdala', 'color': 'orange' is not a colour written #RRGGBB"),
    ('view = "inferior"', 'view = "below"', "'ofc': unknown view 'below'"),
    ('members = [', 'members = ["hippocampus-ish", ', "group 'social-brain-network': unknown member 'hippocampus-ish'"),
])
def test_regions_file_errors_name_their_line(tmp_path, old, new, message):
    from explorer.model.paths import ATLAS_DIR
    from explorer.model.regions import load_regions

    text = (ATLAS_DIR / "regions.toml").read_text()
    assert old in text
    text = text.replace(old, new, 1)
    (tmp_path / "regions.toml").write_text(text)
    with pytest.raises(ContentError) as err:
        load_regions(tmp_path / "regions.toml")
    assert err.value.problem.line == _line_of_nth(text, new, 1)
    assert err.value.problem.message.startswith(message), err.value.problem.message
