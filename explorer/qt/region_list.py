"""The searchable list of teaching regions, groups, topics and every atlas label.

A QStandardItemModel holds the tree; a QSortFilterProxyModel filters it as the user types
(by title, alias, tooltip and the page's text), keeping a group visible while a child matches.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.qt.wrap_delegate import WrapDelegate

ROLE = Qt.ItemDataRole.UserRole  # ("region" | "topic" | "label", key)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # lower-case text the search looks in


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RegionFilter(QSortFilterProxyModel):
    """Rows whose search text holds the needle; groups show when a child does (recursive filtering)."""

    def __init__(self) -> None:
        super().__init__()
        self.setRecursiveFilteringEnabled(True)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self.needle = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.needle = text.strip().lower()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        if index.data(ROLE) is None:  # a group heading: only when not searching and not empty
            return not self.needle and self.sourceModel().rowCount(index) > 0
        return not self.needle or self.needle in (index.data(SEARCH_ROLE) or "")


class RegionList(QWidget):
    """Emits `chosen(kind, id)` with kind 'region', 'label' or 'topic'."""

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search regions, aliases, topics… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search regions and topics")
        self.search.setToolTip(self.search.placeholderText())  # whole, where a large font shortens it
        self.model = QStandardItemModel(self)
        self.proxy = RegionFilter()
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("Regions and topics")
        self.tree.setItemDelegate(WrapDelegate(self.tree))  # long names wrap when the list gives way to the panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_first_visible)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        self._collapsed: set[str] = set()

    def populate(self, atlas: Atlas, content: ContentLibrary) -> None:
        self.model.clear()
        regions = atlas.available_regions()
        groups = {"Teaching regions": [r for r in regions if r.core],
                  "Other regions the documents name": [r for r in regions if not r.core and not r.is_group],
                  "Groups": [r for r in regions if r.is_group]}
        for title, members in groups.items():
            heading = self._group(title)
            for region in members:
                page = content.annotations.get(region.id)
                text = "\n".join((region.title, *region.aliases, region.id, page.searchable_text() if page else ""))
                self._entry(heading, region.title, ("region", region.id), ", ".join(region.aliases), text,
                            region.color)
        topics = self._group("Topics")
        for page in content.topics():
            self._entry(topics, page.title, ("topic", page.id), page.summary,
                        "\n".join((page.title, page.summary, page.searchable_text())))
        labels = self._group("All atlas labels")
        self._collapsed = {"All atlas labels"}
        for label in sorted(atlas.present_labels(), key=lambda lab: lab.full_name.lower()):
            self._entry(labels, label.full_name, ("label", label.id), label.name, f"{label.full_name}\n{label.name}")
        self._filter(self.search.text())

    def _group(self, title: str) -> QStandardItem:
        item = QStandardItem(title)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        self.model.appendRow(item)
        return item

    @staticmethod
    def _entry(parent: QStandardItem, text: str, data: tuple[str, object], tip: str, search: str,
               color: str | None = None) -> None:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(data, ROLE)
        item.setData(search.lower(), SEARCH_ROLE)
        item.setToolTip(tip)
        if color:
            item.setIcon(_swatch(color))
        parent.appendRow(item)

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            self.tree.setExpanded(index, bool(self.proxy.needle) or index.data() not in self._collapsed)

    def visible_entries(self) -> list[QModelIndex]:
        """Proxy indexes of the entries shown now (group headings left out), top to bottom."""
        out = []
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            out.extend(self.proxy.index(child, 0, group) for child in range(self.proxy.rowCount(group)))
        return out

    def visible_names(self) -> list[str]:
        return [index.data() for index in self.visible_entries()]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _choose_first_visible(self) -> None:
        entries = self.visible_entries()
        if entries:
            self.tree.setCurrentIndex(entries[0])
            self._activated(entries[0])

    def _activated(self, index: QModelIndex) -> None:
        data = index.data(ROLE)
        if data:
            self.chosen.emit(*data)

    def mark_current(self, kind: str | None, key: object) -> None:
        """Show the current selection in the list without emitting anything."""
        match = next((i for i in self.visible_entries() if i.data(ROLE) == (kind, key)), QModelIndex())
        self.tree.setCurrentIndex(match)  # emits no `activated`, so nothing is chosen again
        if not match.isValid():
            self.tree.clearSelection()
