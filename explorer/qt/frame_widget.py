"""The 3D view's widget: pyvistaqt's QtInteractor, drawing each frame once, in a native child window.

Three changes to pyvistaqt's widget (a QOpenGLWidget), all about the cost of a frame under software GL:
- Frames are shown in a native child window with its own OpenGL context (explorer/qt/native_surface.py),
  not composed by Qt: a QOpenGLWidget makes Qt draw the whole main window with OpenGL for every frame.
  The widget stays underneath, for the mouse and keys and pyvista's plotter API.
- Each frame is rendered once. pyvistaqt always renders in its paint, even when the paint was scheduled
  by a render that has just finished, so every frame the app asks for with `plotter.render()` was
  rendered twice. This one skips the second render when no VTK object has been modified since the
  first finished (VTK's global modification counter), as VTK's own C++ widget does; a scene changed
  without a render is still drawn fresh.
- The frame is blitted from VTK's render framebuffer. With SwapBuffers on, VTK would first copy each
  frame, colour and depth, into its display framebuffer (at 1280x800 an empty frame took llvmpipe 6.3 ms
  with that copy and 2.1 ms without); the widget turns SwapBuffers off and fills that framebuffer only
  when pyvista reads it (`image`, which reads the front buffer: screenshots of the window).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt, Signal
from PySide6.QtWidgets import QWidget
from pyvistaqt import QtInteractor
from pyvistaqt.rwi import (
    _GLAPI,
    GL_COLOR_BUFFER_BIT,
    GL_DEPTH_TEST,
    GL_LEQUAL,
    GL_LINEAR,
    GL_SCISSOR_TEST,
    QVTKRenderWindowInteractor,
)
from vtkmodules.vtkCommonCore import vtkTimeStamp

from explorer.qt.native_surface import NativeSurface

GL_READ_FRAMEBUFFER = 0x8CA8


class FrameWidget(QtInteractor):
    """A QtInteractor whose frames go to a native window, each rendered once."""

    frame_shown = Signal()  # a frame has been swapped to the screen (Qt's frameSwapped also follows its composes)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reused = 0  # paints that showed the last render without rendering again (tests read it)
        self._clock = vtkTimeStamp()
        self._finished_at: int | None = None
        self._update_posted = False
        self.ren_win.AddObserver("WindowFrameEvent", self._frame_finished)
        self.surface = NativeSurface(self._present, self)
        self._container = QWidget.createWindowContainer(self.surface, self)
        self._container.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._container.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._adopt_surface_context()
        self.ren_win.SetSwapBuffers(False)  # no copy into VTK's display framebuffer: `_blit` reads the render one

    def _adopt_surface_context(self) -> None:
        """VTK draws with the native window's context from now on (pyvistaqt's initializeGL, for it)."""
        window = self._RenderWindow
        self._drop_fallback_context()
        if not self.surface.make_current():
            raise RuntimeError("no OpenGL context for the 3D view")
        self._ctx, self._surface = self.surface.context, self.surface
        self._gl = _GLAPI(self._ctx)
        self._ctx.aboutToBeDestroyed.connect(self._cleanup_context)
        self._set_symbol_loader(window)
        window.OpenGLInitContext()
        window.OpenGLInit()
        state = window.GetState()
        state.Reset()
        state.vtkglDepthFunc(GL_LEQUAL)
        state.vtkglEnable(GL_DEPTH_TEST)
        window.SetForceMaximumHardwareLineWidth(1)
        window.SetReadyForRendering(True)
        window.SetOwnContext(0)
        window.OpenGLInitContext()

    # The QOpenGLWidget's own context and frame are not used: the native window covers them.
    def initializeGL(self) -> None:  # noqa: N802 (Qt's names)
        pass

    def paintGL(self) -> None:  # noqa: N802
        pass

    def makeCurrent(self) -> None:  # noqa: N802 (pyvistaqt's paint calls it before its blit)
        self.surface.make_current()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._container.setGeometry(self.rect())

    def update(self, *args) -> None:
        """pyvistaqt asks for a paint after each render: a frame for the native window."""
        if args:
            super().update(*args)
            return
        if not self._update_posted:
            self._update_posted = True
            QCoreApplication.postEvent(self.surface, QEvent(QEvent.Type.UpdateRequest))

    def _now(self) -> int:
        """VTK's global modification count (reading it counts one more)."""
        self._clock.Modified()
        return self._clock.GetMTime()

    def _frame_finished(self, _window, _event: str) -> None:
        # pyvistaqt's own handler takes a frame drawn without SwapBuffers for one not meant for the
        # screen and schedules no paint; here every frame is drawn so, and each is shown.
        self._finished_at = self._now()
        if not self._in_paint:
            self.update()

    @property
    def image(self):
        """pyvista's image of the window, which it reads from VTK's display framebuffer (the front
        buffer): the last frame is copied there first, as VTK would have done with SwapBuffers on."""
        window = self.ren_win
        window.SetSwapBuffers(True)
        try:
            window.MakeCurrent()
            window.Frame()
        finally:
            window.SetSwapBuffers(False)
        return super().image

    def _present(self) -> None:
        """Render if the scene changed since the last frame, blit the frame and swap."""
        self._update_posted = False
        if not self.surface.isExposed() or not self.surface.make_current():
            return
        fresh = self._finished_at is not None and self._now() == self._finished_at + 1
        self._finished_at = None
        # pyvistaqt's paint renders unless it is already inside a paint; marked so, it blits VTK's
        # finished frame as it stands.
        self._in_paint = self._in_paint or fresh
        try:
            QVTKRenderWindowInteractor.paintGL(self)
        finally:
            self._in_paint = False
        self.reused += fresh
        self.surface.swap()
        self.frame_shown.emit()

    def _blit(self, _target_id: int, rect: QRect) -> None:
        """VTK's frame into the native window's back buffer, stretched to its size (reduced frames), opaque."""
        window, gl = self._RenderWindow, self._gl
        state = window.GetState()
        self.surface.bind_back_buffer()
        scissor = bool(gl.glIsEnabled(GL_SCISSOR_TEST))
        if scissor:  # the scissor test would clip the blit
            state.vtkglDisable(GL_SCISSOR_TEST)
        width, height = window.GetSize()
        state.PushReadFramebufferBinding()
        source = window.GetRenderFramebuffer()  # as VTK's BlitDisplayFramebuffer, from the render framebuffer
        source.Bind(GL_READ_FRAMEBUFFER)
        source.ActivateReadBuffer(0)
        state.vtkglViewport(rect.x(), rect.y(), rect.width(), rect.height())
        state.vtkglBlitFramebuffer(0, 0, width, height, rect.x(), rect.y(), rect.x() + rect.width(),
                                   rect.y() + rect.height(), GL_COLOR_BUFFER_BIT, GL_LINEAR)
        state.PopReadFramebufferBinding()
        # VTK's background has alpha 0: a window with alpha would let what is behind it show through.
        gl.glColorMask(False, False, False, True)
        gl.glClearColor(0.0, 0.0, 0.0, 1.0)
        gl.glViewport(rect.x(), rect.y(), rect.width(), rect.height())
        gl.glClear(GL_COLOR_BUFFER_BIT)
        gl.glColorMask(True, True, True, True)
        if scissor:
            window.GetState().vtkglEnable(GL_SCISSOR_TEST)
