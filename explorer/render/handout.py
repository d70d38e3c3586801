"""A printable PDF handout: a section per teaching region, with figure, text, quotes, references.

Everything is set at print size and never shrunk: body text 10 pt, the smallest credit 7.5 pt,
and the figure rendered at 300 dpi for its printed width, so its labels print at 9 pt. A region
whose text (or the teacher's notes) runs long flows onto a second page.
"""

from __future__ import annotations

import io
from dataclasses import replace
from html import escape
from pathlib import Path

from explorer.model.annotations import Annotation
from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.figure_markers import figure_markers
from explorer.model.figure_text import FigureText, figure_text, plain_words, quote_attribution
from explorer.model.panel_html import who_brings_it
from explorer.model.paths import atomic_write
from explorer.model.state import selection_for_region
from explorer.render.export import ExportRequest, render_figure
from explorer.render.formats import register_fonts
from explorer.render.mesh_cache import MeshSet
from explorer.render.overlay import draw

PRINT_DPI = 300
FIGURE_ASPECT = 1100 / 1800
SIZES_PT = {"body": 10, "small": 7.5, "h1": 20, "h2": 12}  # never below 9 pt body, 7 pt credit


def figure_request(atlas: Atlas, content: ContentLibrary, region_id: str,
                   width_pt: float) -> tuple[ExportRequest, FigureText]:
    """The region's figure at 300 dpi for `width_pt` points of paper (labels then print at 9 pt), with its
    page's study peaks drawn and named as in an export."""
    selection = selection_for_region(atlas, region_id)
    view = atlas.region_defs[region_id].view
    size = (round(width_pt / 72 * PRINT_DPI), round(width_pt * FIGURE_ASPECT / 72 * PRINT_DPI))
    request = ExportRequest(selection, view, size, "white", callouts="selected", annotation=False, dpi=PRINT_DPI,
                            markers=figure_markers(selection, atlas, content))
    text = replace(figure_text(atlas, content, selection, "selected", annotation=False), credit="")  # printed below
    return request, text


def _figure_png(atlas: Atlas, meshes: MeshSet, content: ContentLibrary, region_id: str,
                width_pt: float) -> tuple[bytes, tuple[int, int]]:
    """The region's figure as PNG bytes, and its size in pixels."""
    request, text = figure_request(atlas, content, region_id, width_pt)
    figure = render_figure(atlas, meshes, request, text)
    buffer = io.BytesIO()
    flat = draw(figure.canvas, figure.overlay, figure.layer).convert("RGB")
    flat.save(buffer, format="PNG", dpi=(PRINT_DPI, PRINT_DPI))
    return buffer.getvalue(), request.size


def _styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    fonts = register_fonts()
    body = ParagraphStyle("body", fontName=fonts["regular"], fontSize=SIZES_PT["body"], leading=13.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=SIZES_PT["small"], leading=10, textColor="#444444"),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=10, fontName=fonts["italic"]),
        "h1": ParagraphStyle("h1", parent=body, fontName=fonts["bold"], fontSize=SIZES_PT["h1"], leading=24,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=fonts["bold"], fontSize=SIZES_PT["h2"], leading=15,
                             spaceBefore=8, spaceAfter=3),
    }


def _region_flow(atlas: Atlas, meshes: MeshSet, content: ContentLibrary, region, width_pt: float,
                 note: str | None, styles: dict) -> list:
    from reportlab.platypus import Image, Paragraph

    page = content.for_region(region.id)
    png, (w, h) = _figure_png(atlas, meshes, content, region.id, width_pt)
    flow: list = [Paragraph(escape(region.title), styles["h1"]),
                  Image(io.BytesIO(png), width=w * 72 / PRINT_DPI, height=h * 72 / PRINT_DPI),
                  Paragraph(f"View: {region.view}. {escape(atlas.manifest.credit)}; "
                            f"{escape(atlas.manifest.licence)}.", styles["small"])]
    if page:
        flow.append(Paragraph("In plain words", styles["h2"]))
        flow.append(Paragraph(escape(plain_words(page.body)), styles["body"]))
        flow.append(Paragraph("What the documents say", styles["h2"]))
        for q in page.quotes[:3]:
            flow.append(Paragraph(f"“{escape(q.text)}”", styles["quote"]))
            flow.append(Paragraph(escape(quote_attribution(q, content)), styles["small"]))
        flow.append(Paragraph("References", styles["h2"]))
        flow.extend(Paragraph(escape(line), styles["small"]) for line in reference_lines(page, content))
    if note:
        flow.append(Paragraph("My notes", styles["h2"]))
        flow.append(Paragraph(escape(note).replace("\n", "<br/>"), styles["body"]))
    return flow


def write_handout(atlas: Atlas, meshes: MeshSet, content: ContentLibrary, path: Path,
                  notes: dict[str, str] | None = None) -> int:
    """Write the handout atomically; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    styles = _styles()
    width_pt = A4[0] - 36 * mm
    story: list = []
    for n, region in enumerate(r for r in atlas.available_regions() if r.core):
        if n:
            story.append(PageBreak())  # each region starts a page; a long one flows onto the next
        note = (notes or {}).get(f"region:{region.id}")
        story.extend(_region_flow(atlas, meshes, content, region, width_pt, note, styles))
    pages = [0]

    def build(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                topMargin=14 * mm, bottomMargin=14 * mm, title="The social brain: handout",
                                author="Social Brain Explorer")
        doc.build(story)
        pages[0] = doc.page

    atomic_write(Path(path), build)
    return pages[0]


def reference_lines(page: Annotation, content: ContentLibrary) -> list[str]:
    """The page's references in APA style, each saying who brings it in (e.g. chosen for this app)."""
    return [f"{ref.apa()} ({who_brings_it(key, content)})"
            for key in page.references if (ref := content.references.get(key))]
