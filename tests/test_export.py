"""Annotated exports, checked by their pixels, text and metadata (render layer and CLI)."""

from __future__ import annotations

import colorsys
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from explorer.model.figure_text import figure_text
from explorer.model.state import selection_for_region
from explorer.render.export import ExportRequest, render_figure, write_figure
from explorer.render.overlay import Dot, Line, Text, draw
from tests.conftest import ROOT


def _hue(rgb) -> float:
    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb[:3]))[0]


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def figure_of(aal3, aal3_meshes, content):
    def make(region="amygdala", **kwargs):
        selection = selection_for_region(aal3, region) if region else None
        request = ExportRequest(selection, **kwargs)
        text = figure_text(aal3, content, selection, request.callouts, request.annotation, request.quote_index)
        return render_figure(aal3, aal3_meshes, request, text), text
    return make


@pytest.mark.parametrize("size", [(640, 360), (801, 603), (1000, 1414)])
def test_exact_pixel_size(figure_of, tmp_path, size):
    figure, _ = figure_of(view="medial-left", size=size, callouts="selected", annotation=True)
    write_figure(figure, tmp_path / "x.png")
    assert Image.open(tmp_path / "x.png").size == size


def test_transparent_background_has_real_alpha(figure_of, tmp_path, aal3):
    figure, text = figure_of(view="medial-left", size=(900, 560), background="transparent", callouts="selected")
    write_figure(figure, tmp_path / "t.png")
    image = np.asarray(Image.open(tmp_path / "t.png"))
    assert image.shape[2] == 4
    h, w = image.shape[:2]
    for y, x in ((1, 1), (1, w - 2), (h - 2, 1), (h - 2, w - 2)):
        assert image[y, x, 3] == 0, (y, x)
    dot = next(i for i in figure.overlay.items if isinstance(i, Dot))
    assert image[round(dot.y), round(dot.x), 3] == 255  # the highlighted region itself is opaque


def test_leader_lines_end_on_their_regions_colour(figure_of, aal3):
    figure, text = figure_of(view="medial-left", size=(1600, 1000), callouts="all")
    image = np.asarray(draw(figure.canvas, figure.overlay).convert("RGB"))
    dots = [i for i in figure.overlay.items if isinstance(i, Dot)]
    lines = [i for i in figure.overlay.items if isinstance(i, Line) and i.color != (255, 255, 255, 255)]
    assert len(dots) >= 3 and len(lines) == len(dots)
    by_color = {(*_hex(c.color), 255): c for c in text.callouts}
    for dot, line in zip(dots, lines, strict=True):
        callout = by_color[dot.outline]
        # the line stops at the ring around the anchor; the anchor pixel shows the region itself
        assert np.hypot(line.x2 - dot.x, line.y2 - dot.y) == pytest.approx(dot.r, abs=1.0)
        pixel = image[round(dot.y), round(dot.x)]
        target = _hue(_hex(callout.color))
        assert abs(((_hue(pixel) - target) + 0.5) % 1 - 0.5) < 0.06, (callout.key, pixel)


def test_hidden_region_gets_no_leader_only_the_legend(figure_of):
    # With every region opaque, the amygdala is buried in the temporal lobe when seen from the side.
    figure, text = figure_of(region="amygdala", view="lateral-left", size=(1200, 800), callouts="all",
                             show_all=True)
    legend = " ".join(t.text for t in figure.overlay.items if isinstance(t, Text) and t.style == "italic")
    assert "Not visible from this view:" in legend and "Amygdala" in legend
    leader_colours = {i.outline for i in figure.overlay.items if isinstance(i, Dot)}
    assert (*_hex("#D55E00"), 255) not in leader_colours
    labelled = " ".join(t.text for t in figure.overlay.items if isinstance(t, Text) and t.style == "bold")
    for callout in text.callouts:  # every region is either labelled with a leader or in the legend
        assert (callout.text in labelled) != (callout.text in legend), callout.key


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_callouts_fit_and_scale(figure_of, size):
    figure, _ = figure_of(view="medial-left", size=size, callouts="all", annotation=True)
    texts = [i for i in figure.overlay.items if isinstance(i, Text)]
    w, h = size
    for item in texts:
        assert 0 <= item.x < w and 0 <= item.y < h
    label_sizes = {t.size for t in texts if t.style == "bold"}
    assert min(label_sizes) >= h / 80  # legible: about 1/50 of the height, never tiny


