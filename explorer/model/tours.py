"""Guided tours: YAML files in annotations/tours/, one list of steps each, checked on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.annotations import Quote
from explorer.model.content import ContentLibrary
from explorer.model.errors import ContentError, Problem
from explorer.model.tomlfile import line_of, yaml_error

VIEW_NAMES = ("lateral-left", "lateral-right", "medial-left", "medial-right", "anterior", "posterior",
              "superior", "inferior", "default")


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


@dataclass
class TourCatalog:
    tours: dict[str, Tour] = field(default_factory=dict)
    broken: dict[str, Problem] = field(default_factory=dict)  # file stem -> the first problem


def _vector(value, path: Path, text: str, what: str) -> tuple[float, float, float]:
    if not isinstance(value, list) or len(value) != 3 or not all(isinstance(v, int | float) for v in value):
        raise ContentError(path, line_of(text, what), f"{what} must be three numbers [x, y, z]")
    return tuple(float(v) for v in value)


def parse_tour(path: Path, regions: set[str], content: ContentLibrary | None = None) -> Tour:
    """Read and check one tour; ContentError names the file and line of the first problem."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise ContentError(path, 1, "a tour needs a title and a non-empty list of steps")
    steps = []
    for n, raw in enumerate(data["steps"], start=1):
        if not isinstance(raw, dict) or not raw.get("title"):
            raise ContentError(path, line_of(text, "steps:"), f"step {n} needs a title")
        where = line_of(text, f"title: {raw['title']}")
        view = str(raw.get("view", "default"))
        if view not in VIEW_NAMES:
            raise ContentError(path, line_of(text, f"view: {view}") or where, f"step {n}: unknown view {view!r}")
        camera = None
        if raw.get("camera"):
            cam = raw["camera"]
            if not isinstance(cam, dict):
                raise ContentError(path, line_of(text, "camera:"), "camera needs position, focal_point and up")
            camera = tuple(_vector(cam.get(k), path, text, k) for k in ("position", "focal_point", "up"))
        names = {key: tuple(str(r) for r in (raw.get(key) or [])) for key in ("highlight", "show")}
        for key, ids in names.items():
            for rid in ids:
                if rid not in regions:
                    raise ContentError(path, line_of(text, rid) or where, f"step {n}: unknown region {rid!r} in {key}")
        quotes = []
        for q in raw.get("quotes") or []:
            quote = Quote(str(q.get("text", "")), str(q.get("source", "")), q.get("cites"), tuple(q.get("refs") or ()),
                          q.get("note"), None, line_of(text, str(q.get("text", ""))[:40]))
            if content is not None:
                source = content.sources.get(quote.source)
                if source is None or not source.contains(quote.text):
                    raise ContentError(path, quote.line, f"step {n}: quote is not verbatim in {quote.source!r}")
            quotes.append(quote)
        refs = tuple(str(r) for r in raw.get("references") or [])
        if content is not None:
            for key in refs:
                if key not in content.references:
                    raise ContentError(path, line_of(text, key) or where, f"step {n}: unknown reference {key!r}")
        hemispheres = str(raw.get("hemispheres", "both"))
        if hemispheres not in ("both", "left", "right"):
            raise ContentError(path, line_of(text, "hemispheres:"), "hemispheres must be both, left or right")
        opacity = raw.get("context_opacity")
        steps.append(Step(str(raw["title"]), view, camera, names["highlight"], names["show"],
                          None if opacity is None else float(opacity), hemispheres, str(raw.get("text") or ""),
                          tuple(quotes), refs))
    return Tour(path.stem, str(data.get("title") or path.stem), str(data.get("description") or ""), tuple(steps),
                Path(path))


def load_tours(directory: Path, regions: set[str], content: ContentLibrary | None = None) -> TourCatalog:
    """Every tour in a folder; a broken one is listed with its problem and skipped."""
    catalog = TourCatalog()
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            tour = parse_tour(path, regions, content)
            catalog.tours[tour.id] = tour
        except ContentError as exc:
            catalog.broken[path.stem] = exc.problem
        except (OSError, UnicodeDecodeError) as exc:
            catalog.broken[path.stem] = Problem(path, None, f"cannot read: {exc}")
    return catalog
