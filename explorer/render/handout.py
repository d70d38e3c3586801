"""A printable PDF handout: one page per teaching region, with figure, text, quotes, references."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

from explorer.model.annotations import Annotation
from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.figure_text import figure_text, plain_words
from explorer.model.markup import html_to_plain
from explorer.model.panel_html import attribution, who_brings_it
from explorer.model.paths import atomic_write
from explorer.model.state import selection_for_region
from explorer.render.export import ExportRequest, render_figure
from explorer.render.formats import register_fonts
from explorer.render.mesh_cache import MeshSet
from explorer.render.overlay import draw


def _figure_png(atlas: Atlas, meshes: MeshSet, content: ContentLibrary, region_id: str) -> bytes:
    selection = selection_for_region(atlas, region_id)
    view = atlas.region_defs[region_id].view
    request = ExportRequest(selection, view, (1800, 1100), "white", callouts="selected", annotation=False)
    text = figure_text(atlas, content, selection, "selected", annotation=False)
    figure = render_figure(atlas, meshes, request, text)
    buffer = io.BytesIO()
    draw(figure.canvas, figure.overlay).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def write_handout(atlas: Atlas, meshes: MeshSet, content: ContentLibrary, path: Path,
                  notes: dict[str, str] | None = None) -> int:
    """Write the handout atomically; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate

    fonts = register_fonts()
    body = ParagraphStyle("body", fontName=fonts["regular"], fontSize=10, leading=13.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor="#444444")
    quote = ParagraphStyle("quote", parent=body, leftIndent=10, fontName=fonts["italic"])
    h1 = ParagraphStyle("h1", parent=body, fontName=fonts["bold"], fontSize=20, leading=24, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontName=fonts["bold"], fontSize=12, leading=15, spaceBefore=8,
                        spaceAfter=3)
    regions = [r for r in atlas.available_regions() if r.core]
    story = []
    frame_w, frame_h = A4[0] - 36 * mm, A4[1] - 28 * mm - 12
    for n, region in enumerate(regions):
        page = content.for_region(region.id)
        flow: list = []
        flow.append(Paragraph(escape(region.title), h1))
        png = _figure_png(atlas, meshes, content, region.id)
        flow.append(Image(io.BytesIO(png), width=frame_w, height=frame_w * 1100 / 1800))
        flow.append(Paragraph(f"View: {region.view}. {escape(atlas.manifest.credit)}; "
                               f"{escape(atlas.manifest.licence)}.", small))
        if page:
            flow.append(Paragraph("In plain words", h2))
            flow.append(Paragraph(escape(plain_words(page.body)), body))
            flow.append(Paragraph("What the documents say", h2))
            for q in page.quotes[:3]:
                flow.append(Paragraph(f"“{escape(q.text)}”", quote))
                flow.append(Paragraph(escape(html_to_plain(attribution(q, content))), small))
            flow.append(Paragraph("References", h2))
            flow.extend(Paragraph(escape(line), small) for line in reference_lines(page, content))
        if notes and notes.get(f"region:{region.id}"):
            flow.append(Paragraph("My notes", h2))
            flow.append(Paragraph(escape(notes[f"region:{region.id}"]).replace("\n", "<br/>"), body))
        if n:
            story.append(PageBreak())
        story.append(KeepInFrame(frame_w, frame_h, flow, mode="shrink"))  # one page per region, always

    def build(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                topMargin=14 * mm, bottomMargin=14 * mm, title="The social brain: handout",
                                author="Social Brain Explorer")
        doc.build(story)

    atomic_write(Path(path), build)
    return len(regions)


def reference_lines(page: Annotation, content: ContentLibrary) -> list[str]:
    """The page's references in APA style, each saying who brings it in (e.g. chosen for this app)."""
    return [f"{ref.apa()} ({who_brings_it(key, content)})"
            for key in page.references if (ref := content.references.get(key))]

