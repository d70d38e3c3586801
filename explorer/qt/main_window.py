"""The main window: 3D view in the centre, region list on the left, annotation on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.model.atlas import Atlas
from explorer.model.catalog import resolve
from explorer.model.circuits import load_links
from explorer.model.content import ContentLibrary
from explorer.model.errors import ContentError, ExplorerError, Problem
from explorer.model.history import History
from explorer.model.manifest import AtlasManifest
from explorer.model.notes import NotesStore
from explorer.model.panel_html import page_for, region_panel_html
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.regions import RegionDef
from explorer.model.state import (
    AppState,
    Selection,
    selection_for_label,
    selection_for_region,
    selection_for_topic,
)
from explorer.model.tours import load_tours
from explorer.qt.annotation_panel import WELCOME, AnnotationPanel
from explorer.qt.loading import load_atlas
from explorer.qt.menus import build_menus, fill_tour_menu
from explorer.qt.notes_box import NotesBox
from explorer.qt.presentation import PresentationBand, Presenter
from explorer.qt.quiz_panel import QuizPanel
from explorer.qt.region_list import RegionList
from explorer.qt.source_viewer import SourceViewer
from explorer.qt.viewer import BrainViewer
from explorer.qt.window_content import ContentMixin
from explorer.qt.window_modes import PANEL_POINT_SIZE, ModesMixin
from explorer.render.circuits import LINK_COLOR, link_arcs
from explorer.render.mesh_cache import MeshSet
from explorer.render.picking import Hit, LinkHit
from explorer.render.views import VIEWS


class MainWindow(ContentMixin, ModesMixin, QMainWindow):
    """Owns the widgets and keeps them in step with the AppState."""

    def __init__(self, state: AppState, content: ContentLibrary, manifests: dict[str, AtlasManifest],
                 regions: dict[str, RegionDef], problems: list[Problem]) -> None:
        super().__init__()
        self.state, self.content, self.manifests, self.regions = state, content, manifests, regions
        self.problems = list(problems)
        self.user_hemispheres = "both"  # what the user chose, restored after a medial view
        self.current_page = None
        self.history = History()
        self.tour_focus: tuple[frozenset[int], float | None] = (frozenset(), None)
        self.extra_packs: list[Path] = []
        self.notes = NotesStore()
        self.source_viewer: SourceViewer | None = None
        self.meshes: MeshSet | None = None
        self.links = self._load_links()
        self.setWindowTitle("Social Brain Explorer")
        self.resize(1600, 950)
        self.viewer = BrainViewer(self)
        self.viewer.setMinimumSize(480, 360)  # docks and restored layouts never squeeze the brain away
        self.band = PresentationBand()
        self.band.hide()
        self.blank = QWidget()
        self.blank.setStyleSheet("background: black;")
        stage = QWidget()
        row = QHBoxLayout(stage)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.viewer, 2)
        row.addWidget(self.band, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(stage)
        self.stack.addWidget(self.blank)
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
        self.quiz = QuizPanel()
        self.docks = [self._dock("Regions", self.region_list, Qt.DockWidgetArea.LeftDockWidgetArea, 300),
                      self._dock("Annotation", side, Qt.DockWidgetArea.RightDockWidgetArea, 460),
                      self._dock("Quiz", self.quiz, Qt.DockWidgetArea.LeftDockWidgetArea, 300)]
        self.tabifyDockWidget(self.docks[0], self.docks[2])  # the quiz shares the list's column
        self.docks[0].raise_()
        self.docks[2].hide()
        self.presenter = Presenter(self)
        self.tours = load_tours(ANNOTATION_DIR / "tours", set(regions), content)
        self._build_status_bar()
        build_menus(self)
        fill_tour_menu(self)
        self.viewer.label_clicked.connect(self._on_click)
        self.viewer.label_hovered.connect(self._on_hover)
        self.region_list.chosen.connect(self.choose)
        self.panel.navigate.connect(self.choose)
        self.panel.quote_clicked.connect(self.show_quote_source)
        self.quiz.highlight.connect(self._quiz_highlight)
        self.quiz.reveal.connect(lambda key: self.choose("region", key) if not key.startswith("label:")
                                 else self.choose("label", int(key[6:])))
        state.selection_changed.connect(self._on_selection)
        state.hemispheres_changed.connect(lambda _mode: self._restyle())
        state.show_all_changed.connect(lambda _on: self._restyle())

    # --- layout ---------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, width: int) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.hover_label = QLabel("")
        self.credit_label = QLabel("")
        self.credit_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.hover_label, 1)
        bar.addPermanentWidget(self.credit_label)
        self.problems_button = QPushButton("")
        self.problems_button.setFlat(True)
        self.problems_button.setToolTip("Files that were skipped or have problems")
        self.problems_button.clicked.connect(self.show_problems)
        bar.addPermanentWidget(self.problems_button)
        self._update_problems()

    def _load_links(self):
        try:
            return load_links(set(self.regions), self.content)
        except ContentError as exc:
            self.problems.append(exc.problem)
            return []

    # --- atlas ----------------------------------------------------------------------
    def show_atlas(self, atlas: Atlas, meshes: MeshSet) -> None:
        """Put an atlas on screen (start-up or switch), keeping view and hemisphere choices."""
        view = self.viewer.scene.view_name if self.viewer.scene else "default"
        self.meshes = meshes
        scene = self.viewer.show_atlas(atlas, meshes)
        scene.set_circuits(link_arcs(atlas, self.links), LINK_COLOR, self.circuit_action.isChecked())
        scene.set_view(view)
        self.region_list.populate(atlas, self.content)
        self.quiz.setup(atlas, self.content)
        self.credit_label.setText(f"Atlas: {atlas.manifest.credit} · {atlas.manifest.licence}")
        self.credit_label.setToolTip(atlas.manifest.url)
        for action in self.atlas_group.actions():
            action.setChecked(action.data() == atlas.id)
        self.state.set_atlas(atlas)  # clears the selection, which restyles and renders once

    def switch_atlas(self, manifest: AtlasManifest) -> None:
        if self.state.atlas and self.state.atlas.manifest == manifest:
            return
        try:
            atlas, meshes = load_atlas(manifest, self.regions, self)
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

    # --- selection ------------------------------------------------------------------
    def choose(self, kind: str, key: object) -> None:
        """Select by list item or link: exactly what a click on that region would do."""
        atlas = self.state.atlas
        if kind in ("region", "group"):
            if not atlas.label_ids_for(str(key)):
                self.statusBar().showMessage(f"{key} is not in the {atlas.manifest.name} atlas", 5000)
                return
            self.state.select(selection_for_region(atlas, str(key)))
        elif kind == "label":
            self.state.select(selection_for_label(atlas, int(key)))
        elif kind == "topic":
            page = self.content.annotations.get(str(key))
            if page:
                self.state.select(selection_for_topic(atlas, page.id, page.regions))

    def _on_click(self, hit: Hit | None) -> None:
        if isinstance(hit, LinkHit):
            self.show_link(hit.link)
            return
        if self.quiz.wants_click():
            self.quiz.answer_click(hit.label_id if hit else None)
            return
        self.state.select(selection_for_label(self.state.atlas, hit.label_id) if hit else None)

    def _on_hover(self, label_id: int | None) -> None:
        atlas = self.state.atlas
        if label_id is None or label_id not in atlas.labels:
            self.hover_label.setText("")
            return
        label = atlas.labels[label_id]
        region_id = atlas.label_region.get(label_id)
        region = f" · {atlas.region_defs[region_id].title}" if region_id else ""
        self.hover_label.setText(f"{label.full_name}{region}")

    def _on_selection(self, selection: Selection | None) -> None:
        # Text first: the panel is filled before the 3D view is restyled and re-rendered.
        self._update_panel(selection)
        kind, key = self._list_key(selection)
        self.region_list.mark_current(kind, key)
        if kind is not None:
            self.history.visit((kind, key))
        self._restyle()

    def _list_key(self, selection: Selection | None) -> tuple[str | None, object]:
        if selection is None:
            return None, None
        if selection.topic_id:
            return "topic", selection.topic_id
        if selection.region_id:
            return "region", selection.region_id
        return ("label", selection.clicked_label) if selection.clicked_label else (None, None)

    def _update_panel(self, selection: Selection | None) -> None:
        self.current_page = None
        kind, key = self._list_key(selection)
        if selection is None or kind is None:
            self.panel.show_html(WELCOME, {}, {})
            self.notes_box.set_key(None, "")
            return
        atlas, lib = self.state.atlas, self.content
        page, title = page_for(selection, atlas, lib)
        self.current_page = page
        html = region_panel_html(page, title, atlas, selection, lib)
        refs = [lib.references[k] for k in (page.references if page else ()) if k in lib.references]
        self.panel.show_html(html, {r.key: r.apa() for r in refs}, {r.key: r.bibtex for r in refs})
        note_key = f"{kind}:{key}" if kind != "label" else f"label:{atlas.id}:{key}"
        self.notes_box.set_key(note_key, title)

    def _restyle(self) -> None:
        scene = self.viewer.scene
        if scene is None:
            return
        shown, others = self.tour_focus
        scene.apply(self.state.selection, self.state.show_all, self.state.hemispheres, shown, others)
        self.show_all_action.setChecked(self.state.show_all)
        self.hemi_actions[self.state.hemispheres].setChecked(True)
        # On the next turn of the event loop, so the panel's new text paints before the 3D view.
        QTimer.singleShot(0, self.viewer.refresh)

    # --- views, hemispheres, circuits, themes -----------------------------------------
    def set_view(self, name: str) -> None:
        view = VIEWS[name]
        self.state.set_hemispheres(view.hemisphere or self.user_hemispheres)
        self.viewer.scene.set_view(name)
        self.viewer.refresh()
        QSettings().setValue("last_view", name)

    def set_user_hemispheres(self, mode: str) -> None:
        self.user_hemispheres = mode
        self.state.set_hemispheres(mode)

    def focus_search(self) -> None:
        self.region_list.search.setFocus()
        self.region_list.search.selectAll()

    # --- dialogs and window state -------------------------------------------------------
    def restore_window_state(self) -> None:
        settings = QSettings()
        geometry, state = settings.value("geometry"), settings.value("window_state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        self.presenter.stop()
        self.notes_box.save()
        settings = QSettings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("window_state", self.saveState())
        if self.state.atlas:
            settings.setValue("last_atlas", self.state.atlas.id)
        super().closeEvent(event)