def test_png_metadata_reads_back(figure_of, tmp_path, content):
    figure, text = figure_of(view="medial-left", size=(700, 440), annotation=True)
    write_figure(figure, tmp_path / "m.png")
    meta = Image.open(tmp_path / "m.png").text
    assert "AAL3" in meta["Atlas"] and "Rolls" in meta["Atlas"]
    assert "Amygdala_L" in meta["Regions"] and meta["View"] == "medial-left"
    assert "position=" in meta["Camera"] and "Social Brain Explorer" in meta["Software"]
    assert "Adolphs" in meta["References"]


def test_svg_and_pdf_keep_text_as_text(figure_of, tmp_path):
    from pypdf import PdfReader

    figure, _ = figure_of(view="medial-left", size=(1000, 620), callouts="selected", annotation=True)
    write_figure(figure, tmp_path / "f.svg")
    write_figure(figure, tmp_path / "f.pdf")
    svg = (tmp_path / "f.svg").read_text()
    assert "<text" in svg and ">Amygdala</text>" in svg and "data:image/png;base64," in svg
    text = PdfReader(tmp_path / "f.pdf").pages[0].extract_text()
    assert "Amygdala" in text and "Rolls" in text


def test_quote_and_citation_in_the_annotation_box(figure_of):
    figure, text = figure_of(region="mpfc", view="medial-left", size=(1600, 1000), annotation=True, quote_index=1)
    words = " ".join(figure.overlay.texts())
    assert "MPFC encodes the closeness" in words
    assert "attributed to Courtney & Meyer (2020)" in words
    assert any(ref.startswith("Courtney, A. L., & Meyer, M. L. (2020).") for ref in text.references)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_batch_export_one_file_per_region_and_view(tmp_path):
    result = run("export", "--regions", "amygdala,acc", "--views", "lateral-left,medial-left", "--callouts",
                 "--size", "480x300", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["acc_lateral-left.png", "acc_medial-left.png", "amygdala_lateral-left.png",
                     "amygdala_medial-left.png"]
    assert all(Image.open(tmp_path / n).size == (480, 300) for n in names)


def test_batch_and_tour_create_their_missing_output_folder(tmp_path):
    """The README's own example: `-o slides/` with no such folder yet."""
    result = run("export", "--regions", "amygdala,acc", "--size", "480x300", "-o", f"{tmp_path / 'batch'}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "batch").iterdir()) == ["acc_default.png", "amygdala_default.png"]
    result = run("export", "--tour", "connection", "--size", "480x300", "-o", f"{tmp_path / 'new' / 'slides'}/")
    assert result.returncode == 0, result.stderr
    slides = sorted((tmp_path / "new" / "slides").iterdir())
    assert len(slides) == result.stdout.count("wrote ") >= 3
    assert all(Image.open(p).size == (480, 300) for p in slides)


def test_batch_into_a_file_fails_cleanly(tmp_path):
    (tmp_path / "slides").write_text("not a folder")
    result = run("export", "--regions", "amygdala,acc", "-o", str(tmp_path / "slides"))
    assert result.returncode == 2 and "is a file" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "slides").read_text() == "not a folder"


def test_transparent_jpeg_is_refused_not_flattened(figure_of, tmp_path):
    from explorer.model.errors import ExplorerError

    figure, _ = figure_of(view="medial-left", size=(400, 300), background="transparent")
    with pytest.raises(ExplorerError, match="JPEG cannot be transparent"):
        write_figure(figure, tmp_path / "t.jpg")
    assert not list(tmp_path.iterdir())
    white, _ = figure_of(view="medial-left", size=(400, 300), background="white")
    write_figure(white, tmp_path / "w.jpg")
    assert Image.open(tmp_path / "w.jpg").size == (400, 300)


def test_handout_starts_a_page_per_teaching_region(tmp_path, content):
    from pypdf import PdfReader

    result = run("handout", "-o", str(tmp_path / "social-brain.pdf"))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "social-brain.pdf")
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert result.stdout.strip().endswith(f"({len(texts)} pages)")
    titles = [content.for_region(r).title.split(" (")[0] for r in ("amygdala", "mpfc", "ofc", "acc")]
    starts = [i for i, t in enumerate(texts) if any(t.startswith(title) for title in titles)]
    assert len(starts) == 4 and len(texts) <= 8  # each region starts a page; a long one runs onto one more
    for start, end, region in zip(starts, [*starts[1:], len(texts)], ("amygdala", "mpfc", "ofc", "acc"), strict=True):
        text = " ".join(texts[start:end])
        annotation = content.for_region(region)
        assert annotation.title.split(" (")[0] in text
        for key in annotation.references:
            assert content.references[key].authors[0] in text, (region, key)


