"""The annotation panel as sanitised HTML: same text on screen, in exports and in handouts."""

from __future__ import annotations

from html import escape

from explorer.model import brackets
from explorer.model.annotations import Annotation, Finding, Quote
from explorer.model.atlas import Atlas
from explorer.model.circuits import Link
from explorer.model.content import ContentLibrary
from explorer.model.markup import markdown_to_html, sanitise
from explorer.model.selection import LabelSelection, RegionSelection, Selection, TopicSelection
from explorer.model.sources import Source
from explorer.model.tours import Step
from explorer.model.where import where_html

# Tag words, their tooltips (title attributes) and colours (Okabe-Ito, readable with white text).
EVIDENCE_LABEL = {
    "document": "document",
    "human-imaging": "human imaging",
    "lesion": "lesion study",
    "human-tissue": "human brain tissue",
    "animal": "animal studies",
    "epidemiological": "epidemiological",
    "review": "review or theory",
}
EVIDENCE_TIP = {
    "document": "The words of one of the two source documents.",
    "human-imaging": "Brain scans (such as fMRI or MRI) of people.",
    "lesion": "People with damage to a brain area, compared with people without it.",
    "human-tissue": "Human brain tissue, taken after death or in surgery, studied in the laboratory.",
    "animal": "Experiments in animals, reported directly or in a review; they may not carry over to humans.",
    "epidemiological": "Health records or surveys of many people: links, not brain measurements.",
    "review": "A review of many studies, or a theory paper: it argues a view rather than reporting one new study.",
}
EVIDENCE_COLOR = {"document": "#0072B2", "human-imaging": "#006B4F", "lesion": "#A3441A",
                  "human-tissue": "#7A5C00", "animal": "#6A3D9A",
                  "epidemiological": "#005A8C", "review": "#555555"}
CITED_HEADING = "Studies the documents cite"
APP_HEADING = "Further studies (chosen for this app, not cited by the documents)"


def _tag(kind: str) -> str:
    color = EVIDENCE_COLOR[kind]
    return (f'<span title="{escape(EVIDENCE_TIP[kind])}" style="color:white; background-color:{color}; '
            f'font-size:small;">&nbsp;{EVIDENCE_LABEL[kind]}&nbsp;</span>')


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
    elif source and brackets.uses_brackets(source.text):
        text = f"in {doc}, {escape(_bracket_words(quote.text, source))}"
    elif quote.cites:
        text = f"in {doc}, citing “{escape(quote.cites)}”"
    else:
        text = f"in {doc} (no citation given there)"
    return text


def _bracket_words(quote: str, source: Source) -> str:
    """The bracket that closes the quote's own sentence, worked out from the source text."""
    cite = brackets.sentence_cite(source.text, quote)
    if cite is None:
        return "not found in the document"
    words = brackets.cite_words(cite)
    if cite.own or cite.paragraph:
        words += "; the document's reference list is not included in the source, so the numbers cannot be traced"
    return words


def quote_html(quote: Quote, index: int | None, lib: ContentLibrary) -> str:
    """A quote with its attribution; `index` makes it a link to the source viewer."""
    words = f"“{escape(quote.text)}”"
    if index is not None:
        words = f'<a href="quote:{index}" title="Show in the source document">{words}</a>'
    parts = [
        f"<blockquote>{words}",
        f"<br/><small>{_tag('document')} {attribution(quote, lib)}</small>",
    ]
    if quote.note:
        parts.append(f"<br/><small><i>Note: {escape(quote.note)}</i></small>")
    if quote.context:
        parts.append(f"<br/><small><i>Why it is here: {escape(quote.context)}</i></small>")
    parts.append("</blockquote>")
    return "".join(parts)


def region_panel_html(
    page: Annotation | None, title: str, atlas: Atlas, selection: Selection, lib: ContentLibrary,
    app_links: bool = True,
) -> str:
    """The whole panel for a selected region, group or single label.

    `app_links=False` leaves out the links only the app can follow (quote → source viewer, Copy APA/BibTeX),
    for a page shown outside it (the web lesson).
    """
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
        out.extend(quote_html(q, i if app_links else None, lib) for i, q in enumerate(page.quotes))
    out.append(findings_html(page.findings, lib))
    if page.kind == "topic":
        out.append("<h3>Regions it involves</h3>" + involved_html(page, atlas, lib))
    else:
        out.append("<h3>Where it is</h3>" + where_html(atlas, selection.label_ids, selection))
    out.append(study_peaks_html(page, atlas, lib))
    if page.atlas_notes:
        out.append(f"<p><small><b>How the atlases differ:</b> {escape(page.atlas_notes)}</small></p>")
    if page.links:
        out.append("<h3>Connections</h3>" + links_html(page.links, lib, atlas))
    if page.references:
        out.append("<h3>References</h3>" + references_html(page.references, lib, copy_links=app_links))
    if page.pack != "built-in":
        out.append(f"<p><small>Text from the annotation folder “{escape(page.pack)}”.</small></p>")
    return sanitise("".join(out), page.path.parent)


