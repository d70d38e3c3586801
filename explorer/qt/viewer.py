"""The 3D view: a pyvistaqt QtInteractor showing a BrainScene, with click and hover picking."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from explorer.model.atlas import Atlas
from explorer.qt.frame_widget import FrameWidget
from explorer.qt.reduced_frames import REDUCTION, ReducedFrames
from explorer.qt.still_frame import StillFrame
from explorer.render.interaction import ClickOrDrag
from explorer.render.mesh_cache import MeshSet
from explorer.render.picking import Hit, RegionHit, RegionPicker
from explorer.render.scene import BrainScene
from explorer.render.transition import Camera, CameraGlide

HOVER_DELAY_MS = 40
GLIDE_MS = 450  # "focus on selection": long enough to follow, short enough not to wait for
VTKIS_ROTATE = 1  # vtkInteractorStyle's state while rotating


class BrainViewer(QWidget):
    """Wraps the interactor; emits which label was clicked or is under the mouse."""

    label_clicked = Signal(object)  # RegionHit, LinkHit, or None for a click on empty space
    label_hovered = Signal(object)  # label id, or None (empty space or a circuit link)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plotter = FrameWidget(self, multi_samples=0, auto_update=False)
        self.plotter.setMouseTracking(True)
        self.plotter.set_background("white")
        # Left-drag rotates, wheel zooms, right or middle drag pans.
        self.plotter.enable_custom_trackball_style(left="rotate", middle="pan", right="pan",
                                                   shift_left="pan", control_left="spin")
        self.plotter.iren.clear_key_event_callbacks()  # keys belong to the window's actions
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plotter)
        self.scene: BrainScene | None = None
        self.picker: RegionPicker | None = None
        self._hover_pos: tuple[int, int] | None = None
        self._hover_timer = QTimer(self, singleShot=True, interval=HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._hover_pick)
        self._clicks = ClickOrDrag(self.plotter.iren.interactor, self._clicked, self._hovered, self._dragging,
                                   self._drag_moved)
        self._frame_pending = False
        self._glide: CameraGlide | None = None
        self._glide_start = 0.0
        self._glide_timer = QTimer(self, interval=16)
        self._glide_timer.timeout.connect(self._glide_frame)
        self.still = StillFrame(self.plotter, self._moving, self)  # the anti-aliased frame at rest
        self.reduced = ReducedFrames(self.plotter)  # half resolution while rotating or gliding

    def _moving(self) -> bool:
        """Is the camera moving (a drag, a glide) or the mouse button held?"""
        return (self.scene is None or self.scene.interacting or self._glide_timer.isActive()
                or not self.plotter.iren.interactor.GetEnableRender()
                or QApplication.mouseButtons() != Qt.MouseButton.NoButton)

    def glide_to(self, camera: Camera) -> None:
        """Move the camera smoothly to this one (the presentation's orbit glide), lighter frames on the way."""
        if self.scene is None:
            return
        self._glide = CameraGlide(self.scene.camera_state(), camera)
        self._glide_start = time.perf_counter()
        self.set_moving(True)
        self._glide_timer.start()

    def set_moving(self, active: bool) -> None:
        """A glide starts or ends: the lighter scene at half resolution, or the full scene at full size."""
        if self.scene is None:
            return
        if active:
            self.still.cancel()
            self.reduced.reduce()
        else:
            self.reduced.restore()
        self.scene.set_interacting(active)

    def _glide_frame(self) -> None:
        t = min((time.perf_counter() - self._glide_start) * 1000 / GLIDE_MS, 1.0)
        position, focal, up = self._glide.at(t)
        camera = self.plotter.camera
        camera.position, camera.focal_point, camera.up = position, focal, up
        self.plotter.reset_camera_clipping_range()
        if t >= 1.0:
            self._glide_timer.stop()
            self.set_moving(False)
        self.refresh()

    def show_atlas(self, atlas: Atlas, meshes: MeshSet) -> BrainScene:
        """Replace the scene (atlas switch) without touching the window."""
        if self.scene is not None:
            self.plotter.clear_actors()
        self.scene = BrainScene(self.plotter, atlas, meshes)
        self.picker = RegionPicker(self.scene)
        return self.scene

    def after_next_frame(self, work) -> None:
        """Call `work` (on the next turn of the event loop) once the next frame has been drawn."""
        ren_win = self.plotter.ren_win

        def ended(*_: object) -> None:
            ren_win.RemoveObserver(tag)
            QTimer.singleShot(0, work)

        tag = ren_win.AddObserver("EndEvent", ended)

    def refresh(self) -> None:
        """Ask for one repaint. The GL widget renders the scene while painting, so calling
        render() as well would draw every frame twice (a finished render also asks the widget to
        repaint, and its paint renders again); repeated requests merge into one."""
        self.plotter.update()

    def pick(self, x: int, y: int) -> Hit | None:
        if self.reduced.active:  # mid-glide, the frame is drawn at a reduced size: so are its coordinates
            x, y = x // REDUCTION, y // REDUCTION
        return self.picker.pick(x, y) if self.picker else None

    def _clicked(self, x: int, y: int) -> None:
        self.label_clicked.emit(self.pick(x, y))

    def _hovered(self, x: int, y: int) -> None:
        self._hover_pos = (x, y)
        self._hover_timer.start()

    def _hover_pick(self) -> None:
        if self._hover_pos is not None:
            hit = self.pick(*self._hover_pos)
            label = hit.label_id if isinstance(hit, RegionHit) else None
            if self.scene is not None and self.scene.hover.show(label):
                self.refresh()
            self.label_hovered.emit(label)

    def _dragging(self, active: bool) -> None:
        """While dragging, the style moves the camera but does not render: the widget would
        render each frame a second time when it paints. One render per move happens in
        `_render_frame` instead, after the style has moved the camera."""
        if self.scene is not None:
            self.scene.set_interacting(active)
        if active:
            self.still.cancel()
        else:
            self.reduced.restore()
        self.plotter.iren.interactor.SetEnableRender(not active)
        if not active:
            self.refresh()

    def _drag_moved(self) -> None:
        if not self._frame_pending:
            self._frame_pending = True
            QTimer.singleShot(0, self._render_frame)

    def _render_frame(self) -> None:
        self._frame_pending = False
        style = self.plotter.iren.interactor.GetInteractorStyle()
        if style is not None and style.GetState() == VTKIS_ROTATE:  # a pan or spin keeps full size
            self.reduced.reduce()
        self.plotter.reset_camera_clipping_range()
        self.plotter.ren_win.Render()  # the widget then blits this frame without rendering again

    def close_plotter(self) -> None:
        self.still.remove()
        self._clicks.remove()
        self.plotter.close()
