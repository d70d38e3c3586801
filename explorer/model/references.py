"""The BibTeX reference list: parsed with pybtex, formatted in APA style by citeproc-py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.citations import Citations
from explorer.model.errors import ContentError

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
    citations: Citations | None = field(default=None, compare=False, repr=False)

    @property
    def short(self) -> str:
        """In-text citation: 'Courtney & Meyer (2020)', 'Eisenberger et al. (2003)'."""
        names = self.authors
        if not names:  # a work with no author: its title stands in (APA)
            return f"{self.title} ({self.year})"
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
        """The full APA reference, as HTML or plain text (formatted by the content load it came from)."""
        return self.citations.apa(self.key, html) if self.citations else self.key


def load_references(
    path: Path, citations: Citations | None = None
) -> tuple[dict[str, Reference], list[tuple[int | None, str]]]:
    """Parse a .bib file once; returns references and (line, message) problems (bad DOIs).

    Its entries are added to `citations` (a new `Citations` if none is given), which formats them.
    """
    from pybtex.database import parse_file  # deferred: a few tens of ms at start-up
    from pybtex.scanner import PybtexSyntaxError

    try:
        db = parse_file(str(path), bib_format="bibtex")
    except PybtexSyntaxError as exc:
        raise ContentError(path, getattr(exc, "lineno", None), f"BibTeX syntax error: {exc}") from None
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc}") from None
    text = Path(path).read_text(encoding="utf-8")
    citations = citations if citations is not None else Citations()
    citations.add(dict(db.entries))
    refs: dict[str, Reference] = {}
    problems: list[tuple[int | None, str]] = []
    for key, entry in db.entries.items():
        fields = entry.fields
        doi = fields.get("doi", "").strip() or None
        if doi and not DOI_PATTERN.match(doi):
            problems.append((_field_line(text, key, "doi"), f"{key}: malformed DOI {doi!r}"))
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
            citations=citations,
        )
    return refs, problems


def _entry_span(text: str, key: str) -> tuple[int, int] | None:
    """Where the entry `key` starts and ends in the file's text."""
    match = re.search(r"@\w+\{\s*" + re.escape(key) + r"\s*,", text)
    if not match:
        return None
    depth, end = 0, match.start()
    for end in range(match.start(), len(text)):
        if text[end] == "{":
            depth += 1
        elif text[end] == "}":
            depth -= 1
            if depth == 0:
                break
    return match.start(), end + 1


def _entry_text(text: str, key: str) -> str:
    """The entry exactly as written in the file, for 'Copy BibTeX'."""
    span = _entry_span(text, key)
    return text[span[0]: span[1]] if span else ""


def _field_line(text: str, key: str, name: str) -> int | None:
    """The line of field `name` inside entry `key` (or of the entry, if the field is not found)."""
    span = _entry_span(text, key)
    if span is None:
        return None
    match = re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE).search(text, span[0], span[1])
    return text.count("\n", 0, match.start() if match else span[0]) + 1
