"""Circuit view links: pairs of regions, a caption, and the verbatim sentence behind each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.model.errors import ContentError
from explorer.model.locations import Lines, validate
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.yamlfile import read_yaml

if TYPE_CHECKING:
    from explorer.model.content import ContentLibrary

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
    pack: str = "built-in"
    path: Path | None = None  # the circuits.yaml it came from


def load_links(regions: set[str] | None, content: ContentLibrary | None = None, path: Path = CIRCUITS_FILE,
               pack: str = "built-in") -> list[Link]:
    """Read and check the links; ContentError names the file and line of a problem."""
    from explorer.model.schema import CircuitsFile

    data, lines = read_yaml(path, prefer_context=False)
    if not isinstance(data, dict | None):
        raise ContentError(path, 1, "circuits.yaml needs a 'links:' list")
    links = []
    for n, raw in enumerate(validate(CircuitsFile, data or {}, path, lines).links):
        for key, rid in (("from", raw.a), ("to", raw.b)):
            if regions is not None and rid not in regions:
                raise ContentError(path, lines.at("links", n, key), f"link {n + 1}: unknown region {rid!r}")
        for key in ("quote", "source") if raw.kind == "named-together" else ():
            if not getattr(raw, key):
                raise ContentError(path, lines.at("links", n, key), f"link {n + 1}: missing required key {key!r}")
        link = Link(raw.a, raw.b, raw.caption, raw.quote, raw.source, raw.cites, raw.kind, raw.ref, pack, Path(path))
        if content is not None:
            _check_support(link, n, content, path, lines)
        links.append(link)
    return links


def _check_support(link: Link, n: int, content: ContentLibrary, path: Path, lines: Lines) -> None:
    """A named-together link rests on a verbatim sentence; a reported one on a study with a DOI."""
    if link.kind == "reported":
        ref = content.references.get(link.ref or "")
        if ref is None or not ref.doi:
            raise ContentError(path, lines.at("links", n, "ref"),
                               f"link {n + 1}: a reported link needs 'ref', a reference with a DOI")
    if link.kind == "named-together" or link.quote:
        source = content.sources.get(link.source)
        if source is None or not source.contains(link.quote):
            raise ContentError(path, lines.at("links", n, "quote"),
                               f"link {n + 1}: quote is not verbatim in its source {link.source!r}")
