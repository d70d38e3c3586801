"""The main window: lays out the widgets, creates the controllers and wires them together.

It holds no behaviour of its own beyond layout (docks; full_screen.py handles presenting) and
routing a click in 3D to the quiz or to navigation. See explorer/qt/__init__.py for the map.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from explorer.model.atlas import Atlas
from explorer.model.catalog import resolve
from explorer.model.content import ContentLibrary
from explorer.model.errors import ExplorerError, Problem
from explorer.model.manifest import AtlasManifest
from explorer.model.notes import NotesStore
from explorer.model.peak_text import peaks_for_selection
from explorer.model.regions import RegionDef
from explorer.model.state import AppState
from explorer.qt import dialogs
from explorer.qt.action_list import MENUS, PRESENTER_KEYS, TOOLBAR, declare_actions
from explorer.qt.action_registry import ActionRegistry, build_menu_bar, fill_menu
from explorer.qt.annotation_panel import AnnotationPanel
from explorer.qt.crosshair import Crosshair
from explorer.qt.exports import Exports
from explorer.qt.full_screen import FullScreenPresentation
from explorer.qt.library import Library
from explorer.qt.loading import load_atlas
from explorer.qt.navigation import Navigation, is_link
from explorer.qt.notes_box import NotesBox
from explorer.qt.peak_dock import PeakDock
from explorer.qt.peaks_control import PeaksControl
from explorer.qt.presentation import PresentationBand, Presenter
from explorer.qt.quiz_control import QuizControl
from explorer.qt.quiz_panel import QuizPanel
from explorer.qt.region_list import RegionList
from explorer.qt.scene_control import SceneController
from explorer.qt.settings import Settings
from explorer.qt.slice_dock import SliceDock
from explorer.qt.text_fit import ElidedLabel, ScaledDock, fit_docks
from explorer.qt.theme import PANEL_POINT_SIZE, Theme
from explorer.qt.viewer import BrainViewer
from explorer.render.mesh_cache import MeshSet
from explorer.render.picking import Hit


class MainWindow(QMainWindow):
    """3D view in the centre, region list on the left, annotation on the right; a band when presenting."""

    def __init__(self, state: AppState, content: ContentLibrary, manifests: dict[str, AtlasManifest],
                 regions: dict[str, RegionDef], problems: list[Problem], settings: Settings,
                 packs: list[Path]) -> None:
        super().__init__()
        self.state, self.manifests, self.settings = state, manifests, settings
        self.notes = NotesStore()
        problems = list(problems)
        links = content.links
        self.setWindowTitle("Social Brain Explorer")
        self.resize(1600, 950)
        self._build_widgets()
        self.library = Library(content, packs, set(regions), problems, settings, self)
        self.scenes = SceneController(state, self.viewer, settings, links,
                                      lambda selection: peaks_for_selection(selection, state.atlas,
                                                                            self.library.content))
        self.navigation = Navigation(state, content, links, self.panel, self.notes_box, self.region_list,
                                     lambda text: self.statusBar().showMessage(text, 5000),
                                     self.viewer.after_next_frame)
        self.presenter = Presenter(state, self.viewer, self.band, lambda: self.library.content, self,
                                   batch=self.scenes.batched)
        self.theme = Theme(settings, state, regions, self.viewer, self.panel, self.band)
        self.quiz = QuizControl(self.quiz_panel, self.docks["quiz"], state, self.navigation)
        self.exports = Exports(state, self.scenes, lambda: self.library.content, self.notes, self,
                               lambda: getattr(self.crosshair, "markers", None))  # exports draw the same markers
        self._build_coordinate_docks()
        self.registry = ActionRegistry(self)
        self.registry.add_all(declare_actions(self))
        self._build_menus_and_bars()
        self._wire()

    # --- layout ---------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.viewer = BrainViewer(self)
        self.viewer.setMinimumSize(480, 360)  # docks and restored layouts never squeeze the brain away
        self.band = PresentationBand()
        self.band.hide()
        stage = QWidget()
        row = QHBoxLayout(stage)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.viewer, 2)
        row.addWidget(self.band, 1)
        blank = QWidget()
        blank.setStyleSheet("background: black;")
        self.stack = QStackedWidget()
        self.stack.addWidget(stage)
        self.stack.addWidget(blank)
        self.setCentralWidget(self.stack)
        self.region_list = RegionList()
        self.panel = AnnotationPanel()
        self.panel.setFont(QFont(self.panel.font().family(), PANEL_POINT_SIZE))
        self.notes_box = NotesBox(self.notes)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel, 1)
        column.addWidget(self.notes_box)
        self.quiz_panel = QuizPanel()
        self.docks = {"regions": self._dock("Regions", self.region_list, Qt.DockWidgetArea.LeftDockWidgetArea, 300),
                      "annotation": self._dock("Annotation", side, Qt.DockWidgetArea.RightDockWidgetArea, 460),
                      "quiz": self._dock("Quiz", self.quiz_panel, Qt.DockWidgetArea.LeftDockWidgetArea, 300)}
        self.tabifyDockWidget(self.docks["regions"], self.docks["quiz"])  # the quiz shares the list's column
        self.docks["regions"].raise_()
        self.docks["quiz"].hide()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, width: int) -> QDockWidget:
        dock = ScaledDock(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        return dock

    def _build_coordinate_docks(self) -> None:
        """The slices and the peak table, under the 3D view; hidden until used (S, Ctrl+G, a table)."""
        self.slices, self.peak_view = SliceDock(), PeakDock()
        for key, widget in (("slices", self.slices), ("peaks", self.peak_view)):
            dock = ScaledDock(key.capitalize(), self)
            dock.setObjectName(f"dock-{key}")
            dock.setWidget(widget)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            self.docks[key] = dock
        self.splitDockWidget(self.docks["slices"], self.docks["peaks"], Qt.Orientation.Horizontal)
        self.docks["peaks"].hide()
        for key in ("slices", "peaks"):
            self.docks[key].visibilityChanged.connect(lambda on: self._size_bottom_docks() if on else None)
        self.crosshair = Crosshair(self.state, self.docks["slices"], self.slices, self.viewer,
                                   self._route_click, self.hover_text,
                                   lambda text: self.statusBar().showMessage(text, 5000))
        self.peaks = PeaksControl(self.state, self.docks["peaks"], self.peak_view, self.crosshair)

    def _size_bottom_docks(self) -> None:
        """A shown slice or peak dock gets room: a third of the height, the peaks two fifths of the width."""
        slices, peaks = self.docks["slices"], self.docks["peaks"]
        shown = [dock for dock in (slices, peaks) if dock.isVisible()]
        self.resizeDocks(shown, [max(260, self.height() // 3)] * len(shown), Qt.Orientation.Vertical)
        if len(shown) == 2:
            width = self.centralWidget().width() + slices.width() + peaks.width()
            self.resizeDocks(shown, [width * 3 // 5, width * 2 // 5], Qt.Orientation.Horizontal)

    def _fit_docks(self, *_: object) -> None:
        """Fit the list and the panel to their text once the new font has reached them."""
        QTimer.singleShot(0, lambda: fit_docks(self, self.docks["regions"], self.region_list.tree,
                                               self.docks["annotation"], self.panel, self.viewer.minimumWidth()))

    def hover_text(self, text: str) -> None:
        self.hover_label.setText(text)

    def _build_menus_and_bars(self) -> None:
        self.menus = build_menu_bar(self.menuBar(), self.registry, MENUS)
        fill_menu(self.menus["Atlas"], self.registry, self.registry.ids("atlas."))
        self.library.fill_tour_menu(self.menus["Tours"], self.presenter.start)
        self.toolbar = QToolBar("Views", self)
        self.toolbar.setObjectName("toolbar-views")
        fill_menu(self.toolbar, self.registry, TOOLBAR)
        self.addToolBar(self.toolbar)
        self.hover_label = QLabel("")
        self.credit_label = ElidedLabel("")
        self.statusBar().addWidget(self.hover_label, 1)
        self.statusBar().addPermanentWidget(self.credit_label)
        self.statusBar().addPermanentWidget(self.library.button)
        self.registry["hemi.both"].setChecked(True)
        self.registry["theme.colour_safe"].setChecked(self.settings.colour_safe)

    def _wire(self) -> None:
        """Who listens to whom. A click: viewer -> _route_click -> navigation -> state -> panel and scene."""
        state, actions = self.state, self.registry
        self.viewer.label_clicked.connect(self._route_click)
        self.viewer.label_clicked.connect(self.crosshair.follow_click)
        self.viewer.label_hovered.connect(lambda lid: self.hover_label.setText(self.navigation.hover_text(lid)))
        state.atlas_changed.connect(self._on_atlas)
        state.show_all_changed.connect(lambda on: actions["view.show_all"].setChecked(on))
        state.hemispheres_changed.connect(lambda mode: actions[f"hemi.{mode}"].setChecked(True))
        state.circuits_changed.connect(self._on_circuits)
        self.library.content_changed.connect(self.navigation.set_content)
        self.library.content_changed.connect(lambda content: self.scenes.set_links(content.links))
        self.library.content_changed.connect(
            lambda _content: self.library.fill_tour_menu(self.menus["Tours"], self.presenter.start))
        self.library.content_changed.connect(lambda content: self.quiz_panel.setup(state.atlas, content))
        self.theme.palette_changed.connect(lambda _regions: self.region_list.populate(state.atlas,
                                                                                      self.library.content))
        self.theme.palette_changed.connect(self.scenes.restyle)
        self.theme.fonts_changed.connect(self._fit_docks)
        self.theme.palette_changed.connect(lambda _regions: self.slices.restyle())
        self.theme.contrast_changed.connect(lambda _on: self.navigation.show_selection(state.selection))
        self.full_screen = FullScreenPresentation(self, self.band, actions, self.settings, PRESENTER_KEYS,
                                                  lambda: self.docks.values(),
                                                  lambda: (self.toolbar, self.menuBar(), self.statusBar()))
        self.presenter.started.connect(self.full_screen.enter)
        self.presenter.stopped.connect(self.full_screen.leave)
        self.presenter.blank_changed.connect(lambda on: self.stack.setCurrentIndex(1 if on else 0))

    def _route_click(self, hit: Hit | None) -> None:
        """A quiz waiting for a click in 3D takes it; otherwise it selects (or shows a circuit link)."""
        if self.quiz.wants_click() and not is_link(hit):
            self.quiz.answer_click(hit.label_id if hit else None)
        else:
            self.navigation.select_hit(hit)

    # --- atlas ----------------------------------------------------------------------
    def show_atlas(self, atlas: Atlas, meshes: MeshSet) -> None:
        """Put an atlas on screen (start-up or switch), keeping view and hemisphere choices."""
        self.scenes.show_atlas(atlas, meshes)
        self.state.set_atlas(atlas)  # clears the selection, which restyles and renders once

    def _on_atlas(self, atlas: Atlas) -> None:
        self.region_list.populate(atlas, self.library.content)
        self._fit_docks()
        self.quiz_panel.setup(atlas, self.library.content)
        self.credit_label.setText(f"Atlas: {atlas.manifest.credit} · {atlas.manifest.licence}")
        self.credit_label.setToolTip(f"{self.credit_label.full_text()}\n{atlas.manifest.url}")
        if f"atlas.{atlas.id}" in self.registry.actions:
            self.registry[f"atlas.{atlas.id}"].setChecked(True)

    def switch_atlas(self, manifest: AtlasManifest) -> None:
        if self.state.atlas and self.state.atlas.manifest == manifest:
            return
        try:
            atlas, meshes = load_atlas(manifest, self.theme.regions, self)
        except ExplorerError as exc:
            QMessageBox.warning(self, "Cannot load atlas", str(exc))
            return
        self.show_atlas(atlas, meshes)

    def open_atlas_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open atlas", "", "Atlas (*.nii *.nii.gz *.toml)")
        if path:
            try:
                self.switch_atlas(resolve(path, self.manifests))
            except ExplorerError as exc:
                QMessageBox.warning(self, "Cannot load atlas", str(exc))

    def set_view(self, name: str) -> None:
        self.scenes.set_view(name)

    def _on_circuits(self, on: bool) -> None:
        self.registry["view.circuits"].setChecked(on)
        self.statusBar().showMessage("Circuit view: click a tube to see what supports it." if on else "", 5000)

    # --- presenting -------------------------------------------------------------------
    def present(self) -> None:
        tours = self.library.tours.tours
        tour = tours.get(self.settings.last_tour) or next(iter(tours.values()), None)
        if tour is None:
            QMessageBox.information(self, "No tours", "There is no working tour in annotations/tours/.")
            return
        self.presenter.start(tour)

    # --- dialogs and window state -------------------------------------------------------
    def show_shortcuts(self) -> None:
        self.shortcuts_window = dialogs.ShortcutsWindow(self, self.registry.shortcut_rows())
        self.shortcuts_window.show()

    def show_credits(self) -> None:
        dialogs.show_credits(self, self.manifests)

    def restore_window_state(self) -> None:
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)

    def closeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        self.presenter.stop()
        self.navigation.stop_workers()
        self.crosshair.others.stop()
        self.notes_box.save()
        self.settings.geometry, self.settings.window_state = self.saveGeometry(), self.saveState()
        if self.state.atlas:
            self.settings.last_atlas = self.state.atlas.id
        self.settings.save()
        super().closeEvent(event)