def test_interrupted_export_leaves_no_file(figure_of, tmp_path, monkeypatch):
    from explorer.model.errors import ExplorerError
    from explorer.render import formats

    figure, _ = figure_of(view="medial-left", size=(300, 200))
    (tmp_path / "keep.png").write_bytes(b"old slide")

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(formats, "_png", boom)
    with pytest.raises(ExplorerError, match="cannot write .*keep.png: disk full"):
        write_figure(figure, tmp_path / "keep.png")
    assert (tmp_path / "keep.png").read_bytes() == b"old slide"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def _pdf_font_sizes(page) -> list[tuple[float, str]]:
    """(size in points, text) of every piece of text drawn on a PDF page."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, size):
        scale = abs(cm[3] * tm[3]) or 1.0
        if text.strip():
            found.append((round(size * scale, 2), text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_handout_prints_at_readable_sizes_and_long_notes_flow_onto_a_second_page(tmp_path, aal3, aal3_meshes,
                                                                                 content):
    """Body 10 pt, nothing under 7 pt, figure labels 9 pt at 300 dpi; a long note adds a page, shrinks nothing."""
    from pypdf import PdfReader

    from explorer.render.composition import Sizes
    from explorer.render.handout import write_handout

    note = "\n".join(f"Line {i}: a long classroom note about the amygdala and its neighbours." for i in range(80))
    pages = write_handout(aal3, aal3_meshes, content, tmp_path / "h.pdf", {"region:amygdala": note})
    reader = PdfReader(tmp_path / "h.pdf")
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert pages == len(reader.pages)
    starts = [i for i, t in enumerate(texts) if t.split()[0] in ("Amygdala", "Medial", "Orbitofrontal", "Anterior")]
    assert [texts[i].split()[0] for i in starts] == ["Amygdala", "Medial", "Orbitofrontal", "Anterior"]
    first, last = (next(i for i, t in enumerate(texts) if f"Line {n}:" in t) for n in (0, 79))
    # the amygdala's notes run onto a further page, and the MPFC starts a new one after them
    assert starts[0] == 0 and first < last < starts[1] and "Line 0:" not in texts[last]
    sizes = [s for page in reader.pages for s in _pdf_font_sizes(page)]
    assert min(size for size, _ in sizes) >= 7
    body = [size for size, text in sizes if text.startswith("Line ")]
    assert body and min(body) >= 9  # not shrunk to fit one page
    assert Sizes.for_medium(2054, 1255, dpi=300).body * 72 / 300 >= 9  # labels in the figure: 9 pt on paper
    assert Sizes.for_medium(2054, 1255, dpi=300).footer * 72 / 300 >= 7


def test_a4_png_says_300_dpi_and_its_text_is_in_points(figure_of, tmp_path):
    figure, _ = figure_of(view="medial-left", size=(2480, 3508), callouts="selected", annotation=True, dpi=300)
    write_figure(figure, tmp_path / "a4.png")
    image = Image.open(tmp_path / "a4.png")
    assert image.size == (2480, 3508) and tuple(round(d) for d in image.info["dpi"]) == (300, 300)
    texts = [i for i in figure.overlay.items if isinstance(i, Text)]
    assert min(t.size for t in texts) * 72 / 300 >= 7  # the smallest credit, in points on paper
    assert min(t.size for t in texts if t.style == "bold") * 72 / 300 >= 9  # title and labels


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_slide_text_is_sized_for_projection(figure_of, size):
    """Body at least 3.5 % of the height, titles larger, footer at least 2 %; labels never shrunk."""
    figure, _ = figure_of(region="mpfc", view="medial-left", size=size, callouts="all", annotation=True)
    h = size[1]
    texts = [i for i in figure.overlay.items if isinstance(i, Text)]
    title = next(t for t in texts if t.text == "Medial prefrontal cortex (MPFC)" and t.y < h * 0.2)
    body = [t for t in texts if t.style == "regular" and t.y < h / 2]
    labels = [t for t in texts if t.style == "bold" and t is not title]
    assert min(t.size for t in body) >= 0.035 * h - 0.5 and title.size > max(t.size for t in body)
    assert labels and min(t.size for t in labels) >= 0.035 * h - 0.5
    assert min(t.size for t in texts) >= 0.02 * h - 0.5  # the footer, the smallest text
