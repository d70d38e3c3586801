"""Closing the window while a background count is still running is clean: no error from a deleted signal."""

from __future__ import annotations

import gc
import sys
import threading

import pytest

pytestmark = pytest.mark.gui


def test_closing_the_window_mid_count_prints_no_error(qtbot, capfd, monkeypatch):
    from PySide6.QtCore import QThreadPool

    from explorer.app import build_window
    from explorer.model import agreement

    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_count(atlas, in_child=True):  # stands in for the first, seconds-long count
        started.set()
        release.wait(10)
        done.set()

    monkeypatch.setattr(agreement, "begin_warm_up", lambda atlas: True)
    monkeypatch.setattr(agreement, "warm_up", slow_count)
    _app, win = build_window("aal3")
    qtbot.waitExposed(win)
    win.navigation.choose("region", "amygdala")  # a region panel starts the count in a worker thread
    assert started.wait(5)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    win.viewer.close_plotter()
    win.close()
    win.deleteLater()
    qtbot.wait(50)
    del win
    gc.collect()
    release.set()
    assert done.wait(5)
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(100)  # let any queued signal arrive
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err
    assert "Traceback" not in err, err
    assert not unraisable
