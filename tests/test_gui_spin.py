"""File > Export rotation video in the real window: the menu writes a video; Cancel leaves no file."""

from __future__ import annotations

from dataclasses import replace

import imageio.v3 as iio
import pytest
from PIL import Image

from tests.gui_events import click_menu

pytestmark = pytest.mark.gui

ENTRY = "Export rotation video…"


@pytest.fixture
def small_clips(win, monkeypatch):
    """Test-sized clips (the real default is 1280x720, 8 s, 30 fps)."""
    monkeypatch.setattr(win.exports, "spin_defaults", replace(win.exports.spin_defaults, size=(320, 240),
                                                               seconds=1, fps=8))
    return win


def _answer_save_dialog(monkeypatch, target, chosen="MP4 video (*.mp4)"):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), chosen))


def test_menu_writes_a_video_of_the_selection(small_clips, qtbot, tmp_path, monkeypatch):
    win = small_clips
    win.navigation.choose("region", "amygdala")
    _answer_save_dialog(monkeypatch, tmp_path / "amygdala", "Animated GIF (*.gif)")  # no suffix typed
    click_menu(qtbot, win, "File", ENTRY)
    target = tmp_path / "amygdala.gif"
    assert target.exists(), win.exports.last_message
    image = Image.open(target)
    assert image.size == (320, 240) and image.n_frames == 8
    assert win.exports.last_message == f"Saved {target}"
    _answer_save_dialog(monkeypatch, tmp_path / "amygdala.mp4")
    click_menu(qtbot, win, "File", ENTRY)
    assert iio.immeta(tmp_path / "amygdala.mp4", plugin="FFMPEG")["size"] == (320, 240)


def test_cancel_leaves_no_file(small_clips, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    win = small_clips
    target = tmp_path / "spin.mp4"
    _answer_save_dialog(monkeypatch, target)
    clicked = []

    def press_cancel_once_under_way():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if dialogs and dialogs[0].value() >= 2 and not clicked:
            button = dialogs[0].findChild(QPushButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a real click on the dialog's Cancel button
            clicked.append(dialogs[0].value())

    timer = QTimer()
    timer.timeout.connect(press_cancel_once_under_way)
    timer.start(20)
    try:
        click_menu(qtbot, win, "File", ENTRY)
    finally:
        timer.stop()
    assert clicked and clicked[0] < 8  # cancelled part-way through the 8 frames
    assert "cancelled" in win.exports.last_message
    assert list(tmp_path.iterdir()) == []  # neither the video nor its temporary file
