"""Read TOML files into dicts, and turn TOML or YAML syntax errors into file:line problems."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError

_AT_LINE = re.compile(r"at line (\d+)")


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Return the parsed document and its text; raise ContentError with the line on bad TOML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = _AT_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        message = _AT_LINE.sub("", str(exc)).strip(" ()")
        raise ContentError(path, line, f"TOML syntax error: {message}") from None


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of `needle` in `text`, to point at a bad key."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def yaml_error(path: Path, exc: Exception, prefer_context: bool = True) -> ContentError:
    """A ContentError for a PyYAML error, at the line where the faulty construct began.

    The context mark (where an unclosed bracket or quote began) is usually the more useful
    line; PyYAML's marks count from 0 in the text it was given.
    """
    marks = ("context_mark", "problem_mark") if prefer_context else ("problem_mark",)
    mark = next((m for m in (getattr(exc, name, None) for name in marks) if m is not None), None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ContentError(path, mark.line + 1 if mark is not None else None, f"YAML error: {problem}")
