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
