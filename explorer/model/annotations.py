"""Annotation pages: Markdown files with YAML front matter, one per region, group or topic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError, Problem
from explorer.model.locations import Lines, validate
from explorer.model.yamlfile import parse_yaml, read_text, split_front_matter

KINDS = ("region", "group", "topic")
EVIDENCE = ("human-imaging", "lesion", "human-tissue", "animal", "epidemiological", "review")  # what kind of evidence
BROUGHT_IN_BY = ("document", "app")  # a source document cites the study / this app chose it


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
class StudyPeak:
    """A peak coordinate a study reports (front matter `peaks:`), with where it was checked."""

    xyz: tuple[float, float, float]
    space: str  # "mni" | "tal", as in explorer.model.coordinates
    ref: str
    table: str
    label: str
    verified: str
    line: int | None

    @property
    def mni(self) -> tuple[float, float, float]:
        """The peak in MNI mm: Talairach converted with icbm2tal (Lancaster et al., 2007)."""
        from explorer.model.coordinates import to_mni  # deferred: coordinates imports the atlas

        return to_mni(self.xyz, self.space)


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
    lines: Lines = field(default_factory=Lines, compare=False, repr=False)  # line of each front-matter value
    peaks: tuple[StudyPeak, ...] = ()  # peaks studies report here: drawn as markers, put in sentences
    body_line: int | None = field(default=None, compare=False)  # the file line the body starts on

    def line_of(self, *loc: str | int) -> int | None:
        """The file line of a front-matter value, e.g. page.line_of("references", 2)."""
        return self.lines.at(*loc)

    def searchable_text(self) -> str:
        parts = [self.title, *self.aliases, self.summary, self.body, *(q.text for q in self.quotes)]
        return " ".join(parts).lower()


def parse_annotation(path: Path, pack: str = "built-in") -> Annotation:
    """Read one annotation file; raise ContentError naming the file and line on any problem."""
    from explorer.model.schema import FrontMatter

    text = read_text(path)
    split = split_front_matter(text)
    meta, lines = parse_yaml(split[0], path, split[1]) if split else (None, Lines())
    if not isinstance(meta, dict) or not meta:
        raise ContentError(path, 1, "missing YAML front matter (a block between '---' lines)")
    fm = validate(FrontMatter, meta, path, lines)
    return Annotation(
        id=fm.id,
        kind=fm.kind,
        title=fm.title,
        aliases=tuple(fm.aliases),
        regions=tuple(fm.regions),
        summary=fm.summary,
        quotes=tuple(_quote(q, lines.at("quotes", n)) for n, q in enumerate(fm.quotes)),
        findings=tuple(Finding(f.ref, f.evidence, " ".join(f.text.split()), lines.at("findings", n), f.source)
                       for n, f in enumerate(fm.findings)),
        references=tuple(fm.references),
        links=tuple(fm.links),
        atlas_notes=fm.atlas_notes,
        approximate=fm.approximate,
        body=split[2],
        path=Path(path),
        pack=pack,
        lines=lines,
        peaks=tuple(StudyPeak(tuple(p.xyz), p.space.lower(), p.ref, p.table, p.label, " ".join(p.verified.split()),
                              lines.at("peaks", n)) for n, p in enumerate(fm.peaks)),
        body_line=split[3],
    )


def _quote(entry: Any, line: int | None) -> Quote:
    """A Quote from a validated quote entry (schema.QuoteEntry)."""
    return Quote(entry.text, entry.source, entry.cites, tuple(entry.refs), entry.note or None,
                 entry.context or None, line)


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
