"""The export dialog in the real window: preview from the same renderer, file at the chosen size."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.gui_events import click_menu

pytestmark = pytest.mark.gui


def test_export_dialog_previews_and_writes_the_chosen_size(win, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

    from explorer.qt.export_dialog import FILTERS

    win.navigation.choose("region", "acc")
    win.set_view("medial-left")
    dialog = win.exports.dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
                    timeout=15000)
    assert dialog.request().hemispheres == "left" and dialog.request().view == "medial-left"
    assert dialog.request().camera is None  # a standard view: re-framed for the image's shape
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    dialog.width_box.setValue(1000)
    dialog.height_box.setValue(640)
    dialog.callouts.setCurrentIndex(dialog.callouts.findData("all"))
    target = tmp_path / "acc.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILTERS["png"]))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.last_path == target and dialog.result() == QDialog.DialogCode.Accepted
    image = Image.open(target)
    assert image.size == (1000, 640)
    assert "ACC_pre_L" in image.text["Regions"]


def test_handout_from_the_file_menu(win, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    click_menu(qtbot, win, "File", "Export handout (PDF)…")
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(target).pages]
    starts = [t.split()[0] for t in texts if t.split()[0] in ("Amygdala", "Medial", "Orbitofrontal", "Anterior")]
    assert starts == ["Amygdala", "Medial", "Orbitofrontal", "Anterior"] and len(texts) <= 8  # each from a new page


def test_web_page_from_the_file_menu(win, qtbot, monkeypatch, tmp_path):
    """File > Export as web page…: the page has the screen's atlas and the tour picked in the dialog."""
    import json
    import re

    from PySide6.QtWidgets import QFileDialog, QInputDialog

    target = tmp_path / "lesson.html"
    tour = win.library.content.tours.tours["connection"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Web page (*.html)"))
    offered = []

    def pick(_parent, _title, _label, items, *_args, **_kwargs):
        offered.extend(items)
        return next(i for i in items if i.endswith(f"({tour.id})")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    click_menu(qtbot, win, "File", "Export as web page…")
    data = json.loads(re.search(r'id="lesson-data">(.*?)</script>', target.read_text(encoding="utf-8"), re.S).group(1))
    assert offered[0] == "No tour" and len(offered) == 1 + len(win.library.content.tours.tours)
    assert data["tour"]["id"] == tour.id and len(data["tour"]["steps"]) == len(tour.steps)
    assert data["atlas"]["name"] == win.state.atlas.manifest.name


def test_exported_image_of_the_window_draws_its_crosshair_and_page_peaks(win, qtbot, tmp_path, monkeypatch):
    from dataclasses import replace

    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from explorer.model.annotations import StudyPeak
    from explorer.model.figure_text import figure_text
    from explorer.qt.export_dialog import FILTERS
    from explorer.render.composition import plan
    from tests.test_export_markers import _is_black, _is_yellow, _patch, _pixel

    peak = StudyPeak((22.0, -6.0, -14.0), "mni", "adolphs2010", "test", "", "test", None)
    monkeypatch.setattr(win.scenes, "peaks_for", lambda selection: (peak,) if selection else ())
    win.navigation.choose("region", "amygdala")
    win.set_view("default")
    win.crosshair.move_to((-8.0, 20.0, 40.0))
    assert win.crosshair.markers.crosshair.GetVisibility() and win.crosshair.markers.study.GetVisibility()
    dialog = win.exports.dialog()
    qtbot.addWidget(dialog)
    markers = dialog.request().markers
    assert markers.crosshair == (-8.0, 20.0, 40.0) and markers.study_peaks == ((22.0, -6.0, -14.0),)
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    dialog.width_box.setValue(1000)
    dialog.height_box.setValue(640)
    dialog.callouts.setCurrentIndex(dialog.callouts.findData("none"))
    dialog.annotation.setChecked(False)
    target = tmp_path / "window.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILTERS["png"]))
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    png = Image.open(target)
    assert "Yellow sphere: the crosshair at (−8, 20, 40) (MNI)" in png.text["Markers"]
    assert "Adolphs (2010) at (22, −6, −14) (MNI)" in png.text["Markers"]
    text = figure_text(win.state.atlas, dialog.content, win.state.selection, "none", False)
    viewport = plan(1000, 640, replace(text, markers=markers.legend), callouts=False).viewport
    image = np.asarray(png.convert("RGB"))
    for point, looks_right in (((-8, 20, 40), _is_yellow), ((22, -6, -14), _is_black)):
        xy = _pixel(png.text["Camera"], viewport, point)
        assert sum(looks_right(rgb) for rgb in _patch(image, xy)) >= 5, (point, xy)
