"""Text that follows the font scale without being cut: the region list's column, the status bar's credit
and the docks' titles."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStyle,
    QStyleOptionDockWidget,
    QStylePainter,
    QTreeView,
    QWidget,
)

MAX_LIST_SHARE = 0.42  # the region list never takes more of the window's width than this
PANEL_CHARS = 42  # the annotation panel's line, in average characters of its font
MIN_PANEL_SHARE, MAX_PANEL_SHARE = 0.2, 0.34
MIN_LIST_WIDTH = 300  # the dock's width at normal text size
DOCK_SEPARATORS = 16  # the splitters between the docks and the 3D view, and the window's edges


def _extra_width(view: QAbstractItemView) -> int:
    """What the list needs beside its rows: its frame, a vertical scroll bar and its parent's margins."""
    scroll = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    parent = view.parentWidget()
    margins = parent.layout().contentsMargins() if parent is not None and parent.layout() else None
    extra = (margins.left() + margins.right()) if margins is not None else 0
    return 2 * view.frameWidth() + scroll + extra + 8


def list_width(view: QAbstractItemView) -> int:
    """The width the view needs to show its widest visible row whole on one line."""
    return view.sizeHintForColumn(0) + _extra_width(view)


def shown_rows(view: QTreeView, parent: QModelIndex | None = None) -> list[QModelIndex]:
    """The rows drawn now (those under a collapsed heading left out), top to bottom."""
    model, parent = view.model(), parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        rows.append(index)
        if view.isExpanded(index):
            rows.extend(shown_rows(view, index))
    return rows


def row_font(view: QAbstractItemView, index: QModelIndex) -> QFont:
    """The font a row is drawn in: its own settings (a bold heading) over the view's font."""
    own = index.data(Qt.ItemDataRole.FontRole)
    return QFont(own).resolve(view.font()) if own is not None else view.font()


def least_list_width(view: QTreeView) -> int:
    """The narrowest the list may be with long rows wrapped at spaces: every row's longest word whole."""
    least = 0
    for index in shown_rows(view):
        text = str(index.data() or "")
        metrics = QFontMetrics(row_font(view, index))
        word = max((metrics.horizontalAdvance(part) for part in text.split()), default=0)
        natural = view.sizeHintForIndex(index).width()
        least = max(least, view.visualRect(index).left() + natural - metrics.horizontalAdvance(text) + word)
    return least + _extra_width(view)


def fit_docks(window: QMainWindow, list_dock: QDockWidget, view: QTreeView, panel_dock: QDockWidget,
              panel: QWidget, centre_width: int) -> None:
    """Fit the list and the reading panel to their text beside the 3D view (at least `centre_width` wide).

    The panel gets ~PANEL_CHARS characters a line (a fifth to a third of the window). The list widens to its
    widest row, within MAX_LIST_SHARE of the window; when that leaves the panel short (a large font on a
    small screen), the list gives way and its long names wrap (each word stays whole).
    """
    want = max(PANEL_CHARS * panel.fontMetrics().averageCharWidth(), int(window.width() * MIN_PANEL_SHARE))
    panel_width = min(want, int(window.width() * MAX_PANEL_SHARE))
    room = window.width() - centre_width - panel_width - DOCK_SEPARATORS
    need = min(list_width(view), int(window.width() * MAX_LIST_SHARE), max(room, least_list_width(view)))
    width = max(need, min(MIN_LIST_WIDTH, room))  # never below its normal width while there is room for it
    list_dock.widget().setMinimumWidth(width)  # the dock layout then gives it the room, however the others ask
    window.resizeDocks([list_dock], [width], Qt.Orientation.Horizontal)
    window.resizeDocks([panel_dock], [panel_width], Qt.Orientation.Horizontal)  # apart: one call shares out the rest


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
