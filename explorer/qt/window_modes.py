"""Window modes: presentation, quiz, circuit view, palettes, contrast and text size."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model.panel_html import link_html
from explorer.model.regions import with_palette
from explorer.model.state import selection_for_label, selection_for_region

PANEL_POINT_SIZE = 12


class ModesMixin:
    """Parts of MainWindow that switch how it looks or behaves."""

    def set_circuits(self, on: bool) -> None:
        scene = self.viewer.scene
        if scene and scene.circuits is not None:
            scene.circuits.visibility = on
            self.viewer.refresh()
        self.statusBar().showMessage("Circuit view: click a tube to see what supports it." if on else "", 5000)

    def show_link(self, index: int) -> None:
        link = self.links[index]
        self.panel.show_html(link_html(link, self.content, self.state.atlas), {}, {})
        self.current_link = link

    def set_colour_safe(self, on: bool) -> None:
        self.regions = with_palette(self.regions, on)
        atlas = self.state.atlas
        atlas.region_defs = with_palette(atlas.region_defs, on)
        QSettings().setValue("colour_safe", on)
        self.region_list.populate(atlas, self.content)
        self._restyle()

    def set_high_contrast(self, on: bool) -> None:
        app = QApplication.instance()
        palette = QPalette()
        if on:
            for role, color in ((QPalette.ColorRole.Window, "#000000"), (QPalette.ColorRole.WindowText, "#ffffff"),
                                (QPalette.ColorRole.Base, "#000000"), (QPalette.ColorRole.Text, "#ffffff"),
                                (QPalette.ColorRole.Button, "#1a1a1a"), (QPalette.ColorRole.ButtonText, "#ffffff"),
                                (QPalette.ColorRole.Highlight, "#ffd400"),
                                (QPalette.ColorRole.HighlightedText, "#000000"), (QPalette.ColorRole.Link, "#7fd4ff")):
                palette.setColor(role, QColor(color))
        app.setPalette(palette if on else app.style().standardPalette())
        self.panel.document().setDefaultStyleSheet(
            "a { color: %s; text-decoration: none; }" % ("#7fd4ff" if on else "#0b4f8a"))
        self.viewer.plotter.set_background("black" if on else "white")
        self._update_panel(self.state.selection)
        QSettings().setValue("high_contrast", on)
        self.viewer.refresh()

    def present(self) -> None:
        tour_id = QSettings().value("last_tour", "")
        tour = self.tours.tours.get(tour_id) or next(iter(self.tours.tours.values()), None)
        if tour is None:
            QMessageBox.information(self, "No tours", "There is no working tour in annotations/tours/.")
            return
        self.presenter.start(tour)

    def enter_presentation(self) -> None:
        self._saved_state = self.saveState()
        for widget in (*self.docks, self.toolbar, self.menuBar(), self.statusBar()):
            widget.hide()
        self.band.set_scale(getattr(self, "font_scale", 1.0))
        self.band.show()
        self.clear_action.setEnabled(False)  # Esc leaves the presentation instead
        for action in self.presenter_actions:
            action.setEnabled(True)
        self.showFullScreen()
        QSettings().setValue("last_tour", self.presenter.tour.id)

    def leave_presentation(self) -> None:
        for action in self.presenter_actions:
            action.setEnabled(False)
        self.clear_action.setEnabled(True)
        self.set_blank(False)
        self.band.hide()
        self.tour_focus = (frozenset(), None)
        self.showNormal()
        for widget in (self.toolbar, self.menuBar(), self.statusBar()):
            widget.show()
        self.restoreState(self._saved_state)
        self.set_user_hemispheres(self.user_hemispheres)
        self._restyle()

    def set_blank(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)

    # --- quiz and notes ---------------------------------------------------------------
    def start_quiz(self) -> None:
        self.docks[2].show()
        self.docks[2].raise_()
        self.quiz.start()

    def _quiz_highlight(self, key: object) -> None:
        if key is None:
            self.state.select(None)
        elif str(key).startswith("label:"):
            self.state.select(selection_for_label(self.state.atlas, int(str(key)[6:])))
        else:
            self.state.select(selection_for_region(self.state.atlas, str(key)))
        if key is not None and self.quiz.current and self.quiz.current.kind == "name" and not self.quiz.answered:
            self.panel.show_html("<h2>Quiz</h2><p>Which region is highlighted? Answer in the quiz panel.</p>", {}, {})


    def scale_fonts(self, factor: float | None) -> None:
        """Scale all text (None: back to normal), remembered between sessions."""
        settings = QSettings()
        scale = 1.0 if factor is None else float(settings.value("font_scale", 1.0)) * factor
        scale = min(max(scale, 0.6), 3.0)
        settings.setValue("font_scale", scale)
        self.apply_font_scale(scale)

    def apply_font_scale(self, scale: float) -> None:
        app = QApplication.instance()
        if not hasattr(self, "_base_point_size"):
            self._base_point_size = app.font().pointSizeF()
        font = app.font()
        font.setPointSizeF(self._base_point_size * scale)
        app.setFont(font)
        panel_font = self.panel.font()
        panel_font.setPointSizeF(PANEL_POINT_SIZE * scale)
        self.panel.setFont(panel_font)
        self.panel.document().setDefaultFont(panel_font)
        self.band.set_scale(scale)
        self.font_scale = scale

