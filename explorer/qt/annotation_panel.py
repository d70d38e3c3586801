"""The annotation panel: sanitised HTML in a QTextBrowser, with in-app and copy links."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

WELCOME = """
<h2>Social Brain Explorer</h2>
<p>Click a coloured region in the 3D view, or choose one from the list, to read what the
source documents say about it.</p>
<p><b>Mouse:</b> drag to rotate · wheel to zoom · right or middle drag to pan ·
click to select.</p>
<p><b>Keys:</b> 1–8 standard views, 0 resets the view, A shows all regions opaque,
Ctrl+F searches.</p>
"""


class AnnotationPanel(QTextBrowser):
    """Shows one page. `navigate(kind, id)` for region:/group:/topic: links; `quote(index)` for quotes."""

    navigate = Signal(str, str)
    quote_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Annotation")
        self.anchorClicked.connect(self._link)
        self.document().setDefaultStyleSheet(
            "a { color: #0b4f8a; text-decoration: none; } h2 { margin-bottom: 4px; } blockquote { margin-left: 12px; }"
        )
        self.bibtex: dict[str, str] = {}
        self.apa: dict[str, str] = {}
        self.setHtml(WELCOME)

    def show_html(self, html: str, apa: dict[str, str], bibtex: dict[str, str]) -> None:
        self.apa, self.bibtex = apa, bibtex
        self.setHtml(html)
        self.verticalScrollBar().setValue(0)

    def _link(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.toString().partition(":")[2]
        if scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif scheme == "doi":
            QDesktopServices.openUrl(QUrl(f"https://doi.org/{target}"))
        elif scheme in ("region", "group", "topic"):
            self.navigate.emit(scheme, target)
        elif scheme == "copy-apa":
            QGuiApplication.clipboard().setText(self.apa.get(target, ""))
        elif scheme == "copy-bib":
            QGuiApplication.clipboard().setText(self.bibtex.get(target, ""))
        elif scheme == "quote" and target.isdigit():
            self.quote_clicked.emit(int(target))
