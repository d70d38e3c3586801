"""The quote rules for tours and circuit links in a content folder, one problem per wrong quote.

Annotation pages are checked in content.check(); this covers `tours/*.yaml` and `circuits.yaml`,
so that `check-content` reports every wrong bracket or broken-off quote with its file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.model import brackets
from explorer.model.content import ContentLibrary
from explorer.model.errors import ContentError, Problem
from explorer.model.locations import Loc
from explorer.model.yamlfile import read_yaml


def _quotes_in(data: Any) -> list[tuple[str, str, str | None, Loc]]:
    """(text, source, cites, where) of every quote in a tour (steps[].quotes) or circuits file (links[])."""
    found: list[tuple[str, str, str | None, Loc]] = []
    if not isinstance(data, dict):
        return found
    for i, step in enumerate(data.get("steps") or []):
        for j, quote in enumerate((step.get("quotes") or []) if isinstance(step, dict) else []):
            if isinstance(quote, dict) and quote.get("text"):
                found.append((str(quote["text"]), str(quote.get("source", "")), quote.get("cites"),
                              ("steps", i, "quotes", j, "text")))
    for n, link in enumerate(data.get("links") or []):
        if isinstance(link, dict) and link.get("quote"):
            found.append((str(link["quote"]), str(link.get("source", "")), link.get("cites"), ("links", n, "quote")))
    return found


def file_problems(path: Path, lib: ContentLibrary) -> list[Problem]:
    """Every quote in one tour or circuits file that is not verbatim, not whole, or wrongly cited."""
    try:
        data, lines = read_yaml(path)
    except ContentError:
        return []  # a file that cannot be parsed is reported by its loader
    problems = []
    for quote, source_id, cites, where in _quotes_in(data):
        line = lines.at(*where)
        source = lib.sources.get(source_id)
        if source is None:
            problems.append(Problem(path, line, f"unknown source {source_id!r}"))
        elif not source.contains(quote):
            problems.append(Problem(path, line, f"quote is not verbatim in source {source_id!r}: {quote[:50]!r}"))
        else:
            problems.extend(Problem(path, line, f"{message}: {quote[:40]!r}")
                            for message in brackets.quote_problems(source.text, quote, cites))
    return problems


def pack_problems(folder: Path, lib: ContentLibrary) -> list[Problem]:
    """The quote problems of every tour and the circuits file in a content folder."""
    paths = sorted((folder / "tours").glob("*.yaml")) + [folder / "circuits.yaml"]
    return [problem for path in paths if path.is_file() for problem in file_problems(path, lib)]
