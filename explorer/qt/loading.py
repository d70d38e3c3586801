"""Load an atlas and its meshes in a worker thread, so the window keeps painting.

A progress dialog opens only when the loader reports real work (a cold cache); reports cross
from the worker to the GUI thread as a queued Qt signal.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.model.atlas import Atlas
from explorer.model.manifest import AtlasManifest
from explorer.model.regions import RegionDef
from explorer.render.mesh_cache import MeshSet, load_meshes


class _Progress(QObject):
    """Thread-safe progress: `report` may be emitted from the worker; the dialog lives in the GUI thread."""

    report = Signal(float, str)
    finished = Signal()  # the worker is done (its result or error is set)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__()
        self.parent_widget, self.title = parent, title
        self.dialog: QProgressDialog | None = None
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, fraction: float, message: str) -> None:
        if self.dialog is None:
            # Real work (a cold cache): meshing takes seconds and makes garbage, so the cyclic collector
            # must run even though start-up pauses it (explorer/app.py `_collector_paused`).
            gc.enable()
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

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # raised again below, in the GUI thread
            outcome["error"] = exc
        finally:
            progress.finished.emit()

    # A plain thread, not superqt's worker: importing superqt costs a quarter of a second before the first
    # frame. The queued quit reaches the loop even when the work ends before the loop starts.
    loop = QEventLoop()
    progress.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread = threading.Thread(target=run, name="load-atlas", daemon=True)
    thread.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # the worker's signals arrive queued
    thread.join()
    progress.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
