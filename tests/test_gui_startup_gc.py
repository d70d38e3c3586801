"""Start-up pauses the cyclic garbage collector and freezes what it built (explorer/app.py); once the first
frame is on screen the collector is on again and nothing stays frozen, so the first atlas can still be
freed when the user switches to another one."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from tests.gui_events import click_menu

pytestmark = pytest.mark.gui


def test_after_the_first_frame_the_collector_runs_and_the_first_atlas_can_be_freed(win, qtbot):
    qtbot.waitUntil(lambda: gc.get_freeze_count() == 0, timeout=5000)
    assert gc.isenabled()
    # The start-up's warm-up builds this atlas's region trees in a thread: while it does, it holds the atlas.
    qtbot.waitUntil(lambda: not any(t.name == "warm-references" for t in threading.enumerate()), timeout=30000)
    first = weakref.ref(win.state.atlas)
    assert first().id == "aal3"
    click_menu(qtbot, win, "Atlas", win.manifests["juelich"].name)
    assert win.state.atlas.id == "juelich"
    qtbot.wait(100)
    gc.collect()
    assert first() is None, "the first atlas is still held after switching to another one"
    click_menu(qtbot, win, "Atlas", win.manifests["aal3"].name)
    assert win.state.atlas.id == "aal3"
