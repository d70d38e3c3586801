"""Load an atlas and its meshes, showing a progress dialog only when real work is needed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from explorer.model.atlas import Atlas
from explorer.model.manifest import AtlasManifest
from explorer.model.regions import RegionDef
from explorer.render.mesh_cache import MeshSet, load_meshes


class _Progress:
    """A progress callback that opens its dialog on the first report (cold cache only)."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.parent, self.title = parent, title
        self.dialog: QProgressDialog | None = None

    def __call__(self, fraction: float, message: str) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(message, "", 0, 100, self.parent)
            self.dialog.setWindowTitle(self.title)
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
        self.dialog.setLabelText(f"{message}…\nThis happens once; the result is cached.")
        self.dialog.setValue(int(fraction * 100))
        QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def load_atlas(
    manifest: AtlasManifest, regions: dict[str, RegionDef], parent: QWidget | None = None
) -> tuple[Atlas, MeshSet]:
    progress = _Progress(parent, f"Preparing {manifest.name}")
    try:
        atlas = Atlas.load(manifest, regions, progress)
        return atlas, load_meshes(atlas, progress=progress)
    finally:
        progress.close()
