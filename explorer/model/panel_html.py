"""The annotation panel as sanitised HTML: same text on screen, in exports and in handouts."""

from __future__ import annotations

from html import escape

from explorer.model.annotations import Annotation, Quote
from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.markup import markdown_to_html, sanitise
from explorer.model.selection import LabelSelection, RegionSelection, Selection, TopicSelection, clicked_label

EVIDENCE_LABEL = {"document": "document", "cited-study": "cited study", "review": "review"}
EVIDENCE_COLOR = {"document": "#0072B2", "cited-study": "#009E73", "review": "#7a5195"}


def _tag(kind: str) -> str:
    color = EVIDENCE_COLOR[kind]
    return (f'<span style="color:white; background-color:{color}; font-size:small;">'
            f"&nbsp;{EVIDENCE_LABEL[kind]}&nbsp;</span>")


def page_for(selection: Selection, atlas: Atlas, lib: ContentLibrary) -> tuple[Annotation | None, str]:
    """The page and title that describe a selection: a topic, a region or group, or one label."""
    match selection:
        case TopicSelection(topic_id=topic_id):
            page = lib.annotations.get(topic_id)
            return page, page.title if page else topic_id
        case RegionSelection(region_id=region_id):
            return lib.for_region(region_id), atlas.region_defs[region_id].title
        case LabelSelection(label_id=label_id) if label_id in atlas.labels:
            return None, atlas.labels[label_id].full_name
    return None, "Selected regions"


def attribution(quote: Quote, lib: ContentLibrary) -> str:
    """Where a quote comes from and whom the document credits, without overstating it."""
    source = lib.sources.get(quote.source)
    doc = f"<i>{escape(source.title)}</i>" if source else escape(quote.source)
    if source and source.author and source.year:
        doc = f"{escape(source.citation)}, <i>{escape(source.title)}</i>"
    if quote.refs:
        who = "; ".join(escape(lib.references[k].short) for k in quote.refs if k in lib.references)
        text = f"in {doc}, attributed to {who}"
    elif quote.cites:
        text = (f"in {doc}, citing {escape(quote.cites)}; the reference list is not included in the source"
                if quote.cites.startswith("[") else f"in {doc}, citing “{escape(quote.cites)}”")
    else:
        text = f"in {doc} (no citation given there)"
    return text


def quote_html(quote: Quote, index: int, lib: ContentLibrary) -> str:
    parts = [
        f'<blockquote><a href="quote:{index}" title="Show in the source document">“{escape(quote.text)}”</a>',
        f"<br/><small>{_tag('document')} {attribution(quote, lib)}</small>",
    ]
    if quote.note:
        parts.append(f"<br/><small><i>Note: {escape(quote.note)}</i></small>")
    if quote.context:
        parts.append(f"<br/><small><i>Why it is here: {escape(quote.context)}</i></small>")
    parts.append("</blockquote>")
    return "".join(parts)


def where_html(atlas: Atlas, label_ids: tuple[int, ...], selection: Selection | None) -> str:
    """Atlas labels, hemispheres, centroid and volume, computed from the loaded atlas."""
    labels = [atlas.labels[i] for i in label_ids if i in atlas.labels]
    rows = "".join(f"<li>{escape(lab.name)} <small>({lab.hemisphere})</small></li>" for lab in labels)
    sides = sorted({lab.hemisphere for lab in labels})
    centroid = atlas.centroid(label_ids)
    parts = [f"<p>In <b>{escape(atlas.manifest.name)}</b>, made of {len(labels)} atlas label(s):</p><ul>{rows}</ul>"]
    parts.append(f"<p>Hemisphere(s): {', '.join(sides)}")
    if centroid:
        parts.append("<br/>MNI centroid: ({:.0f}, {:.0f}, {:.0f}) mm".format(*centroid))
    parts.append(f"<br/>Volume: {atlas.volume_cm3(label_ids):.1f} cm³</p>")
    if clicked_label(selection) in atlas.labels:
        clicked = atlas.labels[clicked_label(selection)]
        parts.append(f"<p><small>You clicked <b>{escape(clicked.full_name)}</b>"
                     f" ({escape(clicked.hemisphere)} side).</small></p>")
    return "".join(parts)


