"""The list and the panel follow the font scale; at the largest text nothing overlaps or is cut, at classroom sizes."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from explorer.qt.text_fit import MAX_PANEL_SHARE, PANEL_CHARS, row_font, shown_rows
from explorer.qt.theme import MAX_FONT_SCALE, MIN_FONT_SCALE

pytestmark = pytest.mark.gui


def _rect(win, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(win, widget.rect().topLeft()), widget.size())


def _cut_rows(tree) -> list[str]:
    """Rows in sight whose text does not show whole: wider than the row even when wrapped at spaces, or
    wrapped onto more lines than the row is tall (drawn with "…" or clipped)."""
    out = []
    for index in shown_rows(tree):
        rect = tree.visualRect(index)
        if rect.bottom() < 0 or rect.top() > tree.viewport().height():
            continue  # scrolled out of sight
        text = str(index.data())
        metrics = QFontMetrics(row_font(tree, index))
        lead = tree.sizeHintForIndex(index).width() - metrics.horizontalAdvance(text)  # swatch and margins
        room = QRect(0, 0, min(rect.width(), tree.viewport().width() - rect.left()) - lead, 10_000)
        need = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text)
        if need.width() > room.width() or need.height() > rect.height():
            out.append(f"{text!r} needs {need.width()}x{need.height()}, has {room.width()}x{rect.height()}")
    return out


def _problems(win, size: tuple[int, int], scale: float) -> list[str]:
    """Everything that does not fit, overlaps or ignores the font scale (empty when all is well)."""
    tree, panel, out = win.region_list.tree, win.panel, []
    if tree.font().pointSizeF() != pytest.approx(win.theme.base_point_size * scale):
        out.append(f"list font {tree.font().pointSizeF()}")
    out += _cut_rows(tree)  # every row shows whole (a long name may wrap): no "…"
    if tree.horizontalScrollBar().isVisible() or panel.horizontalScrollBar().isVisible():
        out.append("a horizontal scroll bar")
    parts = {"list": win.docks["regions"], "3D view": win.viewer, "panel": win.docks["annotation"]}
    rects = {name: _rect(win, part) for name, part in parts.items()}
    out += [f"{name} only {r.width()} px wide" for name, r in rects.items() if r.width() < 0.15 * size[0]]
    # The reading panel gets its ~42 characters a line (within a third of the window) at every scale: the
    # list gives way first (at 1.75x on 1280x800 it had ~300 px, 15 words a line fewer than at normal size).
    line = min(PANEL_CHARS * panel.fontMetrics().averageCharWidth(), int(size[0] * MAX_PANEL_SHARE))
    if rects["panel"].width() < line - 12:
        out.append(f"panel {rects['panel'].width()} px wide, its lines need {line}")
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
    """The height of the dark text in the dock's title bar (left of its buttons), as drawn now."""
    image = dock.grab().toImage()
    top = dock.widget().geometry().top()  # the title bar lies above the dock's widget
    rows = [y for y in range(top)
            if any(image.pixelColor(x, y).lightness() < 100 for x in range(int(dock.width() * 0.6)))]
    return rows[-1] - rows[0] + 1 if rows else 0


def test_dock_titles_follow_the_font_scale(scaled, qtbot):
    """Every dock's title grows with the text (QDockWidget keeps the title font it was made with)."""
    win = scaled
    win.resize(1280, 800)
    win.docks["slices"].show()
    qtbot.wait(300)
    docks = ("regions", "annotation", "slices")
    normal = {key: _title_text_height(win.docks[key]) for key in docks}
    win.theme.apply_font_scale(MAX_FONT_SCALE)
    grown = lambda: {key: _title_text_height(win.docks[key]) for key in docks}  # noqa: E731
    with contextlib.suppress(Exception):
        qtbot.waitUntil(lambda: all(v >= 1.4 * normal[k] for k, v in grown().items()), timeout=3000)
    large = grown()
    win.docks["slices"].hide()
    assert all(normal.values()), normal
    # The text is MAX_FONT_SCALE (1.75) times as tall; the old titles stayed the same height.
    assert all(large[key] >= 1.4 * normal[key] for key in docks), (normal, large)
