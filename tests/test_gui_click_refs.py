"""Clicks leave nothing behind: after a warm-up, many real clicks in 3D keep the counts of references to
None, Python objects and pending timers flat (the soak saw references to None creep up by ~0.6 per event:
PySide6's static QTimer.singleShot with a delay leaks three of them per call)."""

from __future__ import annotations

import gc
import sys
import time

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.model import agreement
from tests.gui_events import click_3d, region_point

CLICKS = 40


def _click(win, point: QPoint) -> None:
    """A real click in 3D, then the event loop until its panel is filled and its frames are drawn.

    Driven by hand: pytest-qt's waits build timers and event loops of their own, which would be counted."""
    QTest.mouseClick(win.viewer.plotter, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    end = time.perf_counter() + 5
    while win.navigation.panel_pending and time.perf_counter() < end:
        QApplication.processEvents()
    _settle(0.05)


def _settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def _counts(win) -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), len(gc.get_objects()), len(win.findChildren(QTimer))


def test_clicks_leave_references_flat(win, qtbot):
    win.set_view("medial-left")
    qtbot.wait(50)
    points = {}
    for region, other in (("acc", "mpfc"), ("mpfc", "acc")):  # each point found as the click will meet it
        click_3d(qtbot, win, region_point(win, other))
        points[region] = region_point(win, region)
    for i in range(6):  # warm-up: first-use caches (fonts, formatted citations, GL buffers)
        _click(win, points["acc" if i % 2 else "mpfc"])
    # The first region panel starts the atlases' agreement count in a worker; it polls its child
    # process until the tables are counted (not per click), so it ends before counting starts.
    qtbot.waitUntil(lambda: not agreement.pending(win.state.atlas), timeout=300_000)
    _settle(0.4)  # the still frame and any pending timers settle
    before = _counts(win)
    for i in range(CLICKS):
        region = "acc" if i % 2 else "mpfc"
        _click(win, points[region])
        assert win.state.selection is not None and win.state.selection.region_id == region
    _settle(0.4)
    none_refs, objects, timers = (b - a for a, b in zip(before, _counts(win), strict=True))
    assert none_refs < CLICKS // 2, f"{none_refs} more references to None after {CLICKS} clicks"
    assert objects < CLICKS, f"{objects} more Python objects after {CLICKS} clicks"
    assert timers == 0, f"{timers} more QTimers after {CLICKS} clicks"
