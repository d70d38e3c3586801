"""All content in one place: annotation packs, references, sources, tours and circuit links, cross-checked.

A pack is a folder: pages (*.md), references.bib, sources/, tours/*.yaml and circuits.yaml, all optional.
The shipped annotations/ folder is the first pack ("built-in"); a teacher's packs come after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from explorer.model import brackets
from explorer.model.annotations import Annotation, load_pack
from explorer.model.circuits import CIRCUITS_FILE, Link, load_links
from explorer.model.citations import Citations
from explorer.model.errors import ContentError, Problem
from explorer.model.markup import local_image
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.references import Reference, load_references
from explorer.model.sources import Source, load_sources
from explorer.model.tours import TourCatalog, load_tours

LINK_KINDS = ("region", "group", "topic")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")

# Where a peak was checked: a web page, or a file in a public repository.
CHECKED_AT = re.compile(r"https?://\S+|\b[\w.-]+/[\w.-]+:\S+")


@dataclass
class ContentLibrary:
    """Annotations by id (later packs override earlier ones), references, sources and problems."""

    annotations: dict[str, Annotation] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    citations: Citations = field(default_factory=Citations)  # APA text for this load's references
    tours: TourCatalog = field(default_factory=TourCatalog)  # every pack's tours; Tour.pack names the pack
    links: list[Link] = field(default_factory=list)  # circuit links from every pack's circuits.yaml

    def for_region(self, region_id: str) -> Annotation | None:
        """The page that annotates a teaching region or group (its id matches)."""
        page = self.annotations.get(region_id)
        return page if page and page.kind in ("region", "group") else None

    def topics(self) -> list[Annotation]:
        return [a for a in self.annotations.values() if a.kind == "topic"]

    def search(self, text: str) -> list[Annotation]:
        """Pages whose title, aliases, summary, body or quotes contain `text`."""
        needle = text.strip().lower()
        if not needle:
            return []
        return [a for a in self.annotations.values() if needle in a.searchable_text()]


def load_content(
    extra_packs: list[Path] | None = None,
    known_regions: set[str] | None = None,
    base: Path = ANNOTATION_DIR,
) -> ContentLibrary:
    """Load the shipped content and any extra packs; never raises for bad content.

    Tours and circuits are read last, so they can quote sources and cite references of any pack.
    """
    lib = ContentLibrary()
    packs = _unique_packs(base, extra_packs or [])
    for directory, pack in packs:
        if not directory.is_dir():
            lib.problems.append(Problem(directory, None, "annotation folder not found"))
            continue
        bib = directory / "references.bib"
        if bib.exists():
            try:
                refs, bad = load_references(bib, lib.citations)
                lib.references.update(refs)
                lib.problems.extend(Problem(bib, line, message) for line, message in bad)
            except ContentError as exc:
                lib.problems.append(exc.problem)
        try:
            lib.sources.update(load_sources(directory / "sources"))
        except ContentError as exc:
            lib.problems.append(exc.problem)
        pages, problems = load_pack(directory, pack)
        lib.problems.extend(problems)
        for page in pages:
            lib.annotations[page.id] = page
    lib.problems.extend(check(lib, known_regions))
    for directory, pack in packs:
        if directory.is_dir():
            _load_tours_and_links(lib, directory, pack, known_regions)
    return lib


def _unique_packs(base: Path, extra: list[Path]) -> list[tuple[Path, str]]:
    """(folder, pack name) for the built-in folder and each extra one, each folder once."""
    packs, seen = [(base, "built-in")], {base.resolve()}
    for folder in map(Path, extra):
        if folder.resolve() not in seen:
            seen.add(folder.resolve())
            packs.append((folder, folder.name))
    return packs


def _load_tours_and_links(lib: ContentLibrary, directory: Path, pack: str, known_regions: set[str] | None) -> None:
    """A pack's tours/*.yaml and circuits.yaml into the library; problems are recorded, never raised."""
    catalog = load_tours(directory / "tours", known_regions, lib, pack)
    lib.tours.tours.update(catalog.tours)
    lib.tours.broken.update(catalog.broken)
    lib.problems.extend(catalog.broken.values())
    circuits = directory / CIRCUITS_FILE.name
    if circuits.exists():
        try:
            lib.links.extend(load_links(known_regions, lib, circuits, pack))
        except ContentError as exc:
            lib.problems.append(exc.problem)


