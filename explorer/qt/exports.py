"""File > Export image, handout, web page and rotation video, for what is on screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from explorer.model.content import ContentLibrary
from explorer.model.errors import ExplorerError
from explorer.model.figure_markers import FigureMarkers, figure_markers
from explorer.model.figure_text import figure_text
from explorer.model.notes import NotesStore
from explorer.model.state import AppState
from explorer.qt.scene_control import SceneController

if TYPE_CHECKING:  # the writers are imported when first used: start-up does not pay for them
    from explorer.qt.export_dialog import ExportDialog
    from explorer.render.markers import MarkerOverlay
    from explorer.render.spin import SpinRequest

NO_TOUR = "No tour"
VIDEO_FILTERS = {"MP4 video (*.mp4)": ".mp4", "Animated GIF (*.gif)": ".gif"}


class Exports(QObject):
    """Builds export requests from the state and the camera, so a file matches the screen."""

    def __init__(self, state: AppState, scenes: SceneController, content: Callable[[], ContentLibrary],
                 notes: NotesStore, parent: QWidget,
                 overlay: Callable[[], MarkerOverlay | None] = lambda: None) -> None:
        super().__init__(parent)
        self.state, self.scenes, self.content, self.notes, self.parent_widget = state, scenes, content, notes, parent
        self._spin_defaults: SpinRequest | None = None
        self.last_message = ""
        self.overlay = overlay  # the window's crosshair and table-peak layer, once the window has made it

    @property
    def spin_defaults(self) -> SpinRequest:
        """The rotation video's settings (1280x720, 8 s, 30 fps), made when first asked for."""
        if self._spin_defaults is None:
            from explorer.render.spin import SpinRequest

            self._spin_defaults = SpinRequest()
        return self._spin_defaults

    @spin_defaults.setter
    def spin_defaults(self, request: SpinRequest) -> None:
        self._spin_defaults = request

    def dialog(self) -> ExportDialog:
        """The export dialog for what is on screen: same selection, hemispheres and camera."""
        from explorer.qt.export_dialog import ExportDialog
        from explorer.render.export import ExportRequest

        scene = self.scenes.viewer.scene
        # A standard view is re-framed for the image's shape; a hand-turned camera is kept as is.
        camera = scene.camera_state() if scene.camera_moved() else None
        base = ExportRequest(None, scene.view_name, show_all=self.state.show_all,
                             hemispheres=self.state.hemispheres, camera=camera, markers=self.markers())
        return ExportDialog(self.state.atlas, self.scenes.meshes, self.content(), self.state.selection, base,
                            self.parent_widget)

    def markers(self) -> FigureMarkers:
        """The markers the 3D view shows: the page's study peaks, the crosshair and a pasted table's peaks."""
        overlay = self.overlay()
        crosshair = overlay.crosshair_point() if overlay else None
        table = overlay.peak_points if overlay and overlay.peaks.GetVisibility() else ()
        selection = self.state.selection
        return figure_markers(selection, self.state.atlas, self.content(), crosshair, table,
                              self.scenes.peaks_for(selection))

    def export_image(self) -> None:
        self.dialog().exec()

    def export_handout(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export handout", "social-brain.pdf",
                                              "PDF (*.pdf)")
        if not name:
            return
        from explorer.render.handout import write_handout

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_handout(self.state.atlas, self.scenes.meshes, self.content(), Path(name), self.notes.all())
        except (ExplorerError, OSError) as exc:
            QMessageBox.critical(self.parent_widget, "Export failed", f"Could not write {name}:\n{exc}")
        finally:
            QApplication.restoreOverrideCursor()

    def export_web(self) -> None:
        """One offline HTML page of the brain and its texts, with a tour if the user picks one."""
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export as web page", "social-brain.html",
                                              "Web page (*.html)")
        if not name:
            return
        content = self.content()
        tours = {f"{t.title} ({t.id})": t for t in content.tours.tours.values()}
        choice = NO_TOUR
        if tours:
            choice, ok = QInputDialog.getItem(self.parent_widget, "Export as web page",
                                              "Tour to include (Next/Previous and clicker keys on the page):",
                                              [NO_TOUR, *tours], 0, False)
            if not ok:
                return
        path = Path(name) if Path(name).suffix.lower() in (".html", ".htm") else Path(name).with_suffix(".html")
        from explorer.render.web_lesson import write_lesson

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_lesson(path, self.state.atlas, self.scenes.meshes, content, tours.get(choice))
        except (ExplorerError, OSError) as exc:
            QMessageBox.critical(self.parent_widget, "Export failed", f"Could not write {path}:\n{exc}")
        finally:
            QApplication.restoreOverrideCursor()

    def export_spin(self) -> None:
        """A rotation video of what is selected, from the current standard view, with a cancelable progress bar."""
        name, chosen = QFileDialog.getSaveFileName(self.parent_widget, "Export rotation video", "brain-spin.mp4",
                                                   ";;".join(VIDEO_FILTERS))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in VIDEO_FILTERS.values():
            path = path.with_name(path.name + VIDEO_FILTERS.get(chosen, ".mp4"))
        from explorer.render.spin import SpinCancelled, write_spin

        state = self.state
        request = replace(self.spin_defaults, selection=state.selection,
                          view=self.scenes.viewer.scene.view_name, show_all=state.show_all,
                          hemispheres=state.hemispheres, markers=self.markers())
        text = figure_text(state.atlas, self.content(), state.selection, request.callouts, True)
        progress = QProgressDialog("Rendering the rotation video…", "Cancel", 0, 100, self.parent_widget)
        progress.setWindowTitle("Export rotation video")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()  # paint the bar and take the Cancel click between frames
            return not progress.wasCanceled()

        try:
            write_spin(state.atlas, self.scenes.meshes, request, path, text, step)
        except SpinCancelled:
            self.status(f"Rotation video cancelled; {path.name} was not written")
        except (ExplorerError, OSError) as exc:
            QMessageBox.critical(self.parent_widget, "Export failed", f"Could not write {path}:\n{exc}")
        else:
            self.status(f"Saved {path}")
        finally:
            progress.close()

    def status(self, text: str) -> None:
        self.last_message = text
        if isinstance(self.parent_widget, QMainWindow):
            self.parent_widget.statusBar().showMessage(text, 8000)
