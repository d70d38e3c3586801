"""A source document, whole, with one quote highlighted and scrolled into view."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from explorer.model.sources import Source, locate

HIGHLIGHT = QColor("#FFE08A")


class SourceViewer(QDialog):
    """Shows `source` and highlights `quote`; `highlighted_text()` says what is marked."""

    def __init__(self, source: Source, quote: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Source: {source.title}")
        self.resize(760, 820)
        meta = " · ".join(str(v) for v in (source.author, source.year, source.journal) if v)
        header = QLabel(f"<b>{source.title}</b><br/><small>{meta}{' · doi:' + source.doi if source.doi else ''}"
                        f"<br/>{source.note}</small>")
        header.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setPlainText(source.text)
        self.text.setAccessibleName("Source document")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.span = locate(source.text, quote)
        if self.span:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self.span[0])
            cursor.setPosition(self.span[1], QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            cursor.mergeCharFormat(fmt)
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()

    def highlighted_text(self) -> str:
        return self.text.textCursor().selectedText().replace("\u2029", "\n")
