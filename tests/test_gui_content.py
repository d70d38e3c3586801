"""Annotation panels in the real window: sections, sources, history, topics, packs, fonts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from explorer.model.selection import RegionSelection, TopicSelection
from tests.gui_events import click_link

pytestmark = pytest.mark.gui

SECTIONS = ["In plain words", "What the documents say", "Further studies (chosen for this app, not cited by the "
            "documents)", "Where it is", "Connections", "References"]


@pytest.mark.parametrize("region", ["amygdala", "mpfc", "ofc", "acc"])
def test_panel_sections_in_the_real_window(win, region):
    win.navigation.choose("region", region)
    text = win.panel.toPlainText()
    positions = [text.find(title) for title in SECTIONS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert "document" in text and "review or theory" in text  # evidence tags
    assert "doi:10." in text


def test_clicking_a_quote_opens_the_source_with_it_highlighted(win, qtbot):
    win.navigation.choose("region", "mpfc")
    page = win.navigation.current_page
    click_link(qtbot, win.panel, "quote:1")
    viewer = win.navigation.source_viewer
    assert viewer is not None and viewer.isVisible()
    marked = " ".join(viewer.highlighted_text().split())
    assert marked == " ".join(page.quotes[1].text.split())
    bar = viewer.text.verticalScrollBar()
    cursor_rect = viewer.text.cursorRect()
    assert viewer.text.viewport().rect().contains(cursor_rect.center()), (cursor_rect, bar.value())
    viewer.close()


def test_back_and_forward(win, qtbot):
    win.navigation.choose("region", "amygdala")
    win.navigation.choose("topic", "oxytocin")
    win.navigation.choose("region", "acc")
    qtbot.keyClick(win, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.state.selection == TopicSelection("oxytocin", win.state.selection.label_ids)
    qtbot.keyClick(win, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert isinstance(win.state.selection, RegionSelection) and win.state.selection.region_id == "amygdala"
    qtbot.keyClick(win, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert isinstance(win.state.selection, TopicSelection) and win.state.selection.topic_id == "oxytocin"


def test_a_topic_highlights_its_regions_in_3d(win):
    win.navigation.choose("topic", "oxytocin")
    atlas = win.state.atlas
    page = win.library.content.annotations["oxytocin"]
    assert "hypothalamus" in page.regions
    hypothalamus = atlas.label_ids_for("hypothalamus")
    assert all(win.viewer.scene.styles[i].highlighted for i in hypothalamus)
    assert "Regions it involves" in win.panel.toPlainText()


def test_search_finds_topic_and_region_by_their_text(win, qtbot):
    qtbot.keyClicks(win.region_list.search, "oxytocin")
    names = set(win.region_list.visible_names())
    assert "Oxytocin" in names and "Hypothalamus (approximate)" in names
    win.region_list.search.clear()


def test_font_scale_grows_the_panel_text_and_is_remembered(win, qtbot):
    from PySide6.QtCore import QSettings

    before = win.panel.font().pointSizeF()
    qtbot.keyClick(win, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert win.panel.font().pointSizeF() > before
    assert QSettings().value("font_scale", type=float) > 1.0
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.panel.font().pointSizeF() == pytest.approx(before)


def test_a_bad_pack_loads_the_rest_and_lists_warnings(win, tmp_path):
    from tests.test_content import _write_pack

    pack = tmp_path / "teacher-pack"
    _write_pack(pack)
    win.library.reload([pack])
    try:
        assert "good-topic" in win.library.content.annotations
        assert win.library.button.isVisible() and "3" in win.library.button.text()
        listed = {p.path.name for p in win.library.content.problems}
        assert {"broken.md", "unknown.md", "misquote.md"} <= listed
        win.navigation.choose("topic", "good-topic")
        assert "teacher-pack" in win.panel.toPlainText()
    finally:
        win.library.reload([])


def test_a_circuit_link_panel_is_escaped_and_sanitised(win):
    from explorer.model.circuits import Link
    from explorer.model.panel_html import link_html

    link = Link("amygdala", "ofc", 'Value <script>alert(1)</script><a href="javascript:x()">go</a>',
                'a "quote" <img src=x onerror=alert(2)>', "no-such-source", "<b>Someone</b>")
    html = link_html(link, win.library.content, win.state.atlas)
    for tag in ("<script", "<img", '<a href="javascript', "<b>Someone"):
        assert tag not in html, tag  # shown as text, never as markup
    win.navigation.panel.show_html(html, {}, {})
    text = win.panel.toPlainText()
    assert "<script>alert(1)</script>" in text and "Amygdala ↔ Orbitofrontal" in text