def region_panel_html(
    page: Annotation | None, title: str, atlas: Atlas, selection: Selection, lib: ContentLibrary
) -> str:
    """The whole panel for a selected region, group or single label."""
    out = [f"<h2>{escape(title)}</h2>"]
    if page is None:
        out.append("<p><i>No annotation has been written for this atlas label yet.</i></p>")
        out.append("<h3>Where it is</h3>" + where_html(atlas, selection.label_ids, selection))
        return sanitise("".join(out))
    if page.approximate:
        out.append("<p><small><b>Approximate:</b> this structure is borrowed from another atlas and "
                   "resampled; see “Where it is”.</small></p>")
    body = markdown_to_html(page.body, page.path.parent)
    out.append(body.replace("<h2>", "<h3>").replace("</h2>", "</h3>"))
    if page.quotes:
        out.append("<h3>What the documents say</h3>")
        out.extend(quote_html(q, i, lib) for i, q in enumerate(page.quotes))
    if page.findings:
        out.append("<h3>What the cited studies found</h3>")
        for finding in page.findings:
            ref = lib.references.get(finding.ref)
            doi = f' <a href="{escape(ref.doi_url)}">doi:{escape(ref.doi)}</a>' if ref and ref.doi else ""
            who = escape(ref.short) if ref else escape(finding.ref)
            out.append(f"<p>{_tag(finding.evidence)} <b>{who}</b>: {escape(finding.text)}{doi}</p>")
    if page.kind == "topic":
        out.append("<h3>Regions it involves</h3>" + involved_html(page, atlas, lib))
    else:
        out.append("<h3>Where it is</h3>" + where_html(atlas, selection.label_ids, selection))
    if page.atlas_notes:
        out.append(f"<p><small><b>How the atlases differ:</b> {escape(page.atlas_notes)}</small></p>")
    if page.links:
        out.append("<h3>Connections</h3>" + links_html(page.links, lib, atlas))
    if page.references:
        out.append("<h3>References</h3>" + references_html(page.references, lib))
    if page.pack != "built-in":
        out.append(f"<p><small>Text from the annotation folder “{escape(page.pack)}”.</small></p>")
    return sanitise("".join(out), page.path.parent)


def involved_html(page: Annotation, atlas: Atlas, lib: ContentLibrary) -> str:
    """For a topic: the regions highlighted in 3D, and which of them this atlas lacks."""
    if not page.regions:
        return "<p><i>The documents tie this topic to no particular region, so nothing is highlighted.</i></p>"
    items = []
    for region_id in page.regions:
        region = atlas.region_defs.get(region_id)
        name = region.title if region else region_id
        missing = "" if atlas.label_ids_for(region_id) else " <small>(not in this atlas)</small>"
        items.append(f'<li><a href="region:{escape(region_id)}">{escape(name)}</a>{missing}</li>')
    return f"<ul>{''.join(items)}</ul>"


def links_html(links: tuple[str, ...], lib: ContentLibrary, atlas: Atlas) -> str:
    items = []
    for link in links:
        kind, _, target = link.partition(":")
        page = lib.annotations.get(target)
        region = atlas.region_defs.get(target)
        name = page.title if page else (region.title if region else target)
        items.append(f'<li><a href="{escape(kind)}:{escape(target)}">{escape(name)}</a></li>')
    return f"<ul>{''.join(items)}</ul>"


def references_html(keys: tuple[str, ...], lib: ContentLibrary, copy_links: bool = True) -> str:
    items = []
    for key in keys:
        ref = lib.references.get(key)
        if ref is None:
            continue
        doi = f' <a href="{escape(ref.doi_url)}">doi:{escape(ref.doi)}</a>' if ref.doi else ""
        flag = "" if ref.verified else " <small><i>(details not verified)</i></small>"
        copy = (f'<br/><small><a href="copy-apa:{escape(key)}">Copy APA</a> · '
                f'<a href="copy-bib:{escape(key)}">Copy BibTeX</a></small>') if copy_links else ""
        items.append(f"<li>{ref.apa(html=True)}{doi}{flag}{copy}</li>")
    return f"<ul>{''.join(items)}</ul>"
