"""Content a teacher can defend: brackets where the document puts them, honest tags, no implied support."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.model import brackets
from explorer.model.circuits import load_links
from explorer.model.figure_text import figure_text
from explorer.model.pack_rules import pack_problems
from explorer.model.panel_html import APP_CHOSEN, APP_HEADING, CITED_HEADING, link_html, quote_html, references_html
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.sources import normalise
from explorer.model.state import selection_for_region
from explorer.model.tours import load_tours

HUN = "hun2024"
OXYTOCIN = ("Positive social experiences, such as supportive relationships and social belonging, promote the release "
            "of oxytocin and other neurochemicals that enhance feelings of trust and bonding")


def _expected_bracket(source_text: str, quote: str) -> str | None:
    """Independent oracle: a bracket sits between the quote's end and its sentence's full stop."""
    text = normalise(source_text)
    last = normalise([p for p in quote.split("…") if p.strip()][-1])
    found = set()
    for match in re.finditer(re.escape(last), text):
        rest = text[match.end():]
        stop = re.search(r"[.!?](?=\s|[A-Z]|$)", rest)
        between = rest[: stop.start()] if stop else rest
        bracket = re.fullmatch(r"\s*(\[[\d,\s]+\])\s*", between)
        if bracket:
            found.add(bracket.group(1).replace(" ", ""))
    assert len(found) <= 1
    return found.pop() if found else None


def _hun_quotes(content, regions, atlas):
    """(where, text, html shown) for every document-2 quote in pages, tours and circuits."""
    out = []
    for page in content.annotations.values():
        for quote in page.quotes:
            if quote.source == HUN:
                out.append((page.path.name, quote.text, quote_html(quote, 0, content)))
    for tour in load_tours(ANNOTATION_DIR / "tours", set(regions), content).tours.values():
        for step in tour.steps:
            for quote in step.quotes:
                if quote.source == HUN:
                    out.append((f"{tour.id}: {step.title}", quote.text, quote_html(quote, 0, content)))
    for link in load_links(set(regions), content):
        if link.source == HUN:
            out.append((f"circuit {link.a}-{link.b}", link.quote, link_html(link, content, atlas)))
    return out


def test_every_hun_quote_shows_only_the_bracket_that_closes_its_sentence(content, regions, aal3):
    source = content.sources[HUN].text
    shown = _hun_quotes(content, regions, aal3)
    assert len(shown) >= 30
    with_bracket = 0
    for where, text, html in shown:
        expected = _expected_bracket(source, text)
        citing = re.findall(r"citing (\[[\d,]+\])", html)
        if expected:
            with_bracket += 1
            assert citing == [expected], (where, text[:50], citing)
        else:
            assert citing == [], (where, text[:50], citing)
            assert "no citation on this sentence" in html or "no citation given there" in html, where
    assert 0 < with_bracket < len(shown)


def test_the_oxytocin_sentence_takes_its_bracket_from_its_second_appearance(content):
    cite = brackets.sentence_cite(content.sources[HUN].text, OXYTOCIN)
    assert (cite.own, cite.occurrence, cite.occurrences) == ("[9,10]", 2, 2)
    words = brackets.cite_words(cite)
    assert "citing [9,10]" in words and "second appearance" in words
    first_only = "These experiences contribute to the growth of new neurons and synapses"
    assert brackets.cite_words(brackets.sentence_cite(content.sources[HUN].text, first_only)) == (
        "no citation on this sentence; the paragraph ends with [5,6]")


def test_whole_sentence_rule(content):
    text = content.sources[HUN].text
    whole = "The amygdala, known for its role in emotional processing, plays a crucial part in detecting"
    assert not brackets.sentence_cite(text, whole).ends_sentence
    assert brackets.sentence_cite(text, whole + "…").whole
    cut = "studies have shown that social support can buffer against the negative effects of stress"
    assert not brackets.sentence_cite(text, cut).starts_sentence
    assert brackets.sentence_cite(text, "For example, " + cut + "…").whole
    # Sentences run together without a space in this copy ("well-being.At").
    assert brackets.sentence_cite(text, "At the heart of social neuroscience is the understanding that our brains "
                                        "are wired to connect").whole


def test_every_quote_in_the_shipped_content_is_whole(content, regions):
    for page in content.annotations.values():
        for quote in page.quotes:
            cite = brackets.sentence_cite(content.sources[quote.source].text, quote.text)
            assert cite is not None and cite.whole, (page.path.name, quote.text[:60])
    assert pack_problems(ANNOTATION_DIR, content) == []


def _pack(folder: Path) -> None:
    (folder / "tours").mkdir(parents=True)
    (folder / "wrong.md").write_text(
        "---\nid: wrong\nkind: topic\ntitle: Wrong\nquotes:\n"
        '  - text: "The amygdala, known for its role in emotional processing, plays a crucial part in detecting '
        'and responding to social cues, especially those related to threat or reward in social contexts"\n'
        '    source: hun2024\n    cites: "[1,2]"\n'
        '  - text: "a network of brain cells that activate both when we perform an action"\n'
        "    source: hun2024\n    cites: null\n---\nBody\n", encoding="utf-8")
    (folder / "claims.md").write_text(
        "---\nid: claims\nkind: topic\ntitle: Claims\nfindings:\n"
        "  - ref: adolphs2010\n    evidence: review\n    source: document\n    text: A review.\n---\nBody\n",
        encoding="utf-8")
    (folder / "tours" / "t.yaml").write_text(
        "title: T\nsteps:\n  - title: One\n    quotes:\n"
        f'      - text: "{OXYTOCIN}"\n        source: hun2024\n        cites: "[5,6]"\n', encoding="utf-8")


def test_check_content_flags_wrong_brackets_and_broken_off_quotes(tmp_path):
    pack = tmp_path / "pack"
    _pack(pack)
    result = subprocess.run([sys.executable, "-m", "explorer", "check-content", str(pack)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert f"{pack / 'wrong.md'}:6: cites [1,2] but no bracket closes this sentence" in "\n".join(lines), lines
    assert any(line.startswith(f"{pack / 'wrong.md'}:9: quote starts mid-sentence") for line in lines), lines
    assert any(line.startswith(f"{pack / 'wrong.md'}:9: quote breaks off") for line in lines), lines
    tour = pack / "tours" / "t.yaml"
    assert any(line.startswith(f"{tour}:5: the sentence is closed by [9,10] in the source, not [5,6]")
               for line in lines), lines
    assert any(line.startswith(f"{pack / 'claims.md'}:6: 'adolphs2010' is not in a source document's reference list")
               for line in lines), lines
    assert len(lines) == 5


def test_findings_are_split_by_who_brings_them_in(content, aal3):
    from explorer.model.panel_html import region_panel_html

    page = content.for_region("mpfc")
    html = region_panel_html(page, page.title, aal3, selection_for_region(aal3, "mpfc"), content)
    cited, further = html.index(CITED_HEADING), html.index(APP_HEADING)
    assert cited < html.index("<b>Courtney", cited) < further < html.index("<b>Amodio", cited)
    assert 'title="Brain scans' in html and "human imaging" in html and "review or theory" in html
    cited_by_documents = {k for s in content.sources.values() for k in s.references}
    assert cited_by_documents == {"siegel2023", "courtney2020", "schore2021", "holtlunstad2021"}
    for page in content.annotations.values():
        for finding in page.findings:
            assert (finding.source == "document") == (finding.ref in cited_by_documents), (page.id, finding.ref)
    kinds = {f.ref: f.evidence for p in content.annotations.values() for f in p.findings}
    assert kinds["eisenberger2003"] == kinds["eisenberger2007"] == kinds["bickart2011"] == "human-imaging"
    assert kinds["beer2006"] == "lesion" and kinds["holtlunstad2021"] == "epidemiological"


def test_circuit_links_say_whose_claim_they_are(content, regions, aal3):
    links = load_links(set(regions), content)
    kinds = {link.kind for link in links}
    assert kinds == {"reported", "named-together"}
    for link in links:
        html = link_html(link, content, aal3)
        assert "<script" not in html
        if link.kind == "reported":
            ref = content.references[link.ref]
            assert ref.doi and ref.doi in html and "Reported connection" in html
            assert link.caption.startswith(ref.short.split(" (")[0])
        else:
            assert "Named together, not a reported connection" in html
            assert link.caption.startswith("Hun (2024)")


def test_named_together_links_are_drawn_thin_grey_and_dashed(content, regions, aal3):
    import numpy as np

    from explorer.render.circuits import KIND_STYLE, link_arcs

    links = load_links(set(regions), content)
    mesh = link_arcs(aal3, links)
    for index, link in enumerate(links):
        cells = mesh.extract_cells(np.flatnonzero(mesh.cell_data["link"] == index))
        colours = {tuple(c) for c in cells.cell_data["rgb"]}
        assert colours == {KIND_STYLE[link.kind]["rgb"]}
        pieces = cells.connectivity().cell_data["RegionId"].max() + 1
        if link.kind == "named-together":
            assert pieces >= KIND_STYLE["named-together"]["dashes"]  # dashes, per hemisphere
        else:
            assert pieces <= 2  # one solid tube per hemisphere


def test_reading_lists_label_papers_the_documents_do_not_cite(content):
    html = references_html(("hun2024", "courtney2020", "adolphs2010"), content, copy_links=False)
    items = html.split("<li>")[1:]
    assert "(source document)" in items[0]
    assert "cited by Relationships: The Neurobiology of Connection" in items[1]
    assert APP_CHOSEN in items[2] and APP_CHOSEN not in items[0] + items[1]


def test_exports_use_the_same_bracket_rule(content, aal3):
    page = content.for_region("amygdala")
    index = next(i for i, q in enumerate(page.quotes) if q.text.startswith("The amygdala"))
    text = figure_text(aal3, content, selection_for_region(aal3, "amygdala"), quote_index=index)
    assert "no citation on this sentence; the paragraph ends with [1,2]" in text.attribution
    assert "citing [1,2]" not in text.attribution


@pytest.mark.parametrize("source_id", ["hun2024", "relationships"])
def test_source_notes_give_type_and_true_length(content, source_id):
    source = content.sources[source_id]
    words = int(re.search(r"Length: (\d+) words", source.note).group(1))
    assert words == len(source.text.split())
    assert "Type:" in source.note
    if source_id == "hun2024":
        assert "mini review" in source.note and "reference list is not" in source.note


def test_source_viewer_span_of_a_cut_or_repeated_quote(content):
    from explorer.model.sources import locate

    hun, doc1 = content.sources[HUN].text, content.sources["relationships"].text
    start, end = locate(hun, OXYTOCIN)
    assert hun[end:].startswith(" [9,10].") and start > hun.index("Digital")  # its second appearance
    start, end = locate(doc1, "This biological reward system helps explain…deeply distressing")
    assert " ".join(doc1[start:end].split()).endswith("why social isolation can be deeply distressing")
    assert locate(doc1, "This biological reward system…Our brains are fundamentally wired for connection") is None
