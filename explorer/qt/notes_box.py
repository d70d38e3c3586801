"""The 'My notes' box under the annotation panel, saved automatically."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from explorer.model.notes import NotesStore

SAVE_DELAY_MS = 600


class NotesBox(QWidget):
    """Edits the note for the current region or topic; saves a moment after typing stops."""

    def __init__(self, store: NotesStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.key: str | None = None
        self.title = QLabel("My notes")
        self.title.setWordWrap(True)  # a long region name at large text must not widen the window
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Your notes on this region (saved automatically; Markdown is fine)")
        self.edit.setAccessibleName("My notes")
        self.edit.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.edit.textChanged.connect(self._timer.start)
        self.set_key(None, "")

    def set_key(self, key: str | None, title: str) -> None:
        if self._timer.isActive():
            self.save()
        self.key = key
        self.edit.blockSignals(True)
        self.edit.setPlainText(self.store.get(key) if key else "")
        self.edit.blockSignals(False)
        self.edit.setEnabled(key is not None)
        self.title.setText(f"My notes: {title}" if key else "My notes (select a region)")

    def save(self) -> None:
        self._timer.stop()
        if self.key is not None:
            self.store.set(self.key, self.edit.toPlainText())
