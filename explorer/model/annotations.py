"""Annotation pages: Markdown files with YAML front matter, one per region, group or topic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError, Problem
from explorer.model.tomlfile import line_of, yaml_error

KINDS = ("region", "group", "topic")
EVIDENCE = ("human-imaging", "lesion", "human-tissue", "animal", "epidemiological", "review")  # what kind of evidence
BROUGHT_IN_BY = ("document", "app")  # a source document cites the study / this app chose it
KNOWN_KEYS = {
    "id", "kind", "title", "aliases", "regions", "summary", "quotes", "findings",
    "references", "links", "atlas_notes", "approximate", "images",
}


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence from a source document and the citation the document gives it."""

    text: str
    source: str
    cites: str | None
    refs: tuple[str, ...]
    note: str | None
    context: str | None
    line: int | None


@dataclass(frozen=True)
class Finding:
    """What a study found, summarised from its abstract."""

    ref: str
    evidence: str
    text: str
    line: int | None
    source: str = "app"


@dataclass(frozen=True)
class Annotation:
    """One page of content."""

    id: str
    kind: str
    title: str
    aliases: tuple[str, ...]
    regions: tuple[str, ...]
    summary: str
    quotes: tuple[Quote, ...]
    findings: tuple[Finding, ...]
    references: tuple[str, ...]
    links: tuple[str, ...]
    atlas_notes: str
    approximate: bool
    body: str
    path: Path
    pack: str

    def searchable_text(self) -> str:
        parts = [self.title, *self.aliases, self.summary, self.body, *(q.text for q in self.quotes)]
        return " ".join(parts).lower()


def _text_list(value: Any, path: Path, text: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ContentError(path, line_of(text, f"{key}:"), f"'{key}' must be a list of names")
    return tuple(str(v) for v in value)


def parse_annotation(path: Path, pack: str = "built-in") -> Annotation:
    """Read one annotation file; raise ContentError naming the file and line on any problem."""
    import frontmatter  # deferred: imports PyYAML
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, f"cannot read: {exc}") from None
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:  # python-frontmatter keeps the file's line numbers
        raise yaml_error(path, exc) from None
    meta = post.metadata
    if not isinstance(meta, dict) or not meta:
        raise ContentError(path, 1, "missing YAML front matter (a block between '---' lines)")
    unknown = sorted(set(meta) - KNOWN_KEYS)
    if unknown:
        raise ContentError(path, line_of(text, f"{unknown[0]}:"), f"unknown key {unknown[0]!r}")
    for key in ("id", "kind", "title"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ContentError(path, line_of(text, f"{key}:") or 1, f"missing or empty '{key}'")
    if meta["kind"] not in KINDS:
        raise ContentError(path, line_of(text, "kind:"), f"kind must be one of {', '.join(KINDS)}")
    return Annotation(
        id=meta["id"].strip(),
        kind=meta["kind"],
        title=meta["title"].strip(),
        aliases=_text_list(meta.get("aliases"), path, text, "aliases"),
        regions=_text_list(meta.get("regions"), path, text, "regions"),
        summary=str(meta.get("summary") or "").strip(),
        quotes=tuple(_quote(q, path, text) for q in _entries(meta, "quotes", path, text)),
        findings=tuple(_finding(f, path, text) for f in _entries(meta, "findings", path, text)),
        references=_text_list(meta.get("references"), path, text, "references"),
        links=_text_list(meta.get("links"), path, text, "links"),
        atlas_notes=str(meta.get("atlas_notes") or "").strip(),
        approximate=bool(meta.get("approximate", False)),
        body=post.content,
        path=Path(path),
        pack=pack,
    )


def _entries(meta: dict, key: str, path: Path, text: str) -> list[dict]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ContentError(path, line_of(text, f"{key}:"), f"'{key}' must be a list of entries")
    return value


def _quote(entry: dict, path: Path, text: str) -> Quote:
    quote = entry.get("text")
    line = line_of(text, str(quote)[:40]) if quote else line_of(text, "quotes:")
    if not isinstance(quote, str) or not quote.strip():
        raise ContentError(path, line, "a quote needs 'text'")
    if not isinstance(entry.get("source"), str):
        raise ContentError(path, line, "a quote needs 'source' (a file name in annotations/sources/)")
    cites = entry.get("cites")
    return Quote(
        text=quote.strip(),
        source=entry["source"],
        cites=None if cites is None else str(cites),
        refs=_text_list(entry.get("refs"), path, text, "refs"),
        note=entry.get("note") or None,
        context=entry.get("context") or None,
        line=line,
    )


def _finding(entry: dict, path: Path, text: str) -> Finding:
    line = line_of(text, f"ref: {entry.get('ref')}")
    if not isinstance(entry.get("ref"), str) or not isinstance(entry.get("text"), str):
        raise ContentError(path, line, "a finding needs 'ref' and 'text'")
    evidence, source = entry.get("evidence"), entry.get("source", "app")
    if evidence not in EVIDENCE:
        raise ContentError(path, line, f"evidence must be one of {', '.join(EVIDENCE)}")
    if source not in BROUGHT_IN_BY:
        raise ContentError(path, line, "source must be 'document' (a source document cites it) or 'app'")
    return Finding(entry["ref"], evidence, " ".join(entry["text"].split()), line, source)


def load_pack(directory: Path, pack: str) -> tuple[list[Annotation], list[Problem]]:
    """Every readable annotation in a folder; broken files become problems and are skipped."""
    annotations: list[Annotation] = []
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            annotations.append(parse_annotation(path, pack))
        except ContentError as exc:
            problems.append(exc.problem)
    return annotations, problems
