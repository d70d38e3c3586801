"""Text that follows the font scale without being cut: the region list's column, the status bar's credit
and the docks' titles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStyle,
    QStyleOptionDockWidget,
    QStylePainter,
    QWidget,
)

MAX_LIST_SHARE = 0.42  # the region list never takes more of the window's width than this
PANEL_CHARS = 42  # the annotation panel's line, in average characters of its font
MIN_PANEL_SHARE, MAX_PANEL_SHARE = 0.2, 0.34
MIN_LIST_WIDTH = 300  # the dock's width at normal text size


def list_width(view: QAbstractItemView) -> int:
    """The width the view needs to show its widest visible row whole (with frame and vertical scroll bar)."""
    style = view.style()
    scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    parent = view.parentWidget()
    margins = parent.layout().contentsMargins() if parent is not None and parent.layout() else None
    extra = (margins.left() + margins.right()) if margins is not None else 0
    return view.sizeHintForColumn(0) + 2 * view.frameWidth() + scroll + extra + 8


def fit_list_dock(window: QMainWindow, dock: QDockWidget, view: QAbstractItemView) -> None:
    """Widen the dock to its list's text (within MAX_LIST_SHARE of the window); it cannot be dragged narrower."""
    need = min(list_width(view), int(window.width() * MAX_LIST_SHARE))
    dock.widget().setMinimumWidth(need)  # the dock layout then gives it the room, however the others ask
    window.resizeDocks([dock], [max(need, MIN_LIST_WIDTH)], Qt.Orientation.Horizontal)


def fit_panel_dock(window: QMainWindow, dock: QDockWidget, panel: QWidget) -> None:
    """Give the reading panel ~PANEL_CHARS characters a line at its font size (a fifth to a third of the window)."""
    want = max(PANEL_CHARS * panel.fontMetrics().averageCharWidth(), int(window.width() * MIN_PANEL_SHARE))
    width = min(want, int(window.width() * MAX_PANEL_SHARE))
    window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" when it has less room (give the whole text a tooltip)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._full = text

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        super().setText(text)
        self.setMinimumWidth(min(self.fontMetrics().horizontalAdvance(text), 120))

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """The text as drawn at the current width."""
        return self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, max(self.width(), 0))

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.drawText(self.rect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.shown_text())


class ScaledDock(QDockWidget):
    """A dock whose title is drawn in the dock's own font, so it grows with the rest of the text.

    QDockWidget draws its title in the platform's title font as it was when the dock was made (kept in
    QDockWidgetPrivate::font), whatever the application font becomes later; its title bar grows with the
    font, its text did not. This paints the same title through the style, in the current font.
    """

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.titleBarWidget() is not None or self.isFloating():  # a floating dock's title is the window's
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        title = QStyleOptionDockWidget()
        self.initStyleOption(title)  # its font metrics are the dock's own
        painter.drawControl(QStyle.ControlElement.CE_DockWidgetTitle, title)
