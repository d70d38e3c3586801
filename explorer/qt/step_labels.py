"""On-screen labels for a tour step: the exports' callout layout, drawn over the 3D view.

The labels are the same overlay an exported slide draws (figure_callouts), rasterised with the
same code and shown as one 2D image actor in the render window. They are laid out again only
when the camera has stopped moving (SETTLE_MS after its last change), never on every drag frame,
and hidden while it moves, since their anchors would be stale. Like the exports, the layout reads
the frame's colours (once, at rest) so that an anchor sits where its region shows its own colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QTimer
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkImageMapper

from explorer.model.figure_text import Callout, FigureText
from explorer.qt.viewer import BrainViewer

if TYPE_CHECKING:
    from explorer.render.overlay import Overlay

SETTLE_MS = 250


class StepLabels(QObject):
    """Callouts for the regions of the current step, laid out whenever the camera comes to rest."""

    def __init__(self, viewer: BrainViewer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self.callouts: tuple[Callout, ...] = ()
        self.drawn_for: tuple | None = None  # camera and size the labels were laid out for
        self.layouts = 0  # how many times the labels were laid out (tests count them)
        self.overlay: Overlay | None = None  # the labels last drawn
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.relayout)
        self._mapper = vtkImageMapper()
        self._mapper.SetColorWindow(255)
        self._mapper.SetColorLevel(127.5)
        self.actor = vtkActor2D()
        self.actor.SetMapper(self._mapper)
        self.actor.SetVisibility(False)
        self.actor.SetPickable(False)
        self._observed = None

    def show(self, callouts: tuple[Callout, ...]) -> None:
        """Label these regions from now on (an empty tuple: no labels)."""
        self.callouts = callouts
        self.drawn_for = None
        renderer = self.viewer.plotter.renderer
        if not renderer.HasViewProp(self.actor):
            renderer.AddViewProp(self.actor)
        camera = renderer.GetActiveCamera()
        if self._observed is None:
            self._observed = (camera, camera.AddObserver("ModifiedEvent", self._camera_changed))
        self._timer.start()

    def margin(self, width: int, height: int) -> int:
        """The width kept free on each side of a width x height view for these labels (0 without labels):
        the exports' callout column, so that a label box never lies over the brain."""
        from explorer.render.composition import plan

        if not self.callouts:
            return 0
        return plan(width, height, FigureText(callouts=self.callouts), callouts=True).column

    def hide(self) -> None:
        self.callouts = ()
        self._timer.stop()
        self.actor.SetVisibility(False)
        if self._observed is not None:
            camera, tag = self._observed
            camera.RemoveObserver(tag)
            self._observed = None

    def _state(self) -> tuple:
        camera = self.viewer.plotter.camera
        return (*camera.position, *camera.focal_point, *camera.up, camera.view_angle,
                *self.viewer.plotter.ren_win.GetSize())

    def _camera_changed(self, *_args) -> None:
        if self.callouts and self._state() != self.drawn_for:
            self.actor.SetVisibility(False)  # stale while the camera moves
            self._timer.start()

    def relayout(self) -> None:
        """Lay the labels out for the camera as it is now, and show them."""
        # Imported when a tour first labels a step: the window's start-up does not need them.
        from explorer.render.composition import annotate, plan
        from explorer.render.overlay import draw
        from explorer.render.visibility import label_grid, solid_depth, with_frame_colours

        scene = self.viewer.scene
        if not self.callouts or scene is None:
            return
        if scene.interacting or not self.viewer.plotter.iren.interactor.GetEnableRender():  # still moving
            self._timer.start()
            return
        scene.update_shell()  # the cortex opaque or see-through for this camera, before judging visibility
        self.actor.SetVisibility(False)
        self.drawn_for = self._state()  # set first: this render's own camera events are not a move
        depth = solid_depth(scene)  # the scene alone, without the old labels
        h, w = depth.shape
        # The frame's colours too, as exports read them: an anchor sits where its region shows its own
        # colour, not where it is seen through a translucent region (the same places as on the slide).
        grid = with_frame_colours(scene, label_grid(scene, depth))
        anchors = {}
        for callout in self.callouts:
            point = grid.anchor(callout.label_ids, callout.color)
            anchors[callout.key] = None if point is None else (point[0], h - 1 - point[1])
        text = FigureText(callouts=self.callouts)
        overlay = self.overlay = annotate(plan(w, h, text, callouts=True), text, anchors, None)
        self._set_image(draw(Image.new("RGBA", (w, h), (0, 0, 0, 0)), overlay))
        self.layouts += 1
        self.actor.SetVisibility(True)
        # The depth pass above drew a frame without the labels; the widget's paint renders the
        # scene again, labels included (a render here as well would be drawn twice).
        self.viewer.refresh()

    def _set_image(self, image: Image.Image) -> None:
        pixels = np.ascontiguousarray(np.asarray(image)[::-1])  # VTK images start at the bottom row
        data = vtkImageData()
        data.SetDimensions(image.width, image.height, 1)
        data.GetPointData().SetScalars(numpy_to_vtk(pixels.reshape(-1, 4), deep=True))
        self._image = data  # keep it alive as long as the mapper uses it
        self._mapper.SetInputData(data)
