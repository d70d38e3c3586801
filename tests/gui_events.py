"""Test helpers that drive the window through real Qt events: menu clicks, link clicks, 3D clicks."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from tests.visibility import visible_pixel


def click_menu(qtbot, win, menu_title: str, action_text: str) -> None:
    """Open a menu by clicking its title in the menu bar, then click the entry."""
    bar, menu = win.menuBar(), win.menus[menu_title]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    action = next(a for a in menu.actions() if a.text() == action_text)
    assert action.isEnabled(), action_text
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)


def click_link(qtbot, browser, href: str) -> None:
    """Scroll a link of a QTextBrowser into view and click it with the mouse."""
    doc = browser.document()
    cursor = QTextCursor(doc)
    positions = []
    for pos in range(1, doc.characterCount()):
        cursor.setPosition(pos)
        if cursor.charFormat().anchorHref() == href:
            positions.append(pos)
        elif positions:
            break
    assert positions, f"no link {href!r} in the panel"
    cursor.setPosition(positions[len(positions) // 2])
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(1, 0))


def widget_point(win, display: tuple[int, int]) -> QPoint:
    """VTK display coordinates (origin bottom-left) to the interactor widget's coordinates."""
    widget = win.viewer.plotter
    ratio = widget.devicePixelRatioF()
    x, y = display
    return QPoint(round(x / ratio), round(widget.height() - 1 - y / ratio))


def region_point(win, region: str) -> QPoint:
    """Where a region is visibly drawn now, by the test oracle (not the app's picker)."""
    point = visible_pixel(win.viewer.scene, win.state.atlas.label_ids_for(region))
    assert point is not None, f"{region} not visible in this view"
    return widget_point(win, point)


def click_3d(qtbot, win, point: QPoint) -> None:
    """Click the 3D view and wait for the panel, which fills once the click's 3D frame is drawn."""
    qtbot.mouseClick(win.viewer.plotter, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not win.navigation.panel_pending, timeout=5000)


def screen_frame(widget) -> np.ndarray:
    """The 3D view's pixels as they are on screen (its native window, read back from the display):
    rows from the top, RGB."""
    from PySide6.QtGui import QGuiApplication

    image = QGuiApplication.primaryScreen().grabWindow(widget.surface.winId()).toImage()
    image = image.convertToFormat(image.Format.Format_RGB888)
    rows = np.asarray(image.constBits()).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)
