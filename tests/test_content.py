"""Content: quotes verbatim, honest attribution, references, coverage, bad packs (model layer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model.annotations import parse_annotation
from explorer.model.content import check, load_content
from explorer.model.errors import ContentError
from explorer.model.markup import markdown_to_html
from explorer.model.panel_html import region_panel_html
from explorer.model.references import DOI_PATTERN
from explorer.model.sources import normalise
from explorer.model.state import selection_for_region

CORE = ("amygdala", "mpfc", "ofc", "acc")


def all_quotes(content):
    return [(page, q) for page in content.annotations.values() for q in page.quotes]


def test_shipped_content_has_no_problems(content):
    assert content.problems == []
    assert len(content.annotations) >= 17


def test_every_quote_is_verbatim_in_its_source(content):
    quotes = all_quotes(content)
    assert len(quotes) >= 30
    for page, quote in quotes:
        text = normalise(content.sources[quote.source].text)
        position = 0
        for piece in (p for p in re.split(r"\s*…\s*", quote.text) if p):  # "…" marks a cut
            found = text.find(normalise(piece), position)
            assert found >= 0, f"{page.path.name}: {piece[:60]}"
            position = found + len(normalise(piece))


def test_sources_match_the_checksums_recorded_when_they_were_received(content):
    """Each source's metadata records the sha256 of the document as received; a changed byte fails."""
    import hashlib

    import yaml

    assert set(content.sources) == {"hun2024", "relationships"}
    for source in content.sources.values():
        meta = yaml.safe_load(source.path.with_suffix(".yaml").read_text(encoding="utf-8"))
        assert re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]), source.path.name
        assert hashlib.sha256(source.path.read_bytes()).hexdigest() == meta["sha256"], source.path.name


def test_an_altered_quote_is_caught(content):
    page, quote = next((p, q) for p, q in all_quotes(content) if p.id == "mpfc")
    from dataclasses import replace

    bad = replace(quote, text=quote.text.replace("closeness", "nearness"))
    content_copy = type(content)(dict(content.annotations), content.references, content.sources, [])
    content_copy.annotations["mpfc"] = replace(page, quotes=(bad,))
    problems = check(content_copy)
    assert any("not verbatim" in p.message and p.path.name == "mpfc.md" for p in problems)


def _parenthetical_citation(source_text: str, quote: str) -> str | None:
    """Document 1's '(Author, year)' right after a quoted sentence, if any."""
    text, q = normalise(source_text), normalise(quote.strip("…"))
    after = text[text.index(q) + len(q):]
    paren = re.match(r'^[”"]?\s*\(([^)]*\d{4})\)', after)
    return paren.group(1) if paren else None


def test_document_one_attributions_match_its_parenthetical_citations(content):
    for page, quote in all_quotes(content):
        if quote.source == "relationships":
            found = _parenthetical_citation(content.sources[quote.source].text, quote.text)
            assert quote.cites == found, f"{page.path.name}: {quote.text[:50]} -> {found}"
        else:
            assert quote.refs == (), "document 2's numbered citations resolve to no known study"


def test_siegel_citation_is_resolved_to_siegel_and_drulis(content):
    siegel = [q for _, q in all_quotes(content) if q.cites == "Siegel, 2023"]
    assert siegel
    for quote in siegel:
        assert quote.refs == ("siegel2023",)
        assert "Drulis" in (quote.note or "")
    assert content.references["siegel2023"].authors == ("Siegel", "Drulis")


def test_references_resolve_and_dois_are_well_formed(content):
    for page in content.annotations.values():
        keys = [*page.references, *(f.ref for f in page.findings), *(k for q in page.quotes for k in q.refs)]
        for key in keys:
            assert key in content.references, f"{page.path.name}: {key}"
    for ref in content.references.values():
        if ref.doi:
            assert DOI_PATTERN.match(ref.doi), ref.key


@pytest.mark.parametrize("region", CORE)
def test_teaching_regions_meet_the_coverage_minimums(content, region):
    page = content.for_region(region)
    assert page is not None and page.kind == "region"
    assert len(page.quotes) >= 2
    verified = [k for k in page.references if content.references[k].verified and content.references[k].doi]
    assert len(verified) >= 2
    assert "## In plain words" in page.body


@pytest.mark.parametrize("region", CORE)
def test_panel_html_has_sections_in_order(content, aal3, region):
    page = content.for_region(region)
    html = region_panel_html(page, page.title, aal3, selection_for_region(aal3, region), content)
    order = ["In plain words", "What the documents say", "Further studies (chosen for this app, not cited by the "
             "documents)", "Where it is", "Connections", "References"]
    positions = [html.find(f">{title}<") for title in order]
    assert all(p > 0 for p in positions) and positions == sorted(positions), positions
    assert "MNI centroid" in html and "cm³" in html


