"""The brain stays centred in the 3D view when the view changes size (docks shown, hidden or widened by a
larger font, the window resized or restored by the window manager after the atlas came up)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from explorer.qt.viewer import BrainViewer


class ViewFit(QObject):
    """Watches the 3D widget's size; after a change, frames the standard view again (`BrainScene.refit`).

    A burst of resizes (a dock being dragged) costs one re-fit, on the next turn of the event loop, when
    the render window has its new size. A camera the user has turned or zoomed is left alone.
    """

    def __init__(self, viewer: BrainViewer) -> None:
        super().__init__(viewer)
        self.viewer = viewer
        self.refits = 0  # how many times the camera was framed again (for tests and benchmarks)
        self._closed = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._refit)
        viewer.plotter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and not self._closed:
            self._timer.start()
        elif event.type() == QEvent.Type.Close:  # the plotter is closing: no camera to frame any more
            self._closed = True
            self._timer.stop()
        return False

    def _refit(self) -> None:
        scene = self.viewer.scene
        if not self._closed and scene is not None and not scene.interacting and scene.refit():
            self.refits += 1
            self.viewer.refresh()
