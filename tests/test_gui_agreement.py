"""The atlas-agreement numbers never freeze the window: the first count runs in a worker thread."""

from __future__ import annotations

import re

import pytest

from explorer.model import agreement

pytestmark = pytest.mark.gui


def test_first_region_panel_counts_agreement_in_the_background(win, qtbot, monkeypatch):
    monkeypatch.setattr(agreement, "_warm", set())
    monkeypatch.setattr(agreement, "_tables", {})  # as on a machine that has never counted
    started = []
    real = agreement.warm_up
    monkeypatch.setattr(agreement, "warm_up", lambda atlas, **kw: (started.append(atlas.id), real(atlas, **kw)))
    win.navigation.choose("region", "mpfc")
    text = win.panel.toPlainText()
    assert "Do the atlases agree?" in text and "Counting" in text  # shown at once, not computed here
    assert not re.search(r"\d+ % of", text)
    qtbot.waitUntil(lambda: re.search(r"\d+ % of AAL3.s MPFC", win.panel.toPlainText()) is not None,
                    timeout=120_000)
    assert started == [win.state.atlas.id]
    win.navigation.choose("region", "acc")  # counted once per atlas: later panels have the numbers at once
    assert re.search(r"\d+ % of AAL3.s ACC", win.panel.toPlainText()) and started == [win.state.atlas.id]


def test_a_warm_cache_shows_the_numbers_without_a_child_process(win, qtbot, monkeypatch):
    """Every start after the first: the tables are on disk, so the first click's count only reads them.
    No child process is spawned (it would load the other atlases again), and the panel says the same."""
    import multiprocessing.context

    from explorer.model.selection import selection_for_region
    from tests.gui_events import click_3d, region_point

    atlas = win.state.atlas
    monkeypatch.setattr(agreement, "_warm", set())
    assert agreement.warm_up(atlas)  # as the first start does (its child fills the cache when it is cold)
    win.set_view("medial-left")
    win.state.select(selection_for_region(atlas, "acc"))
    qtbot.wait(50)
    point = region_point(win, "mpfc")
    click_3d(qtbot, win, point)
    shown = win.panel.toPlainText()
    assert re.search(r"\d+ % of AAL3.s MPFC", shown)
    win.state.select(selection_for_region(atlas, "acc"))
    # A new process: nothing counted or loaded in memory, the user's cache on disk as the last run left it.
    for name, empty in (("_warm", set()), ("_tables", {}), ("_others", {})):
        monkeypatch.setattr(agreement, name, empty)
    spawned = []
    real_start = multiprocessing.context.SpawnProcess.start
    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start",
                        lambda process: (spawned.append(process.name), real_start(process)))
    click_3d(qtbot, win, point)
    qtbot.waitUntil(lambda: re.search(r"\d+ % of AAL3.s MPFC", win.panel.toPlainText()) is not None,
                    timeout=60_000)
    assert spawned == []
    assert win.panel.toPlainText() == shown
