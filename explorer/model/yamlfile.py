"""YAML content files read with the line of every value, from PyYAML's node marks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.model.errors import ContentError
from explorer.model.locations import Lines, Loc


def yaml_error(path: Path, exc: Exception, prefer_context: bool = True, first_line: int = 1) -> ContentError:
    """A ContentError for a PyYAML error, at the line where the faulty construct began.

    The context mark (where an unclosed bracket or quote began) is usually the more useful
    line; PyYAML's marks count from 0 in the text it was given, which starts at `first_line`.
    """
    marks = ("context_mark", "problem_mark") if prefer_context else ("problem_mark",)
    mark = next((m for m in (getattr(exc, name, None) for name in marks) if m is not None), None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ContentError(path, mark.line + first_line if mark is not None else None, f"YAML error: {problem}")


def _index(node: Any, loc: Loc, first_line: int, out: dict[Loc, int]) -> None:
    """Record the line of `node` and of everything inside it; a mapping value keeps its key's line."""
    import yaml

    out.setdefault(loc, node.start_mark.line + first_line)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            out.setdefault((*loc, key), key_node.start_mark.line + first_line)
            _index(value_node, (*loc, key), first_line, out)
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            _index(item, (*loc, n), first_line, out)


def parse_yaml(text: str, path: Path, first_line: int = 1, prefer_context: bool = True) -> tuple[Any, Lines]:
    """The document's data and the line of each value; a syntax error becomes a ContentError."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when built in: 10x faster
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:  # a control character: the reader gives a position, not a mark
        line = text.count("\n", 0, exc.position) + first_line
        raise ContentError(path, line, f"YAML error: control character U+{exc.character:04X} is not allowed") from None
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, prefer_context, first_line) from None
    lines: dict[Loc, int] = {}
    if node is not None:
        _index(node, (), first_line, lines)
    return data, Lines(lines)


def read_yaml(path: Path, prefer_context: bool = True) -> tuple[Any, Lines]:
    """Read and parse a YAML file (see `parse_yaml`)."""
    return parse_yaml(read_text(path), path, prefer_context=prefer_context)


def read_text(path: Path) -> str:
    """A content file's text, or a ContentError saying why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "not UTF-8 text") from None


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """(front matter, its first line, body, the body's first line), or None without a '---' block.

    The block is found as python-frontmatter finds it; the line numbers turn YAML marks and
    positions in the body into file lines.
    """
    import frontmatter

    boundary = frontmatter.YAMLHandler.FM_BOUNDARY
    skipped = text.count("\n", 0, len(text) - len(text.lstrip("\ufeff \t\r\n")))  # blank lines before '---'
    text = text.lstrip("\ufeff \t\r\n")
    opening = boundary.match(text)
    closing = boundary.search(text, opening.end()) if opening else None
    if closing is None:
        return None
    rest = text[closing.end():]
    body = rest.strip()
    body_start = closing.end() + (rest.index(body) if body else 0)
    return (text[opening.end(): closing.start()], skipped + text.count("\n", 0, opening.end()) + 1,
            body, skipped + text.count("\n", 0, body_start) + 1)