def test_document_two_citations_are_never_presented_as_known_studies(content, aal3):
    page = content.for_region("amygdala")
    html = region_panel_html(page, page.title, aal3, selection_for_region(aal3, "amygdala"), content)
    assert "the document's reference list is not included in the source" in html


def test_document_one_quotes_are_attributed_not_owned(content, aal3):
    page = content.for_region("mpfc")
    html = region_panel_html(page, page.title, aal3, selection_for_region(aal3, "mpfc"), content)
    assert "<i>Relationships: The Neurobiology of Connection</i>, attributed to Courtney &amp; Meyer (2020)" in html


def test_search_finds_topic_and_region_by_text(content):
    ids = {a.id for a in content.search("oxytocin")}
    assert {"oxytocin", "hypothalamus"} <= ids


def test_sanitising_removes_scripts_remote_images_and_js_links():
    html = markdown_to_html(
        "Hello <script>alert(1)</script>\n\n[bad](javascript:alert(1)) ![x](https://evil.example/x.png) "
        "[ok](region:ofc) [doi](https://doi.org/10.1/x)"
        ' <a href="javascript:alert(2)">raw</a>'

    )
    tags = re.findall(r"<[a-z][^>]*>", html)  # real tags only; escaped text is harmless
    assert not [t for t in tags if t.startswith(("<script", "<img")) or "javascript:" in t], tags
    assert "evil.example" not in "".join(tags)
    assert 'href="region:ofc"' in html and 'href="https://doi.org/10.1/x"' in html


def test_images_only_from_inside_the_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slice.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"png")
    html = markdown_to_html("![in](slice.png) ![out](../secret.png) ![web](http://x.org/a.png)", pack)
    assert (pack / "slice.png").resolve().as_uri() in html
    assert "secret" not in html and "x.org" not in html


def _write_pack(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.md").write_text("---\nid: good-topic\nkind: topic\ntitle: Good\n---\n## In plain words\nFine.\n")
    (folder / "broken.md").write_text("---\nid: broken\nkind: topic\ntitle: [unclosed\n---\nBody\n")
    (folder / "unknown.md").write_text("---\nid: unknown\nkind: topic\ntitle: U\nreferences: [nobody2099]\n---\n")
    (folder / "misquote.md").write_text(
        "---\nid: misquote\nkind: topic\ntitle: M\nquotes:\n  - text: \"Our brains are wired for pizza\"\n"
        "    source: relationships\n    cites: null\n---\n")


def test_bad_pack_loads_everything_else_and_reports_file_and_line(tmp_path, regions):
    pack = tmp_path / "pack"
    _write_pack(pack)
    lib = load_content([pack], known_regions=set(regions))
    assert "good-topic" in lib.annotations and "amygdala" in lib.annotations
    messages = {p.path.name: (p.line, p.message) for p in lib.problems}
    assert messages["broken.md"][0] == 4 and "YAML" in messages["broken.md"][1]
    assert messages["unknown.md"][0] == 5 and "nobody2099" in messages["unknown.md"][1]
    assert messages["misquote.md"][0] == 6 and "not verbatim" in messages["misquote.md"][1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_fuzzed_front_matter_never_raises_anything_but_content_error(tmp_path, body):
    path = tmp_path / "fuzz.md"
    path.write_text(f"---\n{body}\n---\ntext\n", encoding="utf-8")
    try:
        parse_annotation(path)
    except ContentError as exc:
        assert exc.problem.path == path


def test_check_content_reports_like_a_linter(tmp_path):
    import subprocess
    import sys

    pack = tmp_path / "pack"
    _write_pack(pack)
    (pack / "references.bib").write_text("@article{bad2020,\n  title = {X},\n  doi = {doi:10.1/x},\n}\n")
    result = subprocess.run([sys.executable, "-m", "explorer", "check-content", str(pack)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith(f"{pack / 'broken.md'}:4: YAML error") for line in lines), lines
    assert any(line.startswith(f"{pack / 'unknown.md'}:5: unknown reference key") for line in lines), lines
    assert any(line.startswith(f"{pack / 'misquote.md'}:6: quote is not verbatim") for line in lines), lines
    assert any(line.startswith(f"{pack / 'references.bib'}:3: bad2020: malformed DOI") for line in lines), lines
    assert len(lines) == 4
    (pack / "broken.md").unlink()
    (pack / "unknown.md").unlink()
    (pack / "misquote.md").unlink()
    (pack / "references.bib").unlink()
    clean = subprocess.run([sys.executable, "-m", "explorer", "check-content", str(pack)],
                           capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0 and clean.stdout == ""
