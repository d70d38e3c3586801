"""The main window: 3D view in the centre, region list on the left, annotation on the right."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QActionGroup, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolBar,
    QWidget,
)

from explorer.model.atlas import Atlas
from explorer.model.catalog import resolve
from explorer.model.content import ContentLibrary, load_content
from explorer.model.errors import ExplorerError, Problem
from explorer.model.history import History
from explorer.model.manifest import AtlasManifest
from explorer.model.notes import NotesStore
from explorer.model.panel_html import region_panel_html
from explorer.model.regions import RegionDef
from explorer.model.state import (
    AppState,
    Selection,
    selection_for_label,
    selection_for_region,
    selection_for_topic,
)
from explorer.qt.actions import build_hemisphere_actions, build_view_actions, make_action
from explorer.qt.annotation_panel import WELCOME, AnnotationPanel
from explorer.qt.export_dialog import ExportDialog
from explorer.qt.loading import load_atlas
from explorer.qt.region_list import RegionList
from explorer.qt.source_viewer import SourceViewer
from explorer.qt.viewer import BrainViewer
from explorer.render.export import ExportRequest
from explorer.render.handout import write_handout
from explorer.render.mesh_cache import MeshSet
from explorer.render.views import VIEWS

PANEL_POINT_SIZE = 12


class MainWindow(QMainWindow):
    """Owns the widgets and keeps them in step with the AppState."""

    def __init__(
        self,
        state: AppState,
        content: ContentLibrary,
        manifests: dict[str, AtlasManifest],
        regions: dict[str, RegionDef],
        problems: list[Problem],
    ) -> None:
        super().__init__()
        self.state, self.content, self.manifests, self.regions = state, content, manifests, regions
        self.problems = problems
        self.user_hemispheres = "both"  # what the user chose, restored after a medial view
        self.current_page = None
        self.history = History()
        self.setWindowTitle("Social Brain Explorer")
        self.resize(1600, 950)
        self.viewer = BrainViewer(self)
        self.setCentralWidget(self.viewer)
        self.region_list = RegionList()
        self.panel = AnnotationPanel()
        self.panel.setFont(QFont(self.panel.font().family(), PANEL_POINT_SIZE))
        self.extra_packs: list[Path] = []
        self.notes = NotesStore()
        self.source_viewer: SourceViewer | None = None
        self._dock("Regions", self.region_list, Qt.DockWidgetArea.LeftDockWidgetArea, 300)
        self._dock("Annotation", self.panel, Qt.DockWidgetArea.RightDockWidgetArea, 460)
        self._build_status_bar()
        self._build_menus()
        self.viewer.label_clicked.connect(self._on_click)
        self.viewer.label_hovered.connect(self._on_hover)
        self.region_list.chosen.connect(self.choose)
        self.panel.navigate.connect(self.choose)
        self.panel.quote_clicked.connect(self.show_quote_source)
        state.selection_changed.connect(self._on_selection)
        state.hemispheres_changed.connect(lambda _mode: self._restyle())
        state.show_all_changed.connect(lambda _on: self._restyle())

    # --- layout ---------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, width: int) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
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
        self.problems_button.clicked.connect(self.show_problems)
        bar.addPermanentWidget(self.problems_button)
        self._update_problems()

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(make_action(self, "Open atlas file…", "Ctrl+O", self.open_atlas_file,
                                        "Load a label NIfTI with a dseg.tsv, or an atlas manifest"))
        file_menu.addAction(make_action(self, "Export image…", "Ctrl+E", self.export_image,
                                        "Save an annotated image for slides or handouts"))
        file_menu.addAction(make_action(self, "Export handout (PDF)…", None, self.export_handout,
                                        "A printable page per teaching region"))
        file_menu.addSeparator()
        file_menu.addAction(make_action(self, "Add annotation folder…", None, self.add_pack,
                                        "Load a folder of your own annotations (remembered)"))
        file_menu.addAction(make_action(self, "Forget added annotation folders", None, self.forget_packs))
        file_menu.addSeparator()
        file_menu.addAction(make_action(self, "Quit", "Ctrl+Q", self.close))
        view_menu = menus.addMenu("&View")
        toolbar = QToolBar("Views", self)
        toolbar.setObjectName("toolbar-views")
        self.addToolBar(toolbar)
        self.view_actions = build_view_actions(self, view_menu, toolbar, self.set_view)
        view_menu.addSeparator()
        toolbar.addSeparator()
        self.hemi_actions = build_hemisphere_actions(self, view_menu, toolbar, self.set_user_hemispheres)
        toolbar.addSeparator()
        self.show_all_action = make_action(self, "Show all regions", "A", self.state.set_show_all,
                                           "Draw every atlas region opaque", checkable=True)
        view_menu.addAction(self.show_all_action)
        toolbar.addAction(self.show_all_action)
        view_menu.addAction(make_action(self, "Search regions", "Ctrl+F", self._focus_search))
        view_menu.addAction(make_action(self, "Clear selection", "Esc", lambda: self.state.select(None)))
        view_menu.addSeparator()
        self.back_action = make_action(self, "Back", "Alt+Left", self.go_back, "Previous region or topic")
        self.forward_action = make_action(self, "Forward", "Alt+Right", self.go_forward, "Next region or topic")
        view_menu.addActions([self.back_action, self.forward_action])
        view_menu.addSeparator()
        view_menu.addAction(make_action(self, "Larger text", "Ctrl++", lambda: self.scale_fonts(1.15)))
        view_menu.addAction(make_action(self, "Smaller text", "Ctrl+-", lambda: self.scale_fonts(1 / 1.15)))
        view_menu.addAction(make_action(self, "Normal text size", "Ctrl+0", lambda: self.scale_fonts(None)))
        self.addAction(make_action(self, "Larger text", "Ctrl+=", lambda: self.scale_fonts(1.15)))
        self.atlas_menu = menus.addMenu("&Atlas")
        self.atlas_group = QActionGroup(self)
        for atlas_id, manifest in self.manifests.items():
            action = make_action(self, manifest.name, None, lambda _=False, m=manifest: self.switch_atlas(m),
                                 checkable=True)
            action.setData(atlas_id)
            self.atlas_group.addAction(action)
            self.atlas_menu.addAction(action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(make_action(self, "Atlas credits and licences", None, self.show_credits))
        help_menu.addAction(make_action(self, "Content warnings", None, self.show_problems))

    # --- atlas ----------------------------------------------------------------------
    def show_atlas(self, atlas: Atlas, meshes: MeshSet) -> None:
        """Put an atlas on screen (start-up or switch), keeping view and hemisphere choices."""
        view = self.viewer.scene.view_name if self.viewer.scene else "default"
        self.meshes = meshes
        scene = self.viewer.show_atlas(atlas, meshes)
        scene.set_view(view)
        self.region_list.populate(atlas, self.content)
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

    def _on_click(self, hit: object) -> None:
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
        self._restyle(defer_render=True)

    def _list_key(self, selection: Selection | None) -> tuple[str | None, object]:
        if selection is None:
            return None, None
        if selection.topic_id:
            return "topic", selection.topic_id
        if selection.region_id:
            return "region", selection.region_id
        return "label", selection.clicked_label

    def _update_panel(self, selection: Selection | None) -> None:
        self.current_page = None
        if selection is None:
            self.panel.show_html(WELCOME, {}, {})
            return
        atlas, lib = self.state.atlas, self.content
        if selection.topic_id:
            page = lib.annotations.get(selection.topic_id)
            title = page.title if page else selection.topic_id
        elif selection.region_id:
            page = lib.for_region(selection.region_id)
            title = atlas.region_defs[selection.region_id].title
        else:
            page = None
            title = atlas.labels[selection.clicked_label].full_name
        self.current_page = page
        html = region_panel_html(page, title, atlas, selection, lib)
        keys = page.references if page else ()
        refs = [lib.references[k] for k in keys if k in lib.references]
        self.panel.show_html(html, {r.key: r.apa() for r in refs}, {r.key: r.bibtex for r in refs})

    def _restyle(self, defer_render: bool = False) -> None:
        scene = self.viewer.scene
        if scene is None:
            return
        scene.apply(self.state.selection, self.state.show_all, self.state.hemispheres)
        self.show_all_action.setChecked(self.state.show_all)
        self.hemi_actions[self.state.hemispheres].setChecked(True)
        if defer_render:
            QTimer.singleShot(0, self.viewer.plotter.render)
        else:
            self.viewer.plotter.render()

    # --- views and hemispheres --------------------------------------------------------
    def set_view(self, name: str) -> None:
        view = VIEWS[name]
        self.state.set_hemispheres(view.hemisphere or self.user_hemispheres)
        self.viewer.scene.set_view(name)
        self.viewer.plotter.render()

    def set_user_hemispheres(self, mode: str) -> None:
        self.user_hemispheres = mode
        self.state.set_hemispheres(mode)

    def _focus_search(self) -> None:
        self.region_list.search.setFocus()
        self.region_list.search.selectAll()

    # --- history, sources, fonts, packs ----------------------------------------------
    def go_back(self) -> None:
        self._go(self.history.back())

    def go_forward(self) -> None:
        self._go(self.history.forward())

    def _go(self, entry: tuple[str, object] | None) -> None:
        if entry is not None:
            with self.history.replaying():
                self.choose(*entry)

    def show_quote_source(self, index: int) -> SourceViewer | None:
        page = self.current_page
        if page is None or not 0 <= index < len(page.quotes):
            return None
        quote = page.quotes[index]
        source = self.content.sources.get(quote.source)
        if source is None:
            return None
        viewer = SourceViewer(source, quote.text, self)
        viewer.setFont(self.panel.font())
        viewer.show()
        self.source_viewer = viewer
        return viewer

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
        self.font_scale = scale

    def add_pack(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Annotation folder")
        if folder:
            settings = QSettings()
            packs = list(settings.value("annotation_packs", []) or [])
            if folder not in packs:
                settings.setValue("annotation_packs", [*packs, folder])
            self.reload_content([*self.extra_packs, Path(folder)])

    def forget_packs(self) -> None:
        QSettings().setValue("annotation_packs", [])
        self.reload_content([])

    def reload_content(self, packs: list[Path]) -> None:
        self.extra_packs = packs
        self.content = load_content(packs, known_regions=set(self.regions))
        self.region_list.populate(self.state.atlas, self.content)
        self._update_problems()
        self._update_panel(self.state.selection)

    # --- export ------------------------------------------------------------------------
    def export_dialog(self) -> ExportDialog:
        """The export dialog for what is on screen: same selection, hemispheres and camera."""
        scene = self.viewer.scene
        # A standard view is re-framed for the image's shape; a hand-turned camera is kept as is.
        camera = scene.camera_state() if scene.camera_moved() else None
        base = ExportRequest(None, scene.view_name, show_all=self.state.show_all,
                             hemispheres=self.state.hemispheres, camera=camera)
        return ExportDialog(self.state.atlas, self.meshes, self.content, self.state.selection, base, self)

    def export_image(self) -> None:
        self.export_dialog().exec()

    def export_handout(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export handout", "social-brain.pdf", "PDF (*.pdf)")
        if not name:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_handout(self.state.atlas, self.meshes, self.content, Path(name), self.notes.all())
        except (ExplorerError, OSError) as exc:
            QMessageBox.critical(self, "Export failed", f"Could not write {name}:\n{exc}")
        finally:
            QApplication.restoreOverrideCursor()

    # --- dialogs ----------------------------------------------------------------------
    def show_credits(self) -> None:
        rows = "".join(f"<p><b>{escape(m.name)}</b><br/>{escape(m.credit)}<br/>Licence: {escape(m.licence)}"
                       f"<br/><small>{escape(m.url)}</small></p>" for m in self.manifests.values())
        QMessageBox.information(self, "Atlas credits and licences",
                                rows + "<p>MNI152 template outline: ICBM 2009 (via nilearn).</p>")

    def _update_problems(self) -> None:
        count = len(self.problems) + len(self.content.problems)
        self.problems_button.setText(f"⚠ {count} content warning(s)" if count else "")
        self.problems_button.setVisible(bool(count))

    def show_problems(self) -> None:
        lines = [str(p) for p in [*self.problems, *self.content.problems]] or ["No problems found."]
        box = QMessageBox(QMessageBox.Icon.Warning if len(lines) > 1 or lines[0] != "No problems found."
                          else QMessageBox.Icon.Information, "Content warnings",
                          "These files were skipped or have problems; everything else loaded.", parent=self)
        box.setDetailedText("\n".join(lines))
        box.exec()
