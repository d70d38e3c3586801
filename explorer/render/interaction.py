"""Tell a click from a drag on a VTK interactor, and report hover positions.

Left-drag rotates, the wheel zooms, right or middle drag pans (the interactor style does
those); a press and release within a few pixels is a click and selects. A drag never does.

The left press is held back from the interactor style until the mouse has moved past the
drag threshold. So a plain click never starts (and ends) a rotation, which would cost a
full re-render before the click is even handled.
"""

from __future__ import annotations

from collections.abc import Callable

DRAG_THRESHOLD_PX = 4
PointCallback = Callable[[int, int], None]


class ClickOrDrag:
    """Observers on a vtkRenderWindowInteractor that call back with display coordinates."""

    def __init__(
        self,
        interactor,
        on_click: PointCallback,
        on_hover: PointCallback | None = None,
        on_drag: Callable[[bool], None] | None = None,
        on_drag_move: Callable[[], None] | None = None,
    ) -> None:
        self.interactor = interactor
        self.on_click, self.on_hover, self.on_drag = on_click, on_hover, on_drag
        self.on_drag_move = on_drag_move
        self._press: tuple[int, int] | None = None
        self._dragging = False
        self._other_button = False
        self._press_tag = interactor.AddObserver("LeftButtonPressEvent", self._pressed, 100.0)
        passive = [
            interactor.AddObserver("LeftButtonReleaseEvent", self._released, 10.0),
            interactor.AddObserver("MouseMoveEvent", self._moved, 10.0),
            interactor.AddObserver("RightButtonPressEvent", self._other_pressed, 10.0),
            interactor.AddObserver("MiddleButtonPressEvent", self._other_pressed, 10.0),
            interactor.AddObserver("RightButtonReleaseEvent", self._other_released, 10.0),
            interactor.AddObserver("MiddleButtonReleaseEvent", self._other_released, 10.0),
        ]
        # Once the style has grabbed the event focus for a drag, only passive observers
        # still hear moves and the release.
        for tag in passive:
            interactor.GetCommand(tag).SetPassiveObserver(True)
        self._tags = [self._press_tag, *passive]

    def remove(self) -> None:
        for tag in self._tags:
            self.interactor.RemoveObserver(tag)

    def _pos(self) -> tuple[int, int]:
        x, y = self.interactor.GetEventPosition()
        return int(x), int(y)

    def _pressed(self, *_: object) -> None:
        self._press = self._pos()
        self._dragging = False
        self.interactor.GetCommand(self._press_tag).SetAbortFlag(True)  # the style waits for a drag

    def _start_style_drag(self) -> None:
        style = self.interactor.GetInteractorStyle()
        if style is None:
            return
        if style.HasObserver("LeftButtonPressEvent"):
            style.InvokeEvent("LeftButtonPressEvent")  # e.g. PyVista's custom trackball style
        else:
            style.OnLeftButtonDown()

    def _moved(self, *_: object) -> None:
        x, y = self._pos()
        if self._press is not None:
            if not self._dragging and max(abs(x - self._press[0]), abs(y - self._press[1])) > DRAG_THRESHOLD_PX:
                self._dragging = True
                if self.on_drag:
                    self.on_drag(True)
                self._start_style_drag()
            if self._dragging and self.on_drag_move:
                self.on_drag_move()
        elif self._other_button:
            if self.on_drag_move:
                self.on_drag_move()
        elif self.on_hover:
            self.on_hover(x, y)

    def _released(self, *_: object) -> None:
        press, was_dragging = self._press, self._dragging
        self._press, self._dragging = None, False
        if was_dragging:
            if self.on_drag:
                self.on_drag(False)  # before the style's closing render, which then shows it all
        elif press is not None:
            self.on_click(*press)

    def _other_pressed(self, *_: object) -> None:
        self._other_button = True
        if self.on_drag:
            self.on_drag(True)

    def _other_released(self, *_: object) -> None:
        self._other_button = False
        if self.on_drag:
            self.on_drag(False)
