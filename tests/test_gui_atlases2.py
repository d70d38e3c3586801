"""The Juelich atlas in the real window (Atlas menu, a real click, an absent region) and study-peak markers."""

from __future__ import annotations

import pytest

from explorer.model.annotations import StudyPeak
from explorer.model.selection import selection_for_region
from explorer.render.markers import overlay_for
from tests.gui_events import click_3d, click_menu, region_point

pytestmark = pytest.mark.gui


def test_juelich_from_the_menu_click_its_amygdala_and_ask_for_an_absent_region(win, qtbot):
    click_menu(qtbot, win, "Atlas", win.manifests["juelich"].name)
    assert win.state.atlas.id == "juelich" and "Eickhoff" in win.credit_label.text()
    win.set_view("medial-left")
    click_3d(qtbot, win, region_point(win, "amygdala"))
    assert win.state.selection.region_id == "amygdala"
    assert "GM_Amygdala_laterobasal_group_L" in win.panel.toPlainText()
    win.navigation.choose("region", "acc")  # e.g. a link on a topic page
    assert win.state.selection.region_id == "amygdala"  # nothing to select: the selection stays
    assert win.statusBar().currentMessage().startswith("Not in this atlas: the Juelich maps do not cover")
    click_menu(qtbot, win, "Atlas", win.manifests["aal3"].name)
    assert win.state.atlas.id == "aal3"


def test_peaks_of_the_shown_page_are_drawn_and_cleared(win, monkeypatch):
    peak = StudyPeak((-8.0, 20.0, 40.0), "mni", "eisenberger2003", "test", "", "test", None)
    monkeypatch.setattr(win.scenes, "peaks_for", lambda selection: (peak,) if selection else ())
    win.state.select(selection_for_region(win.state.atlas, "acc"))
    layer = overlay_for(win.viewer.plotter)  # drawn over the scene, so an opaque region cannot hide it
    assert layer is win.crosshair.markers and layer.study.GetVisibility() and not layer.study.GetPickable()
    assert layer.renderer.GetDraw()
    x0, x1, y0, y1, z0, z1 = layer.study.GetBounds()
    assert (x0 + x1) / 2 == pytest.approx(-8, abs=0.1) and (z0 + z1) / 2 == pytest.approx(40, abs=0.1)
    win.state.select(None)
    assert not layer.study.GetVisibility()
