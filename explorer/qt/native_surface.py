"""A native child window that the 3D view's frames are shown in, with an OpenGL context of its own.

A QOpenGLWidget (what pyvistaqt's widget is) turns on OpenGL composition for its whole top-level
window: every frame is copied into the widget's texture, and Qt then draws the whole window with
OpenGL and swaps it. Under software GL that costs more than drawing the brain (bench/widget_paths.py:
a QOpenGLWidget that only clears took 29 ms per frame to the screen in a 2080x920 window, a native
child window 9.5 ms). VTK's C++ QVTKOpenGLWindow avoids it the same way: VTK renders into its own
framebuffer with this window's context, the frame is blitted into the window's back buffer and the
window swaps by itself. The rest of the main window stays a plain raster window.

The window is transparent for input: mouse and key events go to the widget below it (pyvistaqt's
interactor), which handles them as before. Where a platform still delivers input to the window,
it is passed on to that widget.
"""

from __future__ import annotations

import ctypes

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QOpenGLContext, QSurface, QSurfaceFormat, QWindow

GL_FRAMEBUFFER = 0x8D40
GL_BACK = 0x0405
_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
          QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
          QEvent.Type.Enter, QEvent.Type.Leave}


class NativeSurface(QWindow):
    """The window the frames are swapped to; asks its owner to draw on expose and update requests."""

    def __init__(self, draw, host: QObject) -> None:
        super().__init__()
        self._host = host  # the widget below, which handles the input
        self.setSurfaceType(QSurface.SurfaceType.OpenGLSurface)
        surface_format = QSurfaceFormat.defaultFormat()
        surface_format.setAlphaBufferSize(0)  # an opaque window: nothing behind it may show through
        # Only VTK's finished frame is blitted here (VTK draws, with its own depth, in its framebuffer). A
        # window without depth or stencil buffers costs llvmpipe less for that blit and the swap: a drag
        # frame on screen 20.2/17.4 -> 15.3/15.0 ms in alternate runs (bench/core.py's drag, 1280x800).
        surface_format.setDepthBufferSize(0)
        surface_format.setStencilBufferSize(0)
        self.setFormat(surface_format)
        self.setFlag(Qt.WindowType.WindowTransparentForInput)
        self._draw = draw
        self.context = QOpenGLContext()
        self.context.setFormat(surface_format)
        self._bind: ctypes._CFuncPtr | None = None
        self._draw_buffer: ctypes._CFuncPtr | None = None

    def make_current(self) -> bool:
        """Make the context current on this window, creating both on first use."""
        if not self.context.isValid() and not self.context.create():
            return False
        self.create()  # the native window, if it does not exist yet
        return self.context.makeCurrent(self)

    def bind_back_buffer(self) -> None:
        """Draw into the window's own back buffer (framebuffer 0), not VTK's or Qt's."""
        if self._bind is None:
            address = self.context.getProcAddress(b"glBindFramebuffer")
            self._bind = ctypes.CFUNCTYPE(None, ctypes.c_uint, ctypes.c_uint)(int(address))
            address = self.context.getProcAddress(b"glDrawBuffer")
            self._draw_buffer = ctypes.CFUNCTYPE(None, ctypes.c_uint)(int(address))
        self._bind(GL_FRAMEBUFFER, self.context.defaultFramebufferObject())
        self._draw_buffer(GL_BACK)

    def swap(self) -> None:
        self.context.swapBuffers(self)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self._draw()
            return True
        if event.type() in _INPUT:  # the window lies exactly over the widget: same local positions
            return QCoreApplication.sendEvent(self._host, event)
        return super().event(event)

    def exposeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.isExposed():
            self._draw()
