"""The list and the panel follow the font scale; at the largest text nothing overlaps or is cut, at classroom sizes."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from explorer.qt.text_fit import list_width
from explorer.qt.theme import MAX_FONT_SCALE, MIN_FONT_SCALE

pytestmark = pytest.mark.gui


def _rect(win, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(win, widget.rect().topLeft()), widget.size())


def _problems(win, size: tuple[int, int], scale: float) -> list[str]:
    """Everything that does not fit, overlaps or ignores the font scale (empty when all is well)."""
    tree, panel, out = win.region_list.tree, win.panel, []
    if tree.font().pointSizeF() != pytest.approx(win.theme.base_point_size * scale):
        out.append(f"list font {tree.font().pointSizeF()}")
    if list_width(tree) > win.region_list.width() + 2:  # the widest row shows whole: no "…"
        out.append(f"list needs {list_width(tree)} px, has {win.region_list.width()}")
    if tree.horizontalScrollBar().isVisible() or panel.horizontalScrollBar().isVisible():
        out.append("a horizontal scroll bar")
    parts = {"list": win.docks["regions"], "3D view": win.viewer, "panel": win.docks["annotation"]}
    rects = {name: _rect(win, part) for name, part in parts.items()}
    out += [f"{name} only {r.width()} px wide" for name, r in rects.items() if r.width() < 0.15 * size[0]]
    if not rects["list"].right() < rects["3D view"].left() <= rects["3D view"].right() < rects["panel"].left():
        out.append(f"overlap: {rects}")
    menu, toolbar = _rect(win, win.menuBar()), _rect(win, win.toolbar)
    if menu.intersects(toolbar) or toolbar.intersects(rects["3D view"]):
        out.append("menu, toolbar and 3D view overlap")
    credit = win.credit_label  # whole, or shortened with "…" and whole in its tooltip
    if credit.fontMetrics().horizontalAdvance(credit.shown_text()) > credit.width() or \
            credit.full_text() not in credit.toolTip():
        out.append("the atlas credit is cut")
    return out


@pytest.fixture
def scaled(win, qtbot):
    yield win
    win.theme.apply_font_scale(1.0)
    win.resize(1024, 700)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("scale", [MIN_FONT_SCALE, MAX_FONT_SCALE])
def test_text_fits_and_nothing_overlaps(scaled, qtbot, size, scale):
    win = scaled
    win.resize(*size)
    qtbot.waitUntil(lambda: win.width() == size[0], timeout=3000)
    # The docks laid out at the new width (as when a user resizes, then presses Ctrl+=).
    qtbot.waitUntil(lambda: _rect(win, win.docks["annotation"]).right() >= size[0] - 3, timeout=3000)
    win.theme.apply_font_scale(scale)
    # The new font reaches the widgets, then the docks fit it, on later turns of the event loop; if they never
    # do, the assertion below says what is wrong (pytest-qt's TimeoutError is swallowed).
    with contextlib.suppress(Exception):
        qtbot.waitUntil(lambda: not _problems(win, size, scale), timeout=8000)
    assert _problems(win, size, scale) == []
    # Then the region with the longest teaching-region name is chosen (the panel and notes title show it).
    win.navigation.choose("region", "acc")
    qtbot.wait(300)
    assert win.width() <= size[0], f"the window grew to {win.width()} px to fit its parts"


def _title_text_height(dock) -> int:
    """Rows of the dock's title bar (left of its buttons) that hold dark text pixels, as drawn now."""
    image = dock.grab().toImage()
    top = dock.widget().geometry().top()  # the title bar lies above the dock's widget
    rows = 0
    for y in range(top):
        dark = sum(1 for x in range(int(dock.width() * 0.6)) if image.pixelColor(x, y).lightness() < 100)
        rows += dark > 0
    return rows


def test_dock_titles_follow_the_font_scale(scaled, qtbot):
    """Every dock's title grows with the text (QDockWidget keeps the title font it was made with)."""
    win = scaled
    win.resize(1280, 800)
    win.docks["slices"].show()
    qtbot.wait(200)
    docks = [key for key in ("regions", "annotation", "slices") if win.docks[key].isVisible()]
    normal = {key: _title_text_height(win.docks[key]) for key in docks}
    win.theme.apply_font_scale(MAX_FONT_SCALE)
    qtbot.wait(300)
    large = {key: _title_text_height(win.docks[key]) for key in docks}
    win.docks["slices"].hide()
    assert all(normal.values()), normal
    assert all(large[key] >= normal[key] * (1 + (MAX_FONT_SCALE - 1) * 0.7) for key in docks), (normal, large)
