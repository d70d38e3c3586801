"""Presentation mode: full screen, a side band with the step's text, clicker keys, smooth moves."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from explorer.model.markup import markdown_to_html, sanitise
from explorer.model.panel_html import quote_html, references_html
from explorer.model.state import Selection, selection_for_region
from explorer.model.tours import Step, Tour
from explorer.render.transition import camera_path
from explorer.render.views import VIEWS, camera_for

TRANSITION_MS = 1000
FRAME_MS = 33


class PresentationBand(QFrame):
    """The side band: 'step 3 / 8', the step title, text, quotes and references in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presentation-band")
        self.setStyleSheet("#presentation-band { background: #10151c; } QLabel { color: #f0f0f0; }")
        self.counter = QLabel("")
        self.counter.setAccessibleName("Step number")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setStyleSheet("QTextBrowser { background: #10151c; color: #f4f4f4; border: none; }")
        self.text.document().setDefaultStyleSheet("a { color: #9fd3ff; text-decoration: none; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.counter)
        layout.addWidget(self.text, 1)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        self.counter.setFont(QFont(self.font().family(), round(16 * scale)))
        self.text.setFont(QFont(self.font().family(), round(20 * scale)))
        self.text.document().setDefaultFont(self.text.font())


class Presenter(QObject):
    """Runs a tour on the main window. The window supplies the scene, the state and the layout."""

    step_changed = Signal(int)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.tour: Tour | None = None
        self.index = 0
        self.blanked = False
        self.frame_times: list[float] = []
        self._path: list = []
        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.timeout.connect(self._frame)

    @property
    def active(self) -> bool:
        return self.tour is not None

    # --- mode ---------------------------------------------------------------------
    def start(self, tour: Tour, index: int = 0) -> None:
        self.tour = tour
        self.window.enter_presentation()
        self.go(index, animate=False)

    def stop(self) -> None:
        if self.tour is None:
            return
        self._timer.stop()
        self.tour = None
        self.blanked = False
        self.window.leave_presentation()

    def toggle_blank(self) -> None:
        """Like PowerPoint's B: a black screen, and back."""
        self.blanked = not self.blanked
        self.window.set_blank(self.blanked)

    # --- steps --------------------------------------------------------------------
    def next(self) -> None:
        if self.tour and self.index < len(self.tour.steps) - 1:
            self.go(self.index + 1)

    def previous(self) -> None:
        if self.tour and self.index > 0:
            self.go(self.index - 1)

    def go(self, index: int, animate: bool = True) -> None:
        if self.tour is None:
            return
        if self.blanked:
            self.toggle_blank()
        self.index = index
        step = self.tour.steps[index]
        window = self.window
        atlas = window.state.atlas
        window.tour_focus = (frozenset(i for r in step.show for i in atlas.label_ids_for(r)), step.context_opacity)
        window.state.set_hemispheres(step.hemispheres)
        window.state.select(step_selection(atlas, step))
        window._restyle()
        window.band.counter.setText(f"{self.tour.title} · step {index + 1} / {len(self.tour.steps)}")
        window.band.text.setHtml(step_html(step, window.content))
        self._move_camera(step, animate)
        self.step_changed.emit(index)

    def _move_camera(self, step: Step, animate: bool) -> None:
        scene = self.window.viewer.scene
        plotter = self.window.viewer.plotter
        if step.camera:
            target = step.camera
        else:
            width, height = plotter.window_size
            cam = camera_for(VIEWS[step.view], width / max(height, 1), plotter.camera.view_angle)
            target = (cam["position"], cam["focal_point"], cam["up"])
        scene.view_name = step.view
        if not animate:
            self._timer.stop()
            self._apply(target)
            scene.view_camera = scene.camera_state()
            self.window.viewer.refresh()
            return
        self._path = camera_path(scene.camera_state(), target, max(TRANSITION_MS // FRAME_MS, 1))
        self._target = target
        scene.set_interacting(True)  # lighter frames while moving
        self._timer.start()

    def _apply(self, camera) -> None:
        plotter = self.window.viewer.plotter
        plotter.camera.position, plotter.camera.focal_point = camera[0], camera[1]
        plotter.camera.up = camera[2]
        plotter.reset_camera_clipping_range()

    def _frame(self) -> None:
        if not self._path:
            self._timer.stop()
            scene = self.window.viewer.scene
            scene.set_interacting(False)
            scene.view_camera = scene.camera_state()
            self.window.viewer.plotter.render()
            return
        start = time.perf_counter()
        self._apply(self._path.pop(0))
        self.window.viewer.plotter.render()
        self.frame_times.append((time.perf_counter() - start) * 1000)

    def animating(self) -> bool:
        return self._timer.isActive()


def step_selection(atlas, step: Step) -> Selection | None:
    ids: list[int] = []
    for rid in step.highlight:
        ids.extend(i for i in atlas.label_ids_for(rid) if i not in ids)
    if not ids:
        return None
    if len(step.highlight) == 1:
        return selection_for_region(atlas, step.highlight[0])
    return Selection(tuple(ids))


def step_html(step: Step, content) -> str:
    parts = [f"<h2>{step.title}</h2>", markdown_to_html(step.text)]
    parts.extend(quote_html(q, i, content) for i, q in enumerate(step.quotes))
    if step.references:
        parts.append("<h3>References</h3>" + references_html(step.references, content, copy_links=False))
    return sanitise("".join(parts))
