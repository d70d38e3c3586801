"""Small informational windows: atlas credits, content warnings, keyboard shortcuts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def show_credits(parent: QWidget, manifests) -> None:
    rows = "".join(f"<p><b>{escape(m.name)}</b><br/>{escape(m.credit)}<br/>Licence: {escape(m.licence)}"
                   f"<br/><small>{escape(m.url)}</small></p>" for m in manifests.values())
    QMessageBox.information(parent, "Atlas credits and licences",
                            rows + "<p>Brain outline: MNI152 ICBM 2009 template, via nilearn.<br/>"
                                   "Fonts: DejaVu Sans (Bitstream Vera licence).</p>")


def show_problems(parent: QWidget, problems) -> None:
    lines = [str(p) for p in problems]
    box = QMessageBox(QMessageBox.Icon.Warning if lines else QMessageBox.Icon.Information, "Content warnings",
                      "These files were skipped or have problems; everything else loaded." if lines
                      else "No problems found.", parent=parent)
    if lines:
        box.setDetailedText("\n".join(lines))
    box.exec()


class ShortcutsWindow(QDialog):
    """Every action that has a key, as the action registry lists them: (text, keys) rows."""

    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 640)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Key"])
        table.setAccessibleName("Keyboard shortcuts")
        for row, (text, key) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(key))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.table = table


class NotesList(QDialog):
    """All notes, one line each; double-click (or Enter) opens that region or topic."""

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget, notes: dict[str, str], atlas, content) -> None:
        super().__init__(parent)
        self.setWindowTitle("My notes")
        self.resize(640, 480)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes")
        for key, text in sorted(notes.items()):
            kind, _, rest = key.partition(":")
            if kind == "region" and rest in atlas.region_defs:
                title, target = atlas.region_defs[rest].title, rest
            elif kind == "topic" and rest in content.annotations:
                title, target = content.annotations[rest].title, rest
            elif kind == "label" and rest.startswith(f"{atlas.id}:"):
                label = atlas.labels.get(int(rest.split(":")[1]))
                title, target = (label.full_name if label else rest), int(rest.split(":")[1])
            else:
                title, target = key, None
            item = QListWidgetItem(f"{title}: {' '.join(text.split())[:120]}")
            item.setData(256, (kind, target))
            self.list.addItem(item)
        if not notes:
            self.list.addItem("No notes yet: write in the box under a region's annotation.")
        self.list.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(256)
        if data and data[1] is not None:
            self.chosen.emit(*data)
            self.accept()
