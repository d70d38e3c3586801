"""Window actions on content: history, sources, packs, notes, export and information dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer.model.content import load_content
from explorer.model.errors import ExplorerError
from explorer.qt import dialogs
from explorer.qt.export_dialog import ExportDialog
from explorer.qt.source_viewer import SourceViewer
from explorer.render.export import ExportRequest
from explorer.render.handout import write_handout


class ContentMixin:
    """Parts of MainWindow that read, write or show content."""

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
        self.quiz.setup(self.state.atlas, self.content)
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

    def show_credits(self) -> None:
        dialogs.show_credits(self, self.manifests)

    def show_problems(self) -> None:
        dialogs.show_problems(self, [*self.problems, *self.content.problems, *self.tours.broken.values()])

    def show_shortcuts(self) -> None:
        self.shortcuts_window = dialogs.ShortcutsWindow(self)
        self.shortcuts_window.show()

    def _update_problems(self) -> None:
        count = len(self.problems) + len(self.content.problems) + len(self.tours.broken)
        self.problems_button.setText(f"⚠ {count} content warning(s)" if count else "")
        self.problems_button.setVisible(bool(count))

    def show_notes(self) -> None:
        dialog = dialogs.NotesList(self, self.notes.all(), self.state.atlas, self.content)
        dialog.chosen.connect(lambda kind, key: self.choose(kind, key))
        dialog.exec()
