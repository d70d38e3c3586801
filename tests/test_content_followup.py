"""Issue 9 follow-up: pages agree with the atlas manifests, aliases do not overstate, handouts say who chose a paper."""

from __future__ import annotations

import re

import pytest

from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError
from explorer.model.panel_html import APP_CHOSEN
from explorer.model.state import selection_from_text
from explorer.render.handout import reference_lines

SHIPPED = ["aal3", "harvard-oxford"]
# Words in a sentence that says a named label is *not* part of the region shown.
EXCLUDING = ("left out", "neither", "instead", "empty", "not ", " no ", "out of", "as mpfc", "counted in",
             "counts", "separate")
# Function or topic words that must not name a region (issue 9, section 4 "Aliases").
NOT_ALIASES = ["empathy", "cortisol", "trust", "bonding hormone", "stress hormones", "subgenual", "social pain"]


def _norm(text: str) -> str:
    """Lower case, punctuation and underscores as spaces, padded so that ' name ' matches whole words."""
    return " " + " ".join(re.sub(r"[_,\-\"“”()/:;]", " ", text.lower()).split()) + " "


def _named(name: str, text: str) -> bool:
    return _norm(name) in _norm(text)


def _noted_pages(content):
    return [p for p in content.annotations.values() if p.atlas_notes and p.regions]


def _shown(atlas: Atlas, page) -> set[int]:
    return {lid for region in page.regions for lid in atlas.label_ids_for(region)}


def _display_of(atlas: Atlas, name: str) -> str:
    return next(label.display for label in atlas.labels.values() if label.name == name)


def _missing_from_note(atlas: Atlas, page) -> list[str]:
    """Labels the app shows for the page's regions that its atlas note does not name (with the clip rule)."""
    missing = []
    for lid in sorted(_shown(atlas, page)):
        rule = atlas.derived.get(lid)
        if rule is None:
            if not _named(atlas.labels[lid].display, page.atlas_notes):
                missing.append(atlas.labels[lid].name)
            continue
        source = _display_of(atlas, rule.source)
        numbers = [f"{abs(value):g} mm" for _, value in rule.clip]
        if not _named(source, page.atlas_notes) or not all(n in page.atlas_notes for n in numbers):
            missing.append(f"{atlas.labels[lid].name} ({source}, {rule.rule()})")
    return missing


def _claimed_without_mapping(atlas: Atlas, page) -> list[str]:
    """Labels the note names in a sentence that does not say they are left out, but that the app does not show."""
    shown = _shown(atlas, page)
    sources = {atlas.derived[lid].source for lid in shown if lid in atlas.derived}
    sentences = re.split(r"(?<=[.;])\s+", page.atlas_notes)
    wrong = []
    for label in atlas.labels.values():
        if label.id in shown or label.name in sources or label.id in atlas.derived:
            continue
        for sentence in sentences:
            if _named(label.display, sentence) and not any(w in _norm(sentence) for w in EXCLUDING):
                wrong.append(f"{label.name}: {sentence!r}")
    return wrong


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_atlas_notes_name_every_label_the_app_shows(atlases, content, atlas_id):
    atlas = atlases[atlas_id]
    problems = {p.id: _missing_from_note(atlas, p) for p in _noted_pages(content)}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("atlas_id", SHIPPED)
