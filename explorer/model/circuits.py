"""Circuit view links: pairs of regions, a caption, and the verbatim sentence behind each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explorer.model.content import ContentLibrary
from explorer.model.errors import ContentError
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.tomlfile import line_of, yaml_error

CIRCUITS_FILE = ANNOTATION_DIR / "circuits.yaml"
LINK_KINDS = ("named-together", "reported")


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    caption: str
    quote: str
    source: str
    cites: str | None
    kind: str = "named-together"  # or "reported": a study reports a connection or interaction
    ref: str | None = None  # for "reported": the study's reference key (it needs a DOI)


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
        link = Link(str(raw.get("from")), str(raw.get("to")), str(raw.get("caption", "")), str(raw.get("quote") or ""),
                    str(raw.get("source") or ""), raw.get("cites"), str(raw.get("kind", "named-together")),
                    raw.get("ref"))
        for rid in (link.a, link.b):
            if rid not in regions:
                raise ContentError(path, line_of(text, f": {rid}"), f"unknown region {rid!r}")
        if link.kind not in LINK_KINDS:
            raise ContentError(path, line_of(text, f"kind: {link.kind}"),
                               f"kind must be one of {', '.join(LINK_KINDS)}")
        if content is not None:
            _check_support(link, content, path, text)
        links.append(link)
    return links


def _check_support(link: Link, content: ContentLibrary, path: Path, text: str) -> None:
    """A named-together link rests on a verbatim sentence; a reported one on a study with a DOI."""
    if link.kind == "reported":
        ref = content.references.get(link.ref or "")
        if ref is None or not ref.doi:
            raise ContentError(path, line_of(text, f"ref: {link.ref}"),
                               "a reported link needs 'ref', a reference with a DOI")
    if link.kind == "named-together" or link.quote:
        source = content.sources.get(link.source)
        if source is None or not source.contains(link.quote):
            raise ContentError(path, line_of(text, link.quote[:40]), "quote is not verbatim in its source")
