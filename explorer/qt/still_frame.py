"""One anti-aliased frame once the 3D view has come to rest, like ParaView's still render.

Under software GL, FXAA costs about three plain frames (explorer/render/lighting.py `antialias`),
so the window draws every frame plain, and STILL_MS after the last one, when nothing moves, draws
the same view once more with FXAA. Any new frame (a click, a drag, a glide, a hover outline) shows
plain again and waits for the next still moment; starting to drag or glide cancels a pending one.
FXAA is switched on for that one frame only: every other render (drags, readbacks) stays plain.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from explorer.render.lighting import antialias

STILL_MS = 300


class StillFrame(QObject):
    """Draws the anti-aliased still frame of a QtInteractor (pyvistaqt) when its view rests."""

    def __init__(self, plotter, moving: Callable[[], bool], parent: QObject | None = None,
                 delay_ms: int = STILL_MS) -> None:
        super().__init__(parent)
        self.plotter, self.moving = plotter, moving
        self.enabled = True
        self.refined = False  # is the frame last drawn the anti-aliased one?
        self.count = 0  # anti-aliased frames drawn (tests and benchmarks read it)
        self._refining = False
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._refine)
        self._tag = plotter.ren_win.AddObserver("EndEvent", self._frame_done)

    @property
    def pending(self) -> bool:
        """Is a still frame waiting for the view to rest?"""
        return self._timer.isActive() or self._refining

    def _frame_done(self, *_: object) -> None:
        if self._refining:  # the still frame itself: later frames are plain again
            self._refining = False
            antialias(self.plotter.renderer, False)
            self.refined = True
            self.count += 1
            return
        self.refined = False
        if self.enabled:
            self._timer.start()

    def _refine(self) -> None:
        if not self.enabled or not self.plotter.isVisible():  # a hidden view paints nothing: no FXAA left on
            return
        if self.moving():  # e.g. the mouse is held still in the middle of a drag
            self._timer.start()
            return
        self._refining = True
        antialias(self.plotter.renderer, True)
        self.plotter.update()  # the widget renders when it paints

    def cancel(self) -> None:
        """The view starts moving: no still frame until it rests again."""
        self._timer.stop()
        if self._refining:
            self._refining = False
            antialias(self.plotter.renderer, False)

    def remove(self) -> None:
        self.cancel()
        self.plotter.ren_win.RemoveObserver(self._tag)
