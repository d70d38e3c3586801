"""The real window under Xvfb, driven by pytest-qt with real mouse events on rendered pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.visibility import visible_pixel

pytestmark = pytest.mark.gui


def _widget_point(win, label_ids) -> QPoint:
    """A pixel of the interactor widget where these labels are visibly drawn right now."""
    scene = win.viewer.scene
    point = visible_pixel(scene, label_ids)
    assert point is not None, "region not visible in this view"
    x, y = point
    widget = win.viewer.plotter
    ratio = widget.devicePixelRatioF()
    return QPoint(round(x / ratio), round(widget.height() - 1 - y / ratio))


def _click(qtbot, win, point: QPoint) -> None:
    qtbot.mouseClick(win.viewer.plotter, Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize(("region", "view"), [
    ("amygdala", "medial-left"), ("amygdala", "inferior"),
    ("mpfc", "medial-right"), ("mpfc", "lateral-left"),
    ("ofc", "inferior"), ("ofc", "lateral-right"),
    ("acc", "medial-left"), ("acc", "medial-right"),
])
def test_clicking_a_rendered_region_opens_its_panel(win, qtbot, region, view):
    win.set_view(view)
    atlas = win.state.atlas
    point = _widget_point(win, atlas.label_ids_for(region))
    _click(qtbot, win, point)
    selection = win.state.selection
    assert selection is not None and selection.region_id == region
    title = atlas.region_defs[region].title
    text = win.panel.toPlainText()
    assert text.startswith(title)
    assert "What the documents say" in text and "Where it is" in text
    side = atlas.labels[selection.clicked_label].hemisphere
    assert f"({side} side)" in text
    # The whole region is selected (both hemispheres) and highlighted in 3D.
    assert set(selection.label_ids) == set(atlas.label_ids_for(region))
    assert all(win.viewer.scene.styles[i].highlighted for i in selection.label_ids)


def test_a_drag_selects_nothing(win, qtbot):
    win.set_view("medial-left")
    atlas = win.state.atlas
    start = _widget_point(win, atlas.label_ids_for("acc"))
    widget = win.viewer.plotter
    camera_before = widget.camera.position
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(widget, start + QPoint(12 * step, 4 * step))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 20))
    assert win.state.selection is None
    assert widget.camera.position != camera_before, "the drag should have rotated the view"


def test_click_on_empty_space_clears_the_selection(win, qtbot):
    win.choose("region", "ofc")
    assert win.state.selection is not None
    _click(qtbot, win, QPoint(5, 5))
    assert win.state.selection is None


def test_search_and_list_choice_select_like_a_click(win, qtbot):
    win.set_view("medial-left")
    atlas = win.state.atlas
    _click(qtbot, win, _widget_point(win, atlas.label_ids_for("acc")))
    by_click = win.state.selection
    win.state.select(None)
    qtbot.keyClicks(win.region_list.search, "cingulate")
    items = win.region_list.visible_items()
    names = [i.text(0) for i in items]
    assert "Anterior cingulate cortex (ACC)" in names
    item = next(i for i in items if i.text(0) == "Anterior cingulate cortex (ACC)")
    win.region_list.tree.setCurrentItem(item)
    qtbot.keyClick(win.region_list.tree, Qt.Key.Key_Return)
    assert win.state.selection.label_ids == by_click.label_ids
    assert win.state.selection.region_id == by_click.region_id == "acc"
    win.region_list.search.clear()


def test_alias_search_finds_vmpfc(win, qtbot):
    qtbot.keyClicks(win.region_list.search, "vmPFC")
    names = {i.text(0) for i in win.region_list.visible_items()}
    assert "Medial prefrontal cortex (MPFC)" in names
    win.region_list.search.clear()


def test_label_outside_teaching_regions_shows_name_and_hemisphere(win, qtbot):
    atlas = win.state.atlas
    label = next(lab for lab in atlas.present_labels() if lab.id not in atlas.label_region and lab.hemisphere == "left")
    win.choose("label", label.id)
    text = win.panel.toPlainText()
    assert text.startswith(label.full_name) and "left" in text


def test_views_keys_and_medial_hides_other_hemisphere(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_3)  # medial left
    assert win.viewer.scene.view_name == "medial-left" and win.state.hemispheres == "left"
    qtbot.keyClick(win, Qt.Key.Key_1)  # lateral left: both hemispheres again
    assert win.viewer.scene.view_name == "lateral-left" and win.state.hemispheres == "both"
    qtbot.keyClick(win, Qt.Key.Key_A)
    assert win.state.show_all and all(s.opacity == 1.0 for s in win.viewer.scene.styles.values())
    qtbot.keyClick(win, Qt.Key.Key_A)
    assert not win.state.show_all


def test_hover_names_the_region_in_the_status_bar(win, qtbot):
    win.set_view("inferior")
    atlas = win.state.atlas
    point = _widget_point(win, atlas.label_ids_for("ofc"))
    qtbot.mouseMove(win.viewer.plotter, point)
    qtbot.waitUntil(lambda: "Orbitofrontal" in win.hover_label.text(), timeout=2000)


def test_switching_atlas_without_restart(win, qtbot, manifests):
    win.switch_atlas(manifests["harvard-oxford"])
    assert win.state.atlas.id == "harvard-oxford"
    assert "Harvard" in win.credit_label.text()
    win.set_view("medial-left")
    point = _widget_point(win, win.state.atlas.label_ids_for("acc"))
    _click(qtbot, win, point)
    assert win.state.selection.region_id == "acc"
    assert "Cingulate_Gyrus_anterior_division" in win.panel.toPlainText()
    win.switch_atlas(manifests["aal3"])
    assert win.state.atlas.id == "aal3"


def test_copy_buttons_put_references_on_the_clipboard(win, qtbot):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication

    win.choose("region", "mpfc")
    win.panel.anchorClicked.emit(QUrl("copy-apa:courtney2020"))
    assert QGuiApplication.clipboard().text().startswith("Courtney, A. L., & Meyer, M. L. (2020).")
    win.panel.anchorClicked.emit(QUrl("copy-bib:courtney2020"))
    assert QGuiApplication.clipboard().text().startswith("@article{courtney2020,")
    win.panel.anchorClicked.emit(QUrl("region:ofc"))
    assert win.state.selection.region_id == "ofc"
