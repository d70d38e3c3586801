"""Load an atlas and its meshes in a worker thread (superqt), so the window keeps painting.

A progress dialog opens only when the loader reports real work (a cold cache); reports cross
from the worker to the GUI thread as a queued Qt signal.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from superqt.utils import create_worker

from explorer.model.atlas import Atlas
from explorer.model.manifest import AtlasManifest
from explorer.model.regions import RegionDef
from explorer.render.mesh_cache import MeshSet, load_meshes


class _Progress(QObject):
    """Thread-safe progress: `report` may be emitted from the worker; the dialog lives in the GUI thread."""

    report = Signal(float, str)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__()
        self.parent_widget, self.title = parent, title
        self.dialog: QProgressDialog | None = None
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, fraction: float, message: str) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(message, "", 0, 100, self.parent_widget)
            self.dialog.setWindowTitle(self.title)
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
        self.dialog.setLabelText(f"{message}…\nThis happens once; the result is cached.")
        self.dialog.setValue(int(fraction * 100))

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def load_atlas(manifest: AtlasManifest, regions: dict[str, RegionDef],
               parent: QWidget | None = None) -> tuple[Atlas, MeshSet]:
    """Load off the GUI thread and wait for it with an event loop (paint events keep flowing)."""
    progress = _Progress(parent, f"Preparing {manifest.name}")

    def work() -> tuple[Atlas, MeshSet]:
        atlas = Atlas.load(manifest, regions, progress.report.emit)
        return atlas, load_meshes(atlas, progress=progress.report.emit)

    outcome: dict[str, object] = {}
    loop = QEventLoop()
    worker = create_worker(work, _start_thread=False)
    worker.returned.connect(lambda value: outcome.setdefault("value", value))
    worker.errored.connect(lambda exc: outcome.setdefault("error", exc))
    worker.finished.connect(loop.quit)
    worker.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # the worker's signals arrive queued
    progress.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
