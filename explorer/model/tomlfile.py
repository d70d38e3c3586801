"""TOML files (atlas manifests, regions.toml): parsed with tomllib, with the line of every key.

tomllib gives no positions, so lines come from one light scan with a documented rule:
- `[a.b]` and `[[a]]` headers start a table; the n-th `[[a]]` is item n of the array `a`;
- `key = value` (bare, quoted or dotted keys) inside a table is at its own line;
- anything deeper (an item inside `["x", "y"]`, a key of an inline table) is reported at
  the line of the key that holds it, and nothing inside a multi-line string is read.
Problems are then reported at the line of the value's own key, not at the first place its
text happens to appear.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError
from explorer.model.locations import Lines, Loc

_AT_LINE = re.compile(r"at line (\d+)")
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")


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


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(_KEY_PART, dotted))


def toml_lines(text: str) -> Lines:
    """The line of every table and key in a TOML document (see the module's rule)."""
    out: dict[Loc, int] = {}
    table: Loc = ()
    counts: dict[tuple[str, ...], int] = {}
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            in_string = (line.count('"""') + line.count("'''")) % 2 == 0
            continue
        if match := _ARRAY_HEADER.match(line):
            name = _keys(match.group(1))
            counts[name] = counts.get(name, -1) + 1
            table = (*name, counts[name])
            out.setdefault(name, number)
        elif match := _TABLE_HEADER.match(line):
            table = _keys(match.group(1))
        elif match := _KEY_LINE.match(line):
            key = (*table, *_keys(match.group(1)))
            out.setdefault(key, number)
            in_string = (line.count('"""') + line.count("'''")) % 2 == 1
            continue
        else:
            continue
        for depth in range(1, len(table) + 1):
            out.setdefault(table[:depth], number)
    return Lines(out)
