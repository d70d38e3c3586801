"""Citations belong to one content load: an edited .bib shows its new APA text after a reload."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from explorer.model.content import load_content
from explorer.model.paths import ANNOTATION_DIR

ENTRY = """@article{{{key},
  author  = {{{author}}},
  title   = {{{title}}},
  journal = {{Journal of Tests}},
  year    = {{{year}}},
  volume  = {{3}},
  number  = {{2}},
  pages   = {{10--20}},
  doi     = {{10.1234/{key}}}
}}
"""


def _bib(pack: Path, *entries: dict) -> None:
    pack.mkdir(exist_ok=True)
    (pack / "references.bib").write_text("\n".join(ENTRY.format(**e) for e in entries), encoding="utf-8")


def test_an_edited_bib_shows_its_new_text_after_a_reload(tmp_path):
    pack = tmp_path / "pack"
    _bib(pack, {"key": "smith2020", "author": "Smith, Ann", "title": "Old title", "year": 2020})
    before = load_content([pack])
    assert before.references["smith2020"].apa() == ("Smith, A. (2020). Old title. Journal of Tests, 3(2), 10–20. "
                                                    "https://doi.org/10.1234/smith2020")
    _bib(pack, {"key": "smith2020", "author": "Smith, Ann", "title": "New title", "year": 2021},
         {"key": "jones2022", "author": "Jones, Bo and Lee, Cy", "title": "A new study", "year": 2022})
    after = load_content([pack])
    assert "New title" in after.references["smith2020"].apa() and "(2021)" in after.references["smith2020"].apa()
    assert after.references["jones2022"].apa(html=True).startswith("Jones, B., &amp; Lee, C. (2022). A new study.")
    assert "Old title" in before.references["smith2020"].apa()  # each load keeps its own text


def test_the_bib_is_parsed_once_and_never_by_citeproc(tmp_path, monkeypatch):
    import citeproc.source.bibtex
    import pybtex.database

    calls = []
    parse = pybtex.database.parse_file
    monkeypatch.setattr(pybtex.database, "parse_file", lambda *a, **k: calls.append(a) or parse(*a, **k))

    def refuse(*_args, **_kwargs):
        raise AssertionError("the .bib was parsed a second time by citeproc")

    monkeypatch.setattr(citeproc.source.bibtex.BibTeX, "__init__", refuse)
    lib = load_content()
    texts = [ref.apa() for ref in lib.references.values()]
    starts = [ref.authors[0] if ref.authors else ref.title for ref in lib.references.values()]  # no author: title
    assert len(calls) == 1 and all(text.startswith(start) for text, start in zip(texts, starts, strict=True))


def test_document_1_has_its_own_apa_entry_with_no_invented_author_date_or_doi(content):
    ref = content.references["relationships"]
    assert ref.apa() == "Relationships: The Neurobiology of Connection. (n.d.)."
    assert ref.doi is None and not ref.authors and ref.year == "n.d."
    assert ref.short == "Relationships: The Neurobiology of Connection (n.d.)"


def test_quotes_are_cited_in_apa_with_a_page_or_paragraph_locator(content):
    """Hun (2024) is a one-page article: p. 218. Document 1 has no pages: the paragraph, counted by hand here."""
    from explorer.model.figure_text import quote_citation

    quotes = [q for page in content.annotations.values() for q in page.quotes]
    hun = next(q for q in quotes if q.source == "hun2024")
    assert quote_citation(hun, content) == "(Hun, 2024, p. 218)"
    mpfc = next(q for q in quotes if q.source == "relationships" and q.text.startswith("The MPFC encodes"))
    paragraphs = [line for line in content.sources["relationships"].text.splitlines()
                  if len(line.strip()) >= 60 or line.strip().endswith(".")]  # headings are short, unpunctuated
    expected = next(i for i, line in enumerate(paragraphs, 1) if "The MPFC encodes" in line)
    assert expected == 6
    assert quote_citation(mpfc, content) == "(Relationships: The Neurobiology of Connection, n.d., para. 6)"


@pytest.mark.parametrize("html", [False, True])
def test_shipped_references_format_as_before(content, html):
    """The CSL-JSON path gives the same APA text citeproc's own BibTeX reader gave (recorded in the repo)."""
    expected = json.loads((Path(__file__).parent / "data" / "apa-shipped.json").read_text(encoding="utf-8"))
    # Entries recorded before the switch to CSL-JSON; references added since have no old text to match.
    assert set(expected) <= {k for k, r in content.references.items() if r.path.parent == ANNOTATION_DIR}
    for key, texts in expected.items():
        assert content.references[key].apa(html=html) == texts[int(html)], key


