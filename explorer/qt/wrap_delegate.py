"""Rows of a tree view that wrap their text onto a second line when the column is narrower than the text.

So the region list can give way to the reading panel at a large font: a long name wraps, none is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

Index = QModelIndex | QPersistentModelIndex


class WrapDelegate(QStyledItemDelegate):
    """Draws a row's text wrapped at the column's width; its height fits the wrapped text."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.viewport().installEventFilter(self)

    def text_width(self, index: Index) -> int:
        """The room the row's text has: the column less the row's indentation."""
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
        return max(self.view.viewport().width() - indent, 1)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 (Qt's name)
        """The unwrapped width (what the text would like), and the height of the text wrapped as drawn."""
        natural = super().sizeHint(option, index)
        wrapped = QStyleOptionViewItem(option)
        self.initStyleOption(wrapped, index)
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        wrapped.rect = QRect(0, 0, self.text_width(index), 1 << 16)  # a valid rect: the style wraps in it
        style = self.view.style()
        height = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, wrapped, QSize(), self.view).height()
        return QSize(natural.width(), max(natural.height(), height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:  # a new width wraps differently: lay the rows out again
            self.view.doItemsLayout()
        return False
