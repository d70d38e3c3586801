"""The quote rules for tours and circuit links in a content folder, one problem per wrong quote.

Annotation pages are checked in content.check(); this covers `tours/*.yaml` and `circuits.yaml`,
so that `check-content` reports every wrong bracket or broken-off quote with its file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.model import brackets
from explorer.model.content import ContentLibrary
from explorer.model.errors import Problem
from explorer.model.tomlfile import line_of


def _quotes_in(data: Any) -> list[tuple[str, str, str | None]]:
    """(text, source, cites) of every quote in a tour (steps[].quotes) or circuits file (links[])."""
    found = []
    if not isinstance(data, dict):
        return found
    for step in data.get("steps") or []:
        for quote in (step.get("quotes") or []) if isinstance(step, dict) else []:
            if isinstance(quote, dict) and quote.get("text"):
                found.append((str(quote["text"]), str(quote.get("source", "")), quote.get("cites")))
    for link in data.get("links") or []:
        if isinstance(link, dict) and link.get("quote"):
            found.append((str(link["quote"]), str(link.get("source", "")), link.get("cites")))
    return found


def file_problems(path: Path, lib: ContentLibrary) -> list[Problem]:
    """Every quote in one tour or circuits file that is not verbatim, not whole, or wrongly cited."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [Problem(path, None, f"cannot read: {exc}")]
    problems = []
    for quote, source_id, cites in _quotes_in(data):
        line = line_of(text, quote[:40])
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