def test_references_survive_pickling_for_worker_processes(content):
    import pickle

    key = next(iter(content.references))
    copy = pickle.loads(pickle.dumps(content.references[key]))
    assert copy.apa() == content.references[key].apa() and copy.apa().startswith(copy.authors[0])


def test_formatting_in_a_thread_hides_no_other_threads_warnings(content, monkeypatch):
    """The start-up warm-up formats references in a thread. While it runs, a warning raised elsewhere
    (e.g. a damaged mesh cache being rebuilt) must still be seen: silencing citeproc must not swap
    the process-wide warning filters."""
    import threading
    import warnings

    import citeproc

    inside, release = threading.Event(), threading.Event()
    real = citeproc.CitationStylesBibliography

    def held(*args, **kwargs):
        inside.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(citeproc, "CitationStylesBibliography", held)
    from explorer.model.citations import Citations

    citations = Citations()  # nothing formatted yet (the shared content has cached its APA text)
    citations.add(dict(content.citations.entries))
    key = next(iter(citations.entries))
    with pytest.warns(UserWarning, match="seen from the main thread"):
        worker = threading.Thread(target=citations.apa, args=(key, True))
        worker.start()
        try:
            assert inside.wait(10)
            warnings.warn("seen from the main thread", UserWarning, stacklevel=1)
        finally:
            release.set()
            worker.join(10)


def test_an_in_text_citation_is_formatted_once_per_content_load(content, monkeypatch):
    """A tour step's band cites its quotes on every visit: citeproc runs once per citation and locator."""
    import citeproc

    from explorer.model.citations import Citations

    calls = []
    real = citeproc.CitationStylesBibliography
    monkeypatch.setattr(citeproc, "CitationStylesBibliography", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    citations = Citations()
    citations.add(dict(content.citations.entries))
    key = next(iter(citations.entries))
    first = citations.in_text(key, "page", "12")
    assert citations.in_text(key, "page", "12") == first and "12" in first and len(calls) == 1
    assert citations.in_text(key) != first and len(calls) == 2  # another locator is its own citation
    citations.add({key: citations.entries[key]})  # a reload forgets what was formatted
    assert citations.in_text(key, "page", "12") == first and len(calls) == 3


@pytest.mark.parametrize("html", [False, True])
def test_a_title_ending_in_a_question_mark_gets_no_period_after_it(content, html):
    """APA: 'What does the amygdala contribute to social cognition? Annals of ...', not 'cognition?.'."""
    text = content.references["adolphs2010"].apa(html=html)
    assert "social cognition? " in text and "?." not in text


def test_plain_and_html_formatting_in_two_threads_do_not_mix(content, monkeypatch):
    """citeproc-py keeps the formatter on the (shared, parsed once) APA style: a bibliography made as HTML
    in one thread while another formats plain text turned that text into HTML (seen as '&amp;' and '<i>'
    in a copied reference while the start-up warm-up ran)."""
    import citeproc
    from citeproc import formatter

    from explorer.model.citations import Citations

    real = citeproc.CitationStylesBibliography
    plain_made, html_made = threading.Event(), threading.Event()

    def paused(style, source, out=formatter.plain):
        bib = real(style, source, out)
        if out is formatter.plain:
            plain_made.set()
            html_made.wait(1.0)  # an HTML bibliography is made now, unless the formatting is guarded
        else:
            html_made.set()
        return bib

    monkeypatch.setattr(citeproc, "CitationStylesBibliography", paused)
    plain, html = Citations(), Citations()  # two content loads: nothing cached, no shared cache lock
    for citations in (plain, html):
        citations.add(dict(content.citations.entries))
    key = "courtney2020"

    def other() -> None:
        plain_made.wait(5)
        html.apa(key, html=True)

    worker = threading.Thread(target=other)
    worker.start()
    text = plain.apa(key, html=False)
    worker.join(10)
    assert text.startswith("Courtney, A. L., & Meyer, M. L. (2020).") and "<i>" not in text, text
