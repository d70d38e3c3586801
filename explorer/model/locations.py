"""Where a value sits in a content file, and schema errors turned into `file:line: message`.

A location is the path of keys and list indexes to a value, as the parser saw it, e.g.
("steps", 1, "highlight", 0) for the first region highlighted in a tour's second step.
pydantic names the same path in an error's `loc`, so each error maps to its own line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError

Loc = tuple[str | int, ...]

# How a list's items are named in messages: "step 2", "quote 1".
ITEM_NAMES = {"steps": "step", "quotes": "quote", "findings": "finding", "links": "link",
              "supplements": "supplement"}

SHAPES = {"list_type": "a list", "string_type": "text", "dict_type": "a block of keys", "model_type": "a block of keys",
          "tuple_type": "a list", "bool_type": "true or false", "bool_parsing": "true or false",
          "float_type": "a number", "float_parsing": "a number", "too_short": "longer (it is empty)"}


@dataclass(frozen=True)
class Lines:
    """The 1-based line of each value in one parsed file, by location."""

    by_loc: Mapping[Loc, int] = field(default_factory=dict)

    def at(self, *loc: str | int) -> int | None:
        """The line of the value at `loc`, or of the nearest enclosing value the file has."""
        key = tuple(loc)
        while key:
            if key in self.by_loc:
                return self.by_loc[key]
            key = key[:-1]
        return self.by_loc.get(())


def describe(loc: Loc) -> str:
    """A location in words for a teacher: ('steps', 1, 'view') -> "step 2: 'view'"."""
    parts: list[str] = []
    for n, part in enumerate(loc):
        if isinstance(part, int):
            owner = loc[n - 1] if n else ""
            if parts and owner in ITEM_NAMES:
                parts[-1] = f"{ITEM_NAMES[str(owner)]} {part + 1}"
            else:
                parts.append(f"item {part + 1}")
        else:
            parts.append(repr(part))
    return ", ".join(parts)


def _message(error: Mapping[str, Any]) -> str:
    """A pydantic error in a teacher's words, naming where it is: "step 2: unknown key 'veiw'"."""
    loc, kind = tuple(error["loc"]), error["type"]
    subject = describe(loc)
    named = bool(loc) and isinstance(loc[-1], str)
    prefix = f"{describe(loc[:-1])}: " if named and len(loc) > 1 else ""
    if named and kind in ("missing", "extra_forbidden"):
        return f"{prefix}{'missing required key' if kind == 'missing' else 'unknown key'} {loc[-1]!r}"
    if named and kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "a listed value")
        return f"{prefix}unknown {loc[-1]} {error['input']!r}; use {expected}"
    if kind == "missing":
        return f"{subject} is missing"
    if kind == "string_too_short":
        return f"{subject} must not be empty"
    if kind in SHAPES:
        return f"{subject} must be {SHAPES[kind]}"
    if kind == "value_error":  # our own validators' words
        return f"{subject}: {error['msg'].removeprefix('Value error, ')}"
    message = error["msg"][:1].lower() + error["msg"][1:]
    return f"{subject}: {message}" if subject else message


def validation_error(path: Path, exc: Any, lines: Lines) -> ContentError:
    """The first problem (in file order) of a pydantic ValidationError, at its own line."""
    errors = sorted(exc.errors(), key=lambda e: lines.at(*e["loc"]) or 0)
    first = errors[0]
    return ContentError(path, lines.at(*first["loc"]), _message(first))


def validate(model: type, data: Any, path: Path, lines: Lines) -> Any:
    """`model.model_validate(data)`, or a ContentError naming the file and line."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, exc, lines) from None
