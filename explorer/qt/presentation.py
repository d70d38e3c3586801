"""Presentation mode: full screen, a side band with the step's text, clicker keys, smooth moves."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from html import escape

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from explorer.model.content import ContentLibrary
from explorer.model.figure_text import quote_citation
from explorer.model.markup import markdown_to_html, sanitise
from explorer.model.selection import NO_FOCUS, step_focus, step_selection
from explorer.model.state import AppState
from explorer.model.tours import Step, Tour
from explorer.qt.step_labels import StepLabels
from explorer.qt.viewer import BrainViewer
from explorer.render.transition import Camera, CameraGlide
from explorer.render.views import VIEWS, beside_labels, camera_for

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
    """Runs a tour: writes each step into the AppState, fills the band and glides the camera.

    It knows nothing of the window: `started`, `stopped` and `blank_changed` tell whoever lays
    out the screen (the main window) what to show.
    """

    started = Signal(object)  # the Tour
    stopped = Signal()
    blank_changed = Signal(bool)
    step_changed = Signal(int)

    def __init__(self, state: AppState, viewer: BrainViewer, band: PresentationBand,
                 content: Callable[[], ContentLibrary], parent: QObject | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 batch: Callable[[], AbstractContextManager] = nullcontext) -> None:
        super().__init__(parent)
        self.state, self.viewer, self.band, self.content, self.clock = state, viewer, band, content, clock
        self.batch = batch  # the scene restyles once for a step's state changes (SceneController.batched)
        self.tour: Tour | None = None
        self.index = 0
        self.blanked = False
        self.trail: list = []  # every camera of the last transition, in order (tests check its smoothness)
        self._glide: CameraGlide | None = None
        self._started_at = 0.0
        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.timeout.connect(self.advance)
        self.labels = StepLabels(viewer, self)  # the step's regions named on screen, as on its slide

    @property
    def active(self) -> bool:
        return self.tour is not None

    def start(self, tour: Tour, index: int = 0) -> None:
        self.tour = tour
        self.started.emit(tour)
        self.go(index, animate=False)

    def stop(self) -> None:
        if self.tour is None:
            return
        self._timer.stop()
        self.viewer.set_moving(False)  # stopped mid-glide: the full scene at full size
        self.tour = None
        self.labels.hide()
        self.set_blank(False)
        with self.batch():
            self.state.set_focus(NO_FOCUS)
            self.state.restore_hemispheres()
        self.stopped.emit()

    def toggle_blank(self) -> None:
        """Like PowerPoint's B: a black screen, and back."""
        self.set_blank(not self.blanked)

    def set_blank(self, on: bool) -> None:
        if on != self.blanked:
            self.blanked = on
            self.blank_changed.emit(on)

    def next(self) -> None:
        if self.tour and self.index < len(self.tour.steps) - 1:
            self.go(self.index + 1)

    def previous(self) -> None:
        if self.tour and self.index > 0:
            self.go(self.index - 1)

    def go(self, index: int, animate: bool = True) -> None:
        """Show step `index`: the same selection and emphasis as its exported slide."""
        if self.tour is None:
            return
        self.set_blank(False)
        self.index = index
        step = self.tour.steps[index]
        atlas = self.state.atlas
        with self.batch():
            self.state.set_focus(step_focus(atlas, step))
            self.state.set_hemispheres(step.hemispheres)
            self.state.select(step_selection(atlas, step))
        self.band.counter.setText(f"{self.tour.title} · step {index + 1} / {len(self.tour.steps)}")
        self.band.text.setHtml(step_html(step, self.content()))
        from explorer.render.tour_export import step_callouts  # deferred: it imports the export chain

        self.labels.show(step_callouts(atlas, step))  # laid out once the camera comes to rest
        self._move_camera(step, animate)
        self.step_changed.emit(index)

    def _target(self, step: Step) -> Camera:
        if step.camera:
            return step.camera
        width, height = self.viewer.reduced.full_size()
        view_angle = self.viewer.plotter.camera.view_angle
        column = self.labels.margin(width, height)
        if not column:
            cam = camera_for(VIEWS[step.view], width / max(height, 1), view_angle)
        else:  # room for the step's labels beside the brain, so that no label box lies over it
            scene = self.viewer.scene
            regions = [points for points in (scene.label_points(c.label_ids) for c in self.labels.callouts)
                       if points is not None]
            cam = beside_labels(VIEWS[step.view], (width, height), view_angle, column, regions)
        return cam["position"], cam["focal_point"], cam["up"]

    def _move_camera(self, step: Step, animate: bool) -> None:
        scene = self.viewer.scene
        target = self._target(step)
        scene.view_name = step.view
        self._timer.stop()
        if not animate:
            self.viewer.set_moving(False)
            self._apply(target)
            scene.view_camera = scene.camera_state()
            scene.update_shell()
            self.viewer.refresh()
            return
        self._glide = CameraGlide(scene.camera_state(), target)
        self.trail = [scene.camera_state()]
        self._started_at = self.clock()
        self.viewer.set_moving(True)  # lighter frames, at half resolution, while moving
        self._timer.start()

    def _apply(self, camera: Camera) -> None:
        plotter = self.viewer.plotter
        plotter.camera.position, plotter.camera.focal_point = camera[0], camera[1]
        plotter.camera.up = camera[2]
        plotter.reset_camera_clipping_range()

    def advance(self) -> bool:
        """Draw one frame of the glide, placed by the clock; the last one is the full-quality scene.
        True once the glide has ended."""
        t = min((self.clock() - self._started_at) * 1000 / TRANSITION_MS, 1.0)
        camera = self._glide.at(t)
        self._apply(camera)
        self.trail.append(camera)
        scene = self.viewer.scene
        if t >= 1.0:
            self._timer.stop()
            self.viewer.set_moving(False)
            scene.view_camera = scene.camera_state()
        self.viewer.refresh()  # one render, in the widget's paint (a render here would be drawn twice)
        return t >= 1.0

    def animating(self) -> bool:
        return self._timer.isActive()


def step_html(step: Step, content: ContentLibrary) -> str:
    """The band's text: what a class reads from the back row, not the teacher's notes.

    The step's text and quotes, each quote with its APA citation (page or paragraph); the
    references by author and year (the full APA entries are on the step's exported slide and in
    the panel). A quote's notes and "why it is here" stay in the panel.
    """
    parts = [f"<h2>{escape(step.title)}</h2>", markdown_to_html(step.text)]
    for quote in step.quotes:
        cite = quote_citation(quote, content) or ""
        parts.append(f"<blockquote>“{escape(quote.text)}” <small>{escape(cite)}</small></blockquote>")
    refs = [content.references[k].short for k in step.references if k in content.references]
    if refs:
        parts.append(f"<p><small>References: {escape('; '.join(refs))}</small></p>")
    return sanitise("".join(parts))
