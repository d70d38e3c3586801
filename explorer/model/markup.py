"""Markdown to safe HTML: no scripts, no remote loads, images only from inside a content pack."""

from __future__ import annotations

import re
from pathlib import Path

_SRCLESS_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
ALLOWED_SCHEMES = {"http", "https", "doi", "region", "topic", "group", "label", "copy-apa", "copy-bib", "quote"}


def markdown_to_html(text: str, base: Path | None = None) -> str:
    """CommonMark to HTML, then sanitised. Images may only come from inside `base` (the pack)."""
    from markdown_it import MarkdownIt

    raw = MarkdownIt("commonmark", {"html": False}).render(text)
    return sanitise(raw, base)


def local_image(src: str, base: Path | None) -> str | None:
    """A file:// URL for an image inside the content pack, or None (remote or outside: dropped).

    Accepts a path relative to the pack, or a file:// URL already pointing into it
    (the panel is sanitised twice: the body, then the whole page).
    """
    if base is None:
        return None
    if src.startswith("file://"):
        from urllib.parse import unquote, urlparse

        path = Path(unquote(urlparse(src).path))
    elif ":" in src or src.startswith("//"):
        return None
    else:
        path = base / src
    root, path = base.resolve(), path.resolve()
    return path.as_uri() if path.is_relative_to(root) and path.is_file() else None


def sanitise(html: str, base: Path | None = None) -> str:
    """No scripts, no remote loads, links only with known schemes, images only from the pack."""
    import nh3

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return local_image(value, base)
        if tag == "a" and attribute == "href" and value.startswith("file:"):
            return None
        return value

    clean = nh3.clean(
        html,
        tags={"p", "em", "strong", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "br", "span",
              "div", "table", "tr", "td", "th", "small", "b", "i", "sup", "hr", "img"},
        attributes={"a": {"href", "title"}, "span": {"style"}, "div": {"style"}, "td": {"style"},
                    "img": {"src", "alt", "width"}},
        url_schemes=ALLOWED_SCHEMES | {"file"},
        attribute_filter=keep,
        link_rel=None,
    )
    return _SRCLESS_IMG.sub("", clean)  # an image whose source was refused is dropped whole


def _parse(text: str) -> list:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).parse(text)


def markdown_section(text: str, heading: str) -> str | None:
    """The Markdown under the heading `heading` (any level), up to the next heading as high; None if absent."""
    tokens = _parse(text)
    lines = text.splitlines()
    for n, token in enumerate(tokens):
        if token.type != "heading_open" or tokens[n + 1].content.strip().lower() != heading.strip().lower():
            continue
        start = token.map[1] if token.map else 0
        end = next((t.map[0] for t in tokens[n + 1:] if t.type == "heading_open" and t.map and t.tag <= token.tag),
                   len(lines))
        return "\n".join(lines[start:end])
    return None


def markdown_to_plain(text: str) -> str:
    """Markdown as one line of plain text: the words of links, emphasis and code kept, images and markup dropped."""
    words: list[str] = []
    for token in _parse(text):
        if token.type != "inline":
            continue
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "image":
                words.append(" ")  # its alt text is in children we skip: a figure's words are not the prose
        words.append(" ")
    return " ".join("".join(words).split())


def html_to_plain(html: str) -> str:
    """The text of an HTML snippet (tags dropped, entities decoded)."""
    from html import unescape

    import nh3

    return unescape(nh3.clean(html, tags=set()))
