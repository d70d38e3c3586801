"""The words on an exported figure: title, excerpt or quote, citations, atlas credit, labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from explorer.model.annotations import Quote
from explorer.model.atlas import Atlas
from explorer.model.citations import paragraph_number
from explorer.model.content import ContentLibrary
from explorer.model.markup import html_to_plain, markdown_section, markdown_to_plain
from explorer.model.panel_html import attribution, page_for, who_brings_it
from explorer.model.peak_text import peaks_for_selection
from explorer.model.selection import HighlightSelection, LabelSelection, RegionSelection, Selection, TopicSelection


@dataclass(frozen=True)
class Callout:
    key: str
    text: str
    color: str  # hex
    label_ids: tuple[int, ...]


@dataclass(frozen=True)
class FigureText:
    title: str | None = None
    kicker: str | None = None  # a small line above the title (e.g. the tour's name and step number)
    excerpt: str | None = None
    attribution: str | None = None
    references: tuple[str, ...] = ()  # APA, plain text
    reference_keys: tuple[str, ...] = ()
    credit: str = ""
    callouts: tuple[Callout, ...] = field(default_factory=tuple)
    markers: tuple[str, ...] = ()  # caption lines naming the 3D markers ("● Black sphere: a peak reported by …")


def plain_words(body: str) -> str:
    """The 'In plain words' section of a page body (the whole body if it has none), as plain text."""
    section = markdown_section(body, "In plain words")
    return markdown_to_plain(body if section is None else section)


def quote_citation(quote: Quote, content: ContentLibrary) -> str | None:
    """APA in-text citation of a quote's document, with its page (a one-page article) or paragraph."""
    ref = content.references.get(quote.source)
    source = content.sources.get(quote.source)
    if ref is None or ref.citations is None:
        return None
    pages = ref.citations.pages(ref.key)
    if pages and "-" not in pages:
        return ref.citations.in_text(ref.key, "page", pages)
    paragraph = paragraph_number(source.text, quote.text) if source else None
    return ref.citations.in_text(ref.key, "paragraph", str(paragraph)) if paragraph else \
        ref.citations.in_text(ref.key)


def quote_attribution(quote: Quote, content: ContentLibrary) -> str:
    """How to cite a quote (APA, with its locator), then where it comes from in plain words.

    The citation comes first: a figure with little room cuts the end of this line, never the citation.
    """
    words = html_to_plain(attribution(quote, content))
    cite = quote_citation(quote, content)
    return f"{cite} · {words}" if cite else words


def _first_sentences(text: str, n: int = 2) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(parts[:n])


def figure_text(
    atlas: Atlas,
    content: ContentLibrary,
    selection: Selection | None,
    callouts: str = "selected",  # "none" | "selected" | "all"
    annotation: bool = True,
    quote_index: int | None = None,
) -> FigureText:
    """Everything an export writes in words, from the same content the panel shows."""
    credit = f"Atlas: {atlas.manifest.credit}. Licence: {atlas.manifest.licence}."
    labels = _callouts(atlas, selection, callouts)
    if selection is None:
        return FigureText(credit=credit, callouts=labels)
    page, title = page_for(selection, atlas, content)
    if not annotation or page is None:
        return FigureText(title=title if annotation else None, credit=credit, callouts=labels)
    keys: list[str] = []
    if quote_index is not None and 0 <= quote_index < len(page.quotes):
        quote = page.quotes[quote_index]
        excerpt = f"“{quote.text}”"
        attribution_text = quote_attribution(quote, content)
        keys = [quote.source, *quote.refs]  # the document (if it has a reference entry) and its study
    else:
        excerpt = _first_sentences(plain_words(page.body))
        attribution_text = None
        keys = list(page.references[:3])
    # A study whose peak the figure draws is cited in its footer, like the excerpt's sources.
    keys += [k for k in dict.fromkeys(p.ref for p in peaks_for_selection(selection, atlas, content)) if k not in keys]
    refs = [content.references[k] for k in keys if k in content.references]
    return FigureText(
        title=title,
        excerpt=excerpt,
        attribution=attribution_text,
        references=tuple(f"{r.apa()} ({who_brings_it(r.key, content)})" for r in refs),
        reference_keys=tuple(r.key for r in refs),
        credit=credit,
        callouts=labels,
    )


def _callouts(atlas: Atlas, selection: Selection | None, mode: str) -> tuple[Callout, ...]:
    out: list[Callout] = []
    if mode == "none":
        return ()
    match selection:
        case RegionSelection(region_id=region_id):
            region = atlas.region_defs[region_id]
            out.append(Callout(region.id, region.title, region.color, selection.label_ids))
        case TopicSelection() | HighlightSelection():
            for rid in {atlas.label_region.get(i) for i in selection.label_ids} - {None}:
                region = atlas.region_defs[rid]
                out.append(Callout(rid, region.title, region.color, atlas.label_ids_for(rid)))
        case LabelSelection(label_id=label_id):
            label = atlas.labels[label_id]
            out.append(Callout(f"label-{label.id}", label.full_name, label.color or "#555555", (label.id,)))
    if mode == "all":
        shown = {c.key for c in out}
        for region in atlas.available_regions():
            if region.core and region.id not in shown:
                out.append(Callout(region.id, region.title, region.color, atlas.label_ids_for(region.id)))
    return tuple(out)
