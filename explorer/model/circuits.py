"""Circuit view links: pairs of regions, a caption, and the verbatim sentence behind each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explorer.model.content import ContentLibrary
from explorer.model.errors import ContentError
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.tomlfile import line_of, yaml_error

CIRCUITS_FILE = ANNOTATION_DIR / "circuits.yaml"


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    caption: str
    quote: str
    source: str
    cites: str | None


def load_links(regions: set[str], content: ContentLibrary | None = None, path: Path = CIRCUITS_FILE) -> list[Link]:
    """Read and check the links; ContentError names the file and line of a problem."""
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, prefer_context=False) from None
    links = []
    for raw in data.get("links") or []:
        link = Link(str(raw.get("from")), str(raw.get("to")), str(raw.get("caption", "")), str(raw.get("quote", "")),
                    str(raw.get("source", "")), raw.get("cites"))
        for rid in (link.a, link.b):
            if rid not in regions:
                raise ContentError(path, line_of(text, f": {rid}"), f"unknown region {rid!r}")
        if content is not None:
            source = content.sources.get(link.source)
            if source is None or not source.contains(link.quote):
                raise ContentError(path, line_of(text, link.quote[:40]), "quote is not verbatim in its source")
        links.append(link)
    return links
