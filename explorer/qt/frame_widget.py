"""The 3D view's widget: pyvistaqt's QtInteractor, drawing each frame once.

pyvistaqt's widget (a QOpenGLWidget) always renders in `paintGL`, even when the paint was scheduled
by a render that has just finished (its WindowFrameEvent). So every frame the app asks for with
`plotter.render()` (a click's restyle, a glide step, a focus) was rendered twice under software GL:
once when asked, and again when the widget painted, before it blitted the frame to the screen.
VTK's own C++ widget skips that second render. This one skips it too, but only when no VTK object
has been modified since that render finished (VTK's global modification counter), so a scene
changed without a render (what pyvistaqt always renders for) is still drawn fresh when painted.
"""

from __future__ import annotations

from pyvistaqt import QtInteractor
from vtkmodules.vtkCommonCore import vtkTimeStamp


class FrameWidget(QtInteractor):
    """A QtInteractor whose paint only blits a frame that is already up to date."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reused = 0  # paints that showed the last render without rendering again (tests read it)
        self._clock = vtkTimeStamp()
        self._finished_at: int | None = None
        self.ren_win.AddObserver("WindowFrameEvent", self._frame_finished)

    def _now(self) -> int:
        """VTK's global modification count (reading it counts one more)."""
        self._clock.Modified()
        return self._clock.GetMTime()

    def _frame_finished(self, window, _event: str) -> None:
        # As pyvistaqt's own handler: a frame rendered to the back buffer only is not meant for the screen.
        shown = not (window.GetDoubleBuffer() and not window.GetSwapBuffers())
        self._finished_at = self._now() if shown else None

    def paintGL(self) -> None:
        fresh = self._finished_at is not None and self._now() == self._finished_at + 1
        self._finished_at = None
        if not fresh:
            super().paintGL()
            return
        # pyvistaqt's paintGL renders unless it is already inside a paint; marked so, it blits VTK's
        # finished frame to the screen as it stands.
        self._in_paint = True
        try:
            super().paintGL()
        finally:
            self._in_paint = False
        self.reused += 1
