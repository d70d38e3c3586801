"""The "Go to" box: a coordinate as papers print it, in MNI or Talairach space, checked as you press Enter.

A bad entry is marked in the box itself (red border, the reason beside it and in the tooltip); it
never opens a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from explorer.model.coordinates import SPACE_NAMES, CoordinateError, format_coordinate, parse_coordinate, to_mni

PLACEHOLDER = "Go to x, y, z (mm), e.g. -8, 20, 40"
BAD_STYLE = "QLineEdit { border: 2px solid #d0021b; }"


class GoToBox(QWidget):
    """A line edit, an MNI/Talairach choice and a line of feedback saying which space the point is in."""

    go = Signal(object)  # the MNI point to go to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("goto-edit")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Go to coordinate")
        self.space = QComboBox()
        self.space.setObjectName("goto-space")
        for key, name in SPACE_NAMES.items():
            self.space.addItem(name, key)
        self.space.setToolTip("Talairach points are converted to MNI with icbm2tal (Lancaster et al., 2007)")
        self.message = QLabel("")
        self.message.setObjectName("goto-message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Go to:"))
        row.addWidget(self.edit, 2)
        row.addWidget(self.space)
        row.addWidget(self.message, 3)
        self.edit.returnPressed.connect(self.submit)
        self.edit.textEdited.connect(lambda _text: self._mark(None))

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def submit(self) -> None:
        """Parse the entry; on success say which space it was in and emit the MNI point."""
        try:
            given = parse_coordinate(self.edit.text())
        except CoordinateError as exc:
            self._mark(f"Not a coordinate: {exc}")
            return
        space = self.space.currentData()
        mni = to_mni(given, space)
        if space == "tal":
            text = (f"Talairach {format_coordinate(given, 1)} → MNI {format_coordinate(mni, 1)} "
                    "(icbm2tal, Lancaster et al., 2007)")
        else:
            text = f"MNI {format_coordinate(mni, 1)}"
        self._mark(None)
        self.message.setText(text)
        self.go.emit(mni)

    def is_bad(self) -> bool:
        return bool(self.edit.styleSheet())

    def _mark(self, error: str | None) -> None:
        """Show (or clear) the reason an entry is not a coordinate, in the box itself."""
        self.edit.setStyleSheet(BAD_STYLE if error else "")
        self.edit.setToolTip(error or "")
        self.message.setStyleSheet("color: #d0021b;" if error else "")
        self.message.setText(error or "")
