"""Frames at half resolution while the camera moves (rotating drags and glides), full at rest.

Under software GL a frame's cost is mostly per pixel (bench/frames.py: a 640x400 view drew in a
third of the 1280x800 time). While the camera moves, the render window draws REDUCTION times fewer
pixels per side and the widget stretches the frame to its full size when it paints (pyvistaqt
blits VTK's frame with linear filtering), as ParaView's interactive image reduction does. The
interactor keeps the full size, so mouse positions are unchanged; the trackball style turns the
camera by the mouse's travel divided by the window's width, so its motion factor is scaled by
the same amount to keep the rotation speed. `restore` puts back the widget's full size exactly.
"""

from __future__ import annotations

REDUCTION = 2


class ReducedFrames:
    """Switches a QtInteractor's render window between reduced and full resolution."""

    def __init__(self, plotter) -> None:
        self.plotter = plotter
        self.enabled = True
        self._motion: float | None = None  # the style's motion factor while reduced

    @property
    def active(self) -> bool:
        return self._motion is not None

    def full_size(self) -> tuple[int, int]:
        """The widget's size in device pixels (what pyvistaqt gives the render window)."""
        ratio = self.plotter.devicePixelRatioF()
        return max(1, round(self.plotter.width() * ratio)), max(1, round(self.plotter.height() * ratio))

    def reduce(self) -> None:
        if self.active or not self.enabled:
            return
        style = self.plotter.iren.interactor.GetInteractorStyle()
        self._motion = style.GetMotionFactor() if style is not None else 0.0
        if style is not None:
            style.SetMotionFactor(self._motion / REDUCTION)
        width, height = self.full_size()
        self._resize(max(1, width // REDUCTION), max(1, height // REDUCTION))

    def restore(self) -> None:
        if not self.active:
            return
        style = self.plotter.iren.interactor.GetInteractorStyle()
        if style is not None:
            style.SetMotionFactor(self._motion)
        self._motion = None
        self._resize(*self.full_size())

    def _resize(self, width: int, height: int) -> None:
        """The render window's size only: the interactor keeps the widget's, for mouse positions."""
        interactor = self.plotter.iren.interactor
        full = interactor.GetSize()
        self.plotter.ren_win.SetSize(width, height)
        interactor.SetSize(*full)
