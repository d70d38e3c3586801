"""The source documents the quotes come from, and checking that quotes are verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explorer.model import brackets
from explorer.model.yamlfile import yaml_error

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of white space to one space (document 2 is hard-wrapped)."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str | None
    year: int | None
    journal: str | None
    doi: str | None
    note: str
    text: str
    path: Path
    references: tuple[str, ...] = ()  # keys of the studies the document's own reference list gives

    @property
    def normalised(self) -> str:
        return normalise(self.text)

    def contains(self, quote: str) -> bool:
        """True when the quote is verbatim here; "…" in a quote marks a cut."""
        return brackets.contains(self.text, quote)

    @property
    def citation(self) -> str:
        """How the app names the document: 'Hun (2024)' or its title in italics-free form."""
        if self.author and self.year:
            return f"{self.author.split(',')[0]} ({self.year})"
        return self.title


def load_sources(directory: Path) -> dict[str, Source]:
    """Each `<id>.txt` with its `<id>.yaml` metadata."""
    import yaml

    sources: dict[str, Source] = {}
    for txt in sorted(Path(directory).glob("*.txt")):
        meta_path = txt.with_suffix(".yaml")
        meta: dict = {}
        if meta_path.exists():
            try:
                meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise yaml_error(meta_path, exc, prefer_context=False) from None
        sources[txt.stem] = Source(
            id=txt.stem,
            title=str(meta.get("title") or txt.stem),
            author=meta.get("author"),
            year=meta.get("year"),
            journal=meta.get("journal"),
            doi=meta.get("doi"),
            note=str(meta.get("note") or ""),
            text=txt.read_text(encoding="utf-8"),
            path=txt,
            references=tuple(str(k) for k in meta.get("references") or ()),
        )
    return sources


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Start and end of `quote` in the original `text`, allowing any white space between words.

    A quote cut with "…" spans from its first piece to its last; of a repeated passage, the
    appearance whose sentence carries the citation shown is preferred.
    """
    found = brackets.spans(text, quote)
    if not found:
        return None
    cite = brackets.sentence_cite(text, quote)
    return found[cite.occurrence - 1] if cite else found[0]
