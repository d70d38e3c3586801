"""The searchable list of teaching regions, groups, topics and every atlas label."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary

ROLE = Qt.ItemDataRole.UserRole


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RegionList(QWidget):
    """Emits `chosen(kind, id)` with kind 'region', 'label' or 'topic'."""

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search regions, aliases, topics… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search regions and topics")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Regions and topics")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_first_visible)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.atlas: Atlas | None = None
        self.content: ContentLibrary | None = None

    def populate(self, atlas: Atlas, content: ContentLibrary) -> None:
        self.atlas, self.content = atlas, content
        self.tree.clear()
        regions = atlas.available_regions()
        groups = {
            "Teaching regions": [r for r in regions if r.core],
            "Other regions the documents name": [r for r in regions if not r.core and not r.is_group],
            "Groups": [r for r in regions if r.is_group],
        }
        for title, members in groups.items():
            parent = self._group(title)
            for region in members:
                item = QTreeWidgetItem(parent, [region.title])
                item.setIcon(0, _swatch(region.color))
                item.setData(0, ROLE, ("region", region.id))
                item.setToolTip(0, ", ".join(region.aliases))
        topics = self._group("Topics")
        for page in content.topics():
            item = QTreeWidgetItem(topics, [page.title])
            item.setData(0, ROLE, ("topic", page.id))
            item.setToolTip(0, page.summary)
        labels = self._group("All atlas labels", expanded=False)
        for label in sorted(atlas.present_labels(), key=lambda lab: lab.full_name.lower()):
            item = QTreeWidgetItem(labels, [label.full_name])
            item.setData(0, ROLE, ("label", label.id))
            item.setToolTip(0, label.name)
        self._filter(self.search.text())

    def _group(self, title: str, expanded: bool = True) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(expanded)
        return item

    def _matches(self, item: QTreeWidgetItem, needle: str) -> bool:
        kind, key = item.data(0, ROLE)
        if needle in item.text(0).lower() or needle in item.toolTip(0).lower():
            return True
        if kind == "region" and self.atlas:
            region = self.atlas.region_defs[key]
            if region.matches(needle):
                return True
        if kind in ("region", "topic") and self.content:
            page = self.content.annotations.get(key)
            return bool(page and needle in page.searchable_text())
        return False

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                visible = not needle or self._matches(item, needle)
                item.setHidden(not visible)
                shown += visible
            group.setHidden(shown == 0)
            if needle and shown:
                group.setExpanded(True)

    def visible_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out.extend(group.child(j) for j in range(group.childCount())
                       if not group.isHidden() and not group.child(j).isHidden())
        return out

    def _choose_first_visible(self) -> None:
        items = self.visible_items()
        if items:
            self.tree.setCurrentItem(items[0])
            self._activated(items[0])

    def _activated(self, item: QTreeWidgetItem, *_: object) -> None:
        data = item.data(0, ROLE)
        if data:
            self.chosen.emit(*data)

    def mark_current(self, kind: str | None, key: object) -> None:
        """Show the current selection in the list without emitting anything."""
        self.tree.blockSignals(True)
        try:
            self.tree.setCurrentItem(None)
            for item in self.visible_items():
                if item.data(0, ROLE) == (kind, key):
                    self.tree.setCurrentItem(item)
                    break
        finally:
            self.tree.blockSignals(False)
