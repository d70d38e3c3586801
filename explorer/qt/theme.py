"""Theme and comfort: high contrast, the colour-blind-safe palette and the text size, all remembered."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from explorer.model.regions import RegionDef, with_palette
from explorer.model.state import AppState
from explorer.qt.annotation_panel import AnnotationPanel
from explorer.qt.presentation import PresentationBand
from explorer.qt.settings import Settings
from explorer.qt.viewer import BrainViewer
from explorer.render.markers import overlay_for

PANEL_POINT_SIZE = 12
# Four steps of Ctrl+= at most (1.75x: 16 pt lists, 21 pt panel text): the list still shows whole at 1280x800.
MIN_FONT_SCALE, MAX_FONT_SCALE = 0.6, 1.75
HIGH_CONTRAST = {QPalette.ColorRole.Window: "#000000", QPalette.ColorRole.WindowText: "#ffffff",
                 QPalette.ColorRole.Base: "#000000", QPalette.ColorRole.Text: "#ffffff",
                 QPalette.ColorRole.Button: "#1a1a1a", QPalette.ColorRole.ButtonText: "#ffffff",
                 QPalette.ColorRole.Highlight: "#ffd400", QPalette.ColorRole.HighlightedText: "#000000",
                 QPalette.ColorRole.Link: "#7fd4ff"}
LINK_STYLE = ("a {{ color: {}; text-decoration: none; }} h2 {{ margin-bottom: 4px; }} "
              "blockquote {{ margin-left: 12px; }}")


class Theme(QObject):
    """`palette_changed(regions)` after the region colours change; `contrast_changed(on)` after the theme."""

    palette_changed = Signal(object)
    contrast_changed = Signal(bool)
    fonts_changed = Signal(float)

    def __init__(self, settings: Settings, state: AppState, regions: dict[str, RegionDef], viewer: BrainViewer,
                 panel: AnnotationPanel, band: PresentationBand) -> None:
        super().__init__(panel)
        self.settings, self.state, self.regions = settings, state, regions
        self.viewer, self.panel, self.band = viewer, panel, band
        app = QApplication.instance()
        if app.property("sbx-base-point-size") is None:  # once per process: later windows see scaled fonts
            app.setProperty("sbx-base-point-size", QApplication.font().pointSizeF())
        self.base_point_size = float(app.property("sbx-base-point-size"))

    def set_high_contrast(self, on: bool) -> None:
        app = QApplication.instance()
        palette = QPalette()
        for role, color in HIGH_CONTRAST.items() if on else ():
            palette.setColor(role, QColor(color))
        app.setPalette(palette if on else app.style().standardPalette())
        self.panel.document().setDefaultStyleSheet(LINK_STYLE.format("#7fd4ff" if on else "#0b4f8a"))
        self.viewer.plotter.set_background("black" if on else "white")
        overlay_for(self.viewer.plotter).match_background()  # study peaks: white on black
        self.settings.high_contrast = on
        self.settings.save("high_contrast")
        self.viewer.refresh()
        self.contrast_changed.emit(on)

    def set_colour_safe(self, on: bool) -> None:
        """Okabe–Ito colours for the teaching regions (or the atlas's own), in this atlas and the next."""
        self.regions = with_palette(self.regions, on)
        if self.state.atlas is not None:
            self.state.atlas.region_defs = with_palette(self.state.atlas.region_defs, on)
        self.settings.colour_safe = on
        self.settings.save("colour_safe")
        self.palette_changed.emit(self.regions)

    def scale_fonts(self, factor: float | None) -> None:
        """Scale all text (None: back to normal), remembered between sessions."""
        scale = 1.0 if factor is None else self.settings.font_scale * factor
        self.settings.font_scale = min(max(scale, MIN_FONT_SCALE), MAX_FONT_SCALE)
        self.settings.save("font_scale")
        self.apply_font_scale(self.settings.font_scale)

    def apply_font_scale(self, scale: float) -> None:
        font = QApplication.font()
        font.setPointSizeF(self.base_point_size * scale)
        QApplication.setFont(font)
        panel_font = self.panel.font()
        panel_font.setPointSizeF(PANEL_POINT_SIZE * scale)
        self.panel.setFont(panel_font)
        self.panel.document().setDefaultFont(panel_font)
        self.band.set_scale(scale)
        self.fonts_changed.emit(scale)
