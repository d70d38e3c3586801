"""Every remembered setting survives closing the window and building a new one from the INI file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from explorer.qt.settings import Settings
from tests.gui_events import click_menu

pytestmark = pytest.mark.gui


def _reread_from_disk() -> None:
    """Qt caches an INI file per process; a newer mtime makes it read the file again, as a restart does."""
    path = Path(QSettings().fileName())
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))


def _change_everything(qtbot, win, pack: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(pack))
    click_menu(qtbot, win, "File", "Add annotation folder…")  # one folder: the list Qt reads back as a string
    qtbot.keyClick(win, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # larger text
    qtbot.keyClick(win, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    click_menu(qtbot, win, "View", "Colour-blind-safe palette (Okabe–Ito)")  # off
    click_menu(qtbot, win, "Tours", "Present")
    win.presenter.stop()
    qtbot.keyClick(win, Qt.Key.Key_4)  # medial right (medial left is the default)
    win.docks["regions"].hide()
    win.resize(760, 540)  # fits the 800×600 Xvfb screen that pytest-xvfb starts


def _check_restored(second, saved: Settings, size_before, size_at_close, pack: Path) -> None:
    loaded = second.settings
    for name in ("font_scale", "colour_safe", "high_contrast", "last_view", "last_atlas", "last_tour",
                 "annotation_packs"):
        assert getattr(loaded, name) == getattr(saved, name), name
    assert loaded == Settings.load()  # nothing else in the file disagrees
    assert loaded.font_scale > 1.0 and not loaded.colour_safe and loaded.high_contrast
    assert loaded.last_tour and loaded.last_atlas == "aal3"
    assert second.library.packs == [pack]  # not 29 one-letter "packs"
    assert second.viewer.scene.view_name == "medial-right"
    assert tuple(second.viewer.plotter.background_color.int_rgb) == (0, 0, 0)
    assert not second.registry["theme.colour_safe"].isChecked()
    # Restored geometry: the height exactly; the width as far as the 800 px test screen lets it.
    assert second.height() == size_at_close.height() != size_before.height()
    assert min(760, size_at_close.width()) <= second.width() <= size_at_close.width()
    assert not second.docks["regions"].isVisible()


def test_every_setting_survives_a_restart(qtbot, tmp_path, monkeypatch):
    from explorer.app import build_window

    monkeypatch.setenv("SBX_DATA_DIR", str(tmp_path / "data"))
    pack = tmp_path / "class-pack"
    pack.mkdir()
    _app, first = build_window("aal3")
    second = None
    try:
        qtbot.waitExposed(first)
        first.activateWindow()
        qtbot.waitUntil(first.isActiveWindow, timeout=3000)
        size_before = first.size()
        _change_everything(qtbot, first, pack, monkeypatch)
        size_at_close = first.size()
        assert size_at_close != size_before
        first.close()
        saved = first.settings
        assert saved.annotation_packs == [str(pack)] and saved.last_view == "medial-right"
        _reread_from_disk()
        _app, second = build_window()
        _check_restored(second, saved, size_before, size_at_close, pack)
    finally:
        for win in (first, second):
            if win is not None:
                win.theme.set_high_contrast(False)
                win.theme.apply_font_scale(1.0)
                win.viewer.close_plotter()
                win.close()