def test_atlas_notes_claim_no_label_the_manifest_leaves_out(atlases, content, atlas_id):
    atlas = atlases[atlas_id]
    problems = {p.id: _claimed_without_mapping(atlas, p) for p in _noted_pages(content)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_note_check_catches_the_old_mpfc_and_ofc_notes(atlases, content):
    """The old wording (Harvard-Oxford MPFC = two labels; AAL3 OFC = four) is caught, not waved through."""
    from dataclasses import replace

    ho, aal3 = atlases["harvard-oxford"], atlases["aal3"]
    mpfc = replace(content.annotations["mpfc"], atlas_notes='With Harvard-Oxford the app shows "Frontal Medial '
                   'Cortex" and "Paracingulate Gyrus"; with AAL3 "Frontal_Sup_Medial" and "Frontal_Med_Orb".')
    ofc = replace(content.annotations["ofc"], atlas_notes='AAL3 splits the OFC into OFCmed, OFCant, OFCpost and '
                  'OFClat, and the app shows all four. Harvard-Oxford has one "Frontal Orbital Cortex" label.')
    assert any("Superior_Frontal_Gyrus" in m for m in _missing_from_note(ho, mpfc))
    assert sorted(_missing_from_note(aal3, ofc)) == ["Frontal_Inf_Orb_2_L", "Frontal_Inf_Orb_2_R"]
    claims = replace(ofc, atlas_notes='The app shows "Rectus" and OFCmed.')
    assert any(w.startswith("Rectus") for w in _claimed_without_mapping(aal3, claims))


def test_mirror_note_gives_the_precentral_clip(atlases, content):
    page = content.annotations["mirror-neuron-system"]
    for atlas_id in SHIPPED:
        clipped = [atlases[atlas_id].derived[lid] for lid in _shown(atlases[atlas_id], page)
                   if lid in atlases[atlas_id].derived]
        assert clipped and all("Precentral" in rule.source for rule in clipped)
        assert all(f"z = {value:g} mm" in page.atlas_notes for rule in clipped for _, value in rule.clip)


@pytest.mark.parametrize("word", NOT_ALIASES)
def test_function_words_are_no_region_alias(regions, content, atlases, word):
    assert [r.id for r in regions.values() if word in (a.lower() for a in r.aliases)] == []
    region_pages = [p.id for p in content.annotations.values()
                    if p.kind in ("region", "group") and word in (a.lower() for a in p.aliases)]
    assert region_pages == []
    for atlas_id in SHIPPED:
        with pytest.raises(ExplorerError, match="unknown region"):
            selection_from_text(atlases[atlas_id], word)


def test_vmpfc_finds_the_mpfc_only(regions, content, atlases):
    for atlas_id in SHIPPED:
        assert selection_from_text(atlases[atlas_id], "vmPFC").region_id == "mpfc"
    owners = [p.id for p in content.annotations.values() if "vmpfc" in (a.lower() for a in p.aliases)]
    assert owners == ["mpfc"]
    assert "mpfc" in [p.id for p in content.search("vmPFC")]


def test_cortisol_search_finds_the_stress_topic_not_the_hypothalamus_alias(content):
    hits = {p.id: p for p in content.search("cortisol")}
    assert "social-support-stress" in hits
    assert "cortisol" not in (a.lower() for a in content.annotations["hypothalamus"].aliases)


def test_handout_references_say_who_brings_them_in(content):
    lines = reference_lines(content.annotations["ofc"], content)
    assert len(lines) == len(content.annotations["ofc"].references)
    beer = next(line for line in lines if line.startswith("Beer"))
    hun = next(line for line in lines if line.startswith("Hun"))
    assert beer.endswith(f"({APP_CHOSEN})")
    assert hun.endswith("(source document)")
    courtney = next(line for line in reference_lines(content.annotations["mpfc"], content)
                    if line.startswith("Courtney"))
    assert "(cited by " in courtney and APP_CHOSEN not in courtney


def test_no_page_shows_a_bibtex_key_in_its_prose(content):
    """'Amodio & Frith (amodio2006)' reads as a typo to a student: prose cites authors and years.

    A key that is a plain word (document 1's entry, `relationships`) cannot be told from prose, so only
    keys with a year or other non-letters are looked for.
    """
    keys = {key for key in content.references if not key.isalpha()}
    assert "hun2024" in keys and "relationships" not in keys
    for page in content.annotations.values():
        prose = [page.summary, page.body, page.atlas_notes,
                 *(q.context or "" for q in page.quotes), *(q.note or "" for q in page.quotes)]
        shown = {key for text in prose for key in keys if key in text}
        assert not shown, f"{page.path.name} shows reference keys {sorted(shown)} in its text"