def step_html(step: Step, lib: ContentLibrary, app_links: bool = True) -> str:
    """A tour step's band: title, text, quotes and references (in the app and the web lesson)."""
    parts = [f"<h2>{escape(step.title)}</h2>", markdown_to_html(step.text)]
    parts.extend(quote_html(q, i if app_links else None, lib) for i, q in enumerate(step.quotes))
    if step.references:
        parts.append("<h3>References</h3>" + references_html(step.references, lib, copy_links=False))
    return sanitise("".join(parts))


def study_peaks_html(page: Annotation, atlas: Atlas, lib: ContentLibrary) -> str:
    """The page's study peaks, looked up in this atlas and every other shipped one (once they are loaded)."""
    if not page.peaks:
        return ""
    from explorer.model.agreement import other_atlases, pending
    from explorer.model.peak_text import peaks_html

    others = [] if pending(atlas) else other_atlases(atlas, None)[0]  # a worker is loading them: not now
    return peaks_html(page, [atlas, *others], lib.references)


def findings_html(findings: tuple[Finding, ...], lib: ContentLibrary) -> str:
    """Two sections: studies a source document cites, then studies this app added."""
    out = []
    for source, heading in (("document", CITED_HEADING), ("app", APP_HEADING)):
        chosen = [f for f in findings if f.source == source]
        if chosen:
            out.append(f"<h3>{escape(heading)}</h3>")
            out.extend(_finding_html(f, lib) for f in chosen)
    return "".join(out)


def _finding_html(finding: Finding, lib: ContentLibrary) -> str:
    ref = lib.references.get(finding.ref)
    doi = f' <a href="{escape(ref.doi_url)}">doi:{escape(ref.doi)}</a>' if ref and ref.doi else ""
    who = escape(ref.short) if ref else escape(finding.ref)
    return f"<p>{_tag(finding.evidence)} <b>{who}</b>: {escape(finding.text)}{doi}</p>"


def link_html(link: Link, lib: ContentLibrary, atlas: Atlas) -> str:
    """The panel for one circuit link: whose claim it is, and the sentence or study behind it."""
    names = " ↔ ".join(escape(atlas.region_defs[r].title) if r in atlas.region_defs else escape(r)
                        for r in (link.a, link.b))
    out = [f"<h2>{names}</h2>", f"<p>{escape(link.caption)}</p>"]
    if link.kind == "reported":
        ref = lib.references.get(link.ref or "")
        out.append("<p><small><b>Reported connection:</b> drawn as a solid tube because the study below "
                   "reports that these regions are connected or interact.</small></p>")
        if ref:
            out.append("<h3>The study</h3>" + references_html((ref.key,), lib, copy_links=False))
    else:
        out.append("<p><small><b>Named together, not a reported connection:</b> drawn as a thin dashed "
                   "line because the document only mentions these regions side by side; it does not say "
                   "that they are connected.</small></p>")
    if link.quote:
        quote = Quote(link.quote, link.source, link.cites, (), None, None, None)
        out.append(quote_html(quote, None, lib))
    return sanitise("".join(out))


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
        flag += _who_brings_it(key, lib)
        copy = (f'<br/><small><a href="copy-apa:{escape(key)}">Copy APA</a> · '
                f'<a href="copy-bib:{escape(key)}">Copy BibTeX</a></small>') if copy_links else ""
        items.append(f"<li>{ref.apa(html=True)}{doi}{flag}{copy}</li>")
    return f"<ul>{''.join(items)}</ul>"


APP_CHOSEN = "chosen for this app, not cited by the documents"
APP_CHOSEN_TIP = ("The app's authors picked this paper. Hun (2024) gives no reference list and the Relationships "
                  "document lists four papers; this is not one of them.")


def who_brings_it(key: str, lib: ContentLibrary) -> str:
    """Plain words: a reference is a source document, is cited by one, or was chosen for this app."""
    if key in lib.sources:
        return "source document"
    citing = [s.citation for s in lib.sources.values() if key in s.references]
    return f"cited by {'; '.join(citing)}" if citing else APP_CHOSEN


def _who_brings_it(key: str, lib: ContentLibrary) -> str:
    words = who_brings_it(key, lib)
    tip = f' title="{escape(APP_CHOSEN_TIP)}"' if words == APP_CHOSEN else ""
    return f" <small><i><span{tip}>({escape(words)})</span></i></small>"
