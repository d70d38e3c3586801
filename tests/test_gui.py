"""The real window under Xvfb, driven by pytest-qt with real mouse events on rendered pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from explorer.model.selection import LabelSelection, RegionSelection, TopicSelection
from tests.gui_events import click_3d, click_link, click_menu, region_point

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("region", "view"), [
    ("amygdala", "medial-left"), ("amygdala", "inferior"),
    ("mpfc", "medial-right"), ("mpfc", "lateral-left"),
    ("ofc", "inferior"), ("ofc", "lateral-right"),
    ("acc", "medial-left"), ("acc", "medial-right"),
])
def test_clicking_a_rendered_region_opens_its_panel(win, qtbot, region, view):
    win.set_view(view)
    atlas = win.state.atlas
    click_3d(qtbot, win, region_point(win, region))
    selection = win.state.selection
    assert isinstance(selection, RegionSelection) and selection.region_id == region
    title = atlas.region_defs[region].title
    text = win.panel.toPlainText()
    assert text.startswith(title)
    assert "What the documents say" in text and "Where it is" in text
    side = atlas.labels[selection.clicked].hemisphere
    assert f"({side} side)" in text
    # The whole region is selected (both hemispheres) and highlighted in 3D.
    assert set(selection.label_ids) == set(atlas.label_ids_for(region))
    assert all(win.viewer.scene.styles[i].highlighted for i in selection.label_ids)


@pytest.mark.parametrize(("first", "then"), [("amygdala", "acc"), ("acc", "mpfc"), ("amygdala", "ofc"),
                                             ("mpfc", "acc")])
def test_a_translucent_region_can_be_clicked_while_another_is_selected(win, qtbot, first, then):
    """Once a region is selected the others are dimmed (translucent, or painted faintly on the opaque
    cortex); what the student sees and clicks must still be what is selected, not the cortex in front
    of it nor the selected region behind it."""
    win.set_view("medial-left")
    point = region_point(win, then)  # where `then` is the first surface, with nothing selected
    win.navigation.choose("region", first)
    if not win.viewer.scene.cortex_surface.see_through:  # an opaque cortex now hides what lay behind it
        point = region_point(win, then)
    click_3d(qtbot, win, point)
    selection = win.state.selection
    assert isinstance(selection, RegionSelection) and selection.region_id == then, selection


def test_a_drag_selects_nothing(win, qtbot):
    win.set_view("medial-left")
    start = region_point(win, "acc")
    widget = win.viewer.plotter
    camera_before = widget.camera.position
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(widget, start + QPoint(12 * step, 4 * step))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 20))
    assert win.state.selection is None
    assert widget.camera.position != camera_before, "the drag should have rotated the view"


def test_click_on_empty_space_clears_the_selection(win, qtbot):
    win.navigation.choose("region", "ofc")
    assert win.state.selection is not None
    click_3d(qtbot, win, QPoint(5, 5))
    assert win.state.selection is None


def test_search_and_list_choice_select_like_a_click(win, qtbot):
    win.set_view("medial-left")
    click_3d(qtbot, win, region_point(win, "acc"))
    by_click = win.state.selection
    win.state.select(None)
    qtbot.keyClicks(win.region_list.search, "cingulate")
    names = win.region_list.visible_names()
    assert "Anterior cingulate cortex (ACC)" in names
    assert "Amygdala" not in names  # the proxy filters out what does not match
    index = win.region_list.visible_entries()[names.index("Anterior cingulate cortex (ACC)")]
    win.region_list.tree.setCurrentIndex(index)
    qtbot.keyClick(win.region_list.tree, Qt.Key.Key_Return)
    assert win.state.selection.label_ids == by_click.label_ids
    assert win.state.selection.region_id == by_click.region_id == "acc"
    win.region_list.search.clear()
    assert "Amygdala" in win.region_list.visible_names()


def test_alias_search_finds_vmpfc(win, qtbot):
    qtbot.keyClicks(win.region_list.search, "vmPFC")
    assert "Medial prefrontal cortex (MPFC)" in win.region_list.visible_names()
    win.region_list.search.clear()


def test_label_outside_teaching_regions_shows_name_and_hemisphere(win, qtbot):
    atlas = win.state.atlas
    label = next(lab for lab in atlas.present_labels() if lab.id not in atlas.label_region and lab.hemisphere == "left")
    win.navigation.choose("label", label.id)
    assert win.state.selection == LabelSelection(label.id)
    text = win.panel.toPlainText()
    assert text.startswith(label.full_name) and "left" in text


def test_views_keys_and_medial_hides_other_hemisphere(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_3)  # medial left
    assert win.viewer.scene.view_name == "medial-left" and win.state.hemispheres == "left"
    assert win.registry["hemi.left"].isChecked()
    qtbot.keyClick(win, Qt.Key.Key_1)  # lateral left: both hemispheres again
    assert win.viewer.scene.view_name == "lateral-left" and win.state.hemispheres == "both"
    qtbot.keyClick(win, Qt.Key.Key_A)
    assert win.state.show_all and all(s.opacity == 1.0 for s in win.viewer.scene.styles.values())
    assert win.registry["view.show_all"].isChecked()
    qtbot.keyClick(win, Qt.Key.Key_A)
    assert not win.state.show_all


def test_hemisphere_choice_survives_a_medial_view(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Right only
    assert win.state.hemisphere_choice == win.state.hemispheres == "right"
    qtbot.keyClick(win, Qt.Key.Key_3)  # medial left shows the left side for now
    assert win.state.hemispheres == "left" and win.state.hemisphere_choice == "right"
    qtbot.keyClick(win, Qt.Key.Key_5)  # anterior: back to the choice
    assert win.state.hemispheres == "right"
    cortex = win.viewer.scene.cortex_surface
    assert cortex.visible_sides() == ["right"]
    assert cortex.drawn() == [cortex.glass if cortex.see_through else cortex.actors["right"]]
    if cortex.see_through:  # the right hemisphere's own shell, not the whole brain's
        assert cortex.glass.mapper.GetInput() is cortex.shells["right"]


def test_hover_names_the_region_in_the_status_bar(win, qtbot):
    win.set_view("inferior")
    target = region_point(win, "ofc")
    # From elsewhere first: a move onto the spot where an earlier test left the pointer sends no event
    # (tests/test_gui_look.py's hover test leaves it exactly there).
    qtbot.mouseMove(win.viewer.plotter, target + QPoint(40, 40))
    qtbot.mouseMove(win.viewer.plotter, target)
    qtbot.waitUntil(lambda: "Orbitofrontal" in win.hover_label.text(), timeout=2000)


def test_switching_atlas_from_the_menu_without_restart(win, qtbot):
    click_menu(qtbot, win, "Atlas", win.manifests["harvard-oxford"].name)
    assert win.state.atlas.id == "harvard-oxford"
    assert "Harvard" in win.credit_label.text()
    win.set_view("medial-left")
    click_3d(qtbot, win, region_point(win, "acc"))
    assert win.state.selection.region_id == "acc"
    assert "Cingulate_Gyrus_anterior_division" in win.panel.toPlainText()
    click_menu(qtbot, win, "Atlas", win.manifests["aal3"].name)
    assert win.state.atlas.id == "aal3" and win.registry["atlas.aal3"].isChecked()


def test_copy_links_and_region_links_clicked_with_the_mouse(win, qtbot):
    win.navigation.choose("region", "mpfc")
    click_link(qtbot, win.panel, "copy-apa:courtney2020")
    assert QGuiApplication.clipboard().text().startswith("Courtney, A. L., & Meyer, M. L. (2020).")
    click_link(qtbot, win.panel, "copy-bib:courtney2020")
    assert QGuiApplication.clipboard().text().startswith("@article{courtney2020,")
    win.navigation.choose("topic", "oxytocin")
    assert isinstance(win.state.selection, TopicSelection)
    click_link(qtbot, win.panel, "region:hypothalamus")
    assert win.state.selection.region_id == "hypothalamus"


def test_a_click_draws_its_3d_frame_before_the_panel_fills(win, qtbot, monkeypatch):
    """The selection shows in 3D first; the panel's text follows on the next turn of the event loop."""
    win.set_view("medial-left")
    qtbot.wait(50)
    events: list[str] = []
    scene = win.viewer.scene

    def frame_done(*_: object) -> None:
        if scene.selection is not None and scene.selection.region_id == "acc":
            events.append("frame")

    show_html = win.panel.show_html
    monkeypatch.setattr(win.panel, "show_html", lambda *args: (events.append("panel"), show_html(*args)))
    tag = win.viewer.plotter.ren_win.AddObserver("EndEvent", frame_done)
    try:
        click_3d(qtbot, win, region_point(win, "acc"))
    finally:
        win.viewer.plotter.ren_win.RemoveObserver(tag)
    assert "frame" in events and "panel" in events, events
    assert events.index("frame") < events.index("panel"), events
    assert win.panel.toPlainText().startswith(win.state.atlas.region_defs["acc"].title)
