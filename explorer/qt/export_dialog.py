"""File > Export image: size presets, background, callouts, annotation, format, live preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PIL.ImageQt import ImageQt
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.errors import ExplorerError
from explorer.model.figure_text import figure_text
from explorer.model.panel_html import page_for
from explorer.model.state import Selection
from explorer.render.export import PRESETS, ExportRequest, dpi_for_size, render_figure, write_figure
from explorer.render.mesh_cache import MeshSet
from explorer.render.overlay import draw

PRESET_NAMES = {"slide": "Slide 1920×1080", "4k": "4K 3840×2160", "a4": "A4 page, 300 dpi (2480×3508)",
                "square": "Square 2048×2048", "custom": "Custom…"}
FILTERS = {"png": "PNG image (*.png)", "jpeg": "JPEG image (*.jpg)", "svg": "SVG, text as text (*.svg)",
           "pdf": "PDF, text as text (*.pdf)"}
PREVIEW_WIDTH = 560
PREVIEW_RENDER = 1100


class ExportDialog(QDialog):
    """Everything the headless `export` command offers, with a preview rendered by the same code."""

    def __init__(self, atlas: Atlas, meshes: MeshSet, content: ContentLibrary, selection: Selection | None,
                 base: ExportRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export image")
        self.atlas, self.meshes, self.content, self.selection, self.base = atlas, meshes, content, selection, base
        self._build_controls()
        self._build_layout()
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.preset.currentIndexChanged, self.background.currentIndexChanged,
                       self.callouts.currentIndexChanged, self.quote.currentIndexChanged,
                       self.width_box.valueChanged, self.height_box.valueChanged):
            signal.connect(self._changed)
        self.annotation.toggled.connect(self._changed)
        self.orientation.toggled.connect(self._changed)
        self.last_path: Path | None = None
        self._changed()

    def _build_controls(self) -> None:
        self.preset = QComboBox()
        for key, text in PRESET_NAMES.items():
            self.preset.addItem(text, key)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, 1920), (self.height_box, 1080)):
            box.setRange(16, 16384)
            box.setValue(value)
            box.setEnabled(False)
        self.background = QComboBox()
        self.background.addItems(["white", "black", "transparent"])
        self.callouts = QComboBox()
        for key, text in (("selected", "Label the selected region"), ("all", "Label every teaching region"),
                          ("none", "No labels")):
            self.callouts.addItem(text, key)
        self.annotation = QCheckBox("Title, excerpt and citation")
        self.annotation.setChecked(True)
        self.quote = QComboBox()
        self.quote.addItem("Plain-words excerpt", None)
        page = self._page()
        for i, quote in enumerate(page.quotes if page else ()):
            self.quote.addItem(f"Quote {i + 1}: {quote.text[:60]}…", i)
        self.orientation = QCheckBox("Orientation letters (L/R, A/P, S/I)")
        self.orientation.setChecked(True)
        self.format = QComboBox()
        for key in FILTERS:
            self.format.addItem(key.upper(), key)

    def _build_layout(self) -> None:
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        form = QFormLayout()
        form.addRow("Size", self.preset)
        form.addRow("", size_row)
        form.addRow("Background", self.background)
        form.addRow("Callouts", self.callouts)
        form.addRow("Annotation", self.annotation)
        form.addRow("Text", self.quote)
        form.addRow("", self.orientation)
        form.addRow("Format", self.format)
        self.preview = QLabel("Rendering preview…")
        self.preview.setMinimumSize(PREVIEW_WIDTH, 340)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #888;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _page(self):
        return page_for(self.selection, self.atlas, self.content)[0] if self.selection else None

    def _changed(self, *_: object) -> None:
        custom = self.preset.currentData() == "custom"
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        self._timer.start()

    def export_size(self) -> tuple[int, int]:
        key = self.preset.currentData()
        return PRESETS[key] if key in PRESETS else (self.width_box.value(), self.height_box.value())

    def request(self) -> ExportRequest:
        return replace(self.base, selection=self.selection, size=self.export_size(),
                       background=self.background.currentText(), callouts=self.callouts.currentData(),
                       annotation=self.annotation.isChecked(), orientation=self.orientation.isChecked(),
                       quote_index=self.quote.currentData(),
                       dpi=dpi_for_size(str(self.preset.currentData())))  # A4: text in points, 300 dpi

    def _figure(self, request: ExportRequest):
        text = figure_text(self.atlas, self.content, self.selection, request.callouts, request.annotation,
                           request.quote_index)
        return render_figure(self.atlas, self.meshes, request, text)

    def update_preview(self) -> None:
        """A small render with the same layout rules (fonts scale with the size)."""
        width, height = self.export_size()
        # Render at up to 1100 px (text proportions as in the real export), then shrink to fit.
        scale = min(1.0, PREVIEW_RENDER / max(width, height))
        small = (max(64, round(width * scale)), max(64, round(height * scale)))
        try:
            request = self.request()
            dpi = max(1, round(request.dpi * scale)) if request.dpi else None  # print text keeps its proportion
            figure = self._figure(replace(request, size=small, dpi=dpi))
        except ExplorerError as exc:
            self.preview.setText(str(exc))
            return
        image = draw(figure.canvas, figure.overlay, figure.layer)
        image.thumbnail((PREVIEW_WIDTH, round(PREVIEW_WIDTH * 1.2)))
        self.preview_image = image
        self.preview.setPixmap(QPixmap.fromImage(ImageQt(self.preview_image)))

    def export(self, path: Path | None = None) -> Path | None:
        fmt = self.format.currentData()
        if path is None:
            suffix = {"jpeg": ".jpg"}.get(fmt, f".{fmt}")
            name, _ = QFileDialog.getSaveFileName(self, "Export image", f"brain{suffix}", FILTERS[fmt])
            if not name:
                return None
            path = Path(name)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_figure(self._figure(self.request()), path, fmt)
        except (ExplorerError, OSError) as exc:
            QMessageBox.critical(self, "Export failed", f"Could not write {path}:\n{exc}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.last_path = path
        self.accept()
        return path