def check(lib: ContentLibrary, known_regions: set[str] | None = None) -> list[Problem]:
    """Cross-checks: quotes verbatim in their source, known keys, links that resolve."""
    problems: list[Problem] = []
    for page in lib.annotations.values():
        def report(line: int | None, message: str, page: Annotation = page) -> None:
            problems.append(Problem(page.path, line, message))

        problems.extend(_quote_problems(page, lib))
        problems.extend(_finding_problems(page, lib))
        for peak in page.peaks:
            if peak.ref not in lib.references:
                report(peak.line, f"peak: unknown reference key {peak.ref!r}")
            if not CHECKED_AT.search(peak.verified):
                report(peak.line, "peak: 'verified' must say where the numbers were checked: "
                                  "a URL or a repository file (owner/repo:path)")
        for n, key in enumerate(page.references):
            if key not in lib.references:
                report(page.line_of("references", n), f"unknown reference key {key!r}")
        if known_regions is not None:
            for n, rid in enumerate(page.regions):
                if rid not in known_regions:
                    report(page.line_of("regions", n), f"unknown region {rid!r}")
        for match in IMAGE.finditer(page.body):
            if local_image(match.group(1), page.path.parent) is None:
                report(_body_line(page, match.start()),
                       f"image {match.group(1)!r} is not a file inside the content folder")
        for n, link in enumerate(page.links):
            message = _link_problem(link, lib, known_regions)
            if message:
                report(page.line_of("links", n), message)
    return problems


def _quote_problems(page: Annotation, lib: ContentLibrary) -> list[Problem]:
    """Each quote verbatim, whole, with the bracket that closes its own sentence; known refs."""
    problems = []
    for quote in page.quotes:
        source = lib.sources.get(quote.source)
        if source is None:
            problems.append(Problem(page.path, quote.line, f"unknown source {quote.source!r}"))
        elif not source.contains(quote.text):
            problems.append(Problem(page.path, quote.line,
                                    f"quote is not verbatim in source {quote.source!r}: {quote.text[:50]!r}"))
        else:
            problems.extend(Problem(page.path, quote.line, f"{message}: {quote.text[:40]!r}")
                            for message in brackets.quote_problems(source.text, quote.text, quote.cites))
        problems.extend(Problem(page.path, quote.line, f"unknown reference key {key!r}")
                        for key in quote.refs if key not in lib.references)
    return problems


def _finding_problems(page: Annotation, lib: ContentLibrary) -> list[Problem]:
    """Known references, and `source: document` exactly when a source document's list gives the study."""
    cited = {key for source in lib.sources.values() for key in source.references}
    problems = []
    for finding in page.findings:
        if finding.ref not in lib.references:
            problems.append(Problem(page.path, finding.line, f"unknown reference key {finding.ref!r}"))
        elif (finding.source == "document") != (finding.ref in cited):
            right, where = ("document", "in") if finding.ref in cited else ("app", "not in")
            problems.append(Problem(page.path, finding.line, f"{finding.ref!r} is {where} a source document's "
                                    f"reference list; write source: {right}"))
    return problems


def _link_problem(link: str, lib: ContentLibrary, known_regions: set[str] | None) -> str | None:
    kind, _, target = link.partition(":")
    if kind not in LINK_KINDS:
        return f"link {link!r} must start with region:, group: or topic:"
    if kind == "topic" and target not in lib.annotations:
        return f"unknown topic {target!r}"
    if kind in ("region", "group") and known_regions is not None and target not in known_regions:
        return f"unknown region {target!r}"
    return None


def _body_line(page: Annotation, offset: int) -> int | None:
    """The file line of a position in the page's body."""
    return None if page.body_line is None else page.body_line + page.body.count("\n", 0, offset)
