"""The export dialog in the real window: preview from the same renderer, file at the chosen size."""

from __future__ import annotations

import pytest
from PIL import Image

pytestmark = pytest.mark.gui


def test_export_dialog_previews_and_writes_the_chosen_size(win, qtbot, tmp_path):
    win.choose("region", "acc")
    win.set_view("medial-left")
    dialog = win.export_dialog()
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
    path = dialog.export(tmp_path / "acc.png")
    assert path == tmp_path / "acc.png"
    image = Image.open(path)
    assert image.size == (1000, 640)
    assert "ACC_pre_L" in image.text["Regions"]


def test_handout_from_the_window(win, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    win.export_handout()
    assert len(PdfReader(target).pages) == 4
