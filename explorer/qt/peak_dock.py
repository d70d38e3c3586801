"""The peaks dock: a table of coordinates (from a file or pasted), each peak's label in every atlas,
its teaching region and distance; bad rows listed above it as file:line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from explorer.model.errors import Problem


class PeakDock(QWidget):
    """Shows a peak table; says which row the user chose and when the table should be exported."""

    row_chosen = Signal(int)  # index of the peak (0-based, in table order)
    export_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QLabel("No coordinates yet: File → Open coordinates…, or paste a table (Ctrl+Shift+V).")
        self.source.setWordWrap(True)
        self.problems = QLabel("")
        self.problems.setObjectName("peak-problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.model = QStandardItemModel(0, 0, self)
        self.table = QTableView()
        self.table.setObjectName("peak-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.export_button = QPushButton("Export table as CSV…")
        self.export_button.setEnabled(False)
        self.clear_button = QPushButton("Clear")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.clear_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 2)
        column.addWidget(self.source)
        column.addLayout(buttons)
        column.addWidget(self.problems)
        column.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self.row_chosen.emit(current.row())
                                                              if current.isValid() else None)
        self.export_button.clicked.connect(self.export_requested)
        self.clear_button.clicked.connect(self.clear_requested)

    def show_rows(self, header: list[str], rows: list[list[str]]) -> None:
        """Fill the table (and keep the current row's place)."""
        self.model.clear()
        self.model.setHorizontalHeaderLabels(header)
        for cells in rows:
            items = [QStandardItem(cell) for cell in cells]
            for item in items:
                item.setToolTip(item.text())
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(bool(rows))

    def show_source(self, text: str, problems: list[Problem]) -> None:
        self.source.setText(text)
        self.problems.setText("\n".join(str(p) for p in problems))
        self.problems.setVisible(bool(problems))

    def rows(self) -> list[list[str]]:
        model = self.model
        return [[model.item(r, c).text() for c in range(model.columnCount())] for r in range(model.rowCount())]
