"""Guided tours: YAML files in a pack's tours/ folder, one list of steps each, checked on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.model.annotations import Quote
from explorer.model.errors import ContentError, Problem
from explorer.model.locations import Lines, validate
from explorer.model.yamlfile import read_yaml

if TYPE_CHECKING:
    from explorer.model.content import ContentLibrary


@dataclass(frozen=True)
class Step:
    title: str
    view: str  # a standard view name; `camera` overrides it when given
    camera: tuple[tuple[float, float, float], ...] | None
    highlight: tuple[str, ...]  # regions highlighted (selected) in 3D
    show: tuple[str, ...]  # regions drawn at full strength besides the highlight
    context_opacity: float | None  # opacity of everything else; None: the usual faint context
    hemispheres: str
    text: str  # Markdown
    quotes: tuple[Quote, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class Tour:
    id: str
    title: str
    description: str
    steps: tuple[Step, ...]
    path: Path
    pack: str = "built-in"  # the content pack the tour came from, shown beside its title


@dataclass
class TourCatalog:
    tours: dict[str, Tour] = field(default_factory=dict)
    broken: dict[str, Problem] = field(default_factory=dict)  # file stem -> the first problem


def parse_tour(path: Path, regions: set[str] | None, content: ContentLibrary | None = None,
               pack: str = "built-in") -> Tour:
    """Read and check one tour; ContentError names the file and line of the first problem.

    `regions` (teaching region ids) and `content` (sources, references) are checked against
    when given.
    """
    from explorer.model.schema import TourFile

    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, 1, "a tour needs a title and a non-empty list of steps")
    tour = validate(TourFile, data, path, lines)
    steps = tuple(_step(raw, n, path, lines, regions, content) for n, raw in enumerate(tour.steps))
    return Tour(path.stem, tour.title or path.stem, tour.description, steps, Path(path), pack)


def _step(raw, n: int, path: Path, lines: Lines, regions: set[str] | None, content: ContentLibrary | None) -> Step:
    """One validated step (schema.StepEntry), its regions, quotes and references checked."""
    def fail(loc: tuple, message: str) -> ContentError:
        return ContentError(path, lines.at("steps", n, *loc), f"step {n + 1}: {message}")

    for key in ("highlight", "show"):
        for i, rid in enumerate(getattr(raw, key)):
            if regions is not None and rid not in regions:
                raise fail((key, i), f"unknown region {rid!r} in {key}")
    quotes = tuple(Quote(q.text, q.source, q.cites, tuple(q.refs), q.note, None, lines.at("steps", n, "quotes", i))
                   for i, q in enumerate(raw.quotes))
    if content is not None:
        for i, quote in enumerate(quotes):
            source = content.sources.get(quote.source)
            if source is None or not source.contains(quote.text):
                raise fail(("quotes", i), f"quote is not verbatim in {quote.source!r}")
        for i, key in enumerate(raw.references):
            if key not in content.references:
                raise fail(("references", i), f"unknown reference {key!r}")
    camera = (raw.camera.position, raw.camera.focal_point, raw.camera.up) if raw.camera else None
    return Step(raw.title, raw.view, camera, tuple(raw.highlight), tuple(raw.show), raw.context_opacity,
                raw.hemispheres, raw.text, quotes, tuple(raw.references))


def load_tours(directory: Path, regions: set[str] | None, content: ContentLibrary | None = None,
               pack: str = "built-in") -> TourCatalog:
    """Every tour in a folder; a broken one is listed with its problem and skipped."""
    catalog = TourCatalog()
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            tour = parse_tour(path, regions, content, pack)
            catalog.tours[tour.id] = tour
        except ContentError as exc:
            catalog.broken[path.stem] = exc.problem
    return catalog
