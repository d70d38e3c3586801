"""The slice dock: the Go to box, an overlay opacity slider and the three slice views side by side."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from explorer.qt.goto_box import GoToBox
from explorer.qt.slice_view import SliceView, Voxel
from explorer.render.slices import PLANES, SliceImages

DEFAULT_OPACITY = 50  # per cent


class SliceDock(QWidget):
    """Shows a SliceImages at one voxel; says which voxel the user clicks, steps to or points at."""

    voxel_clicked = Signal(object)
    voxel_stepped = Signal(object)
    voxel_hovered = Signal(object)  # a voxel, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A native window of its own: the 3D view's widget is a QOpenGLWidget (its frames go to a native
        # child window, but the widget still makes Qt compose the main window with OpenGL), and without
        # this every repaint here would recompose the whole window through (software) OpenGL, about 80 ms at 1280x800
        # against 4 ms for the three slices (measured in bench/slices.py).
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.images: SliceImages | None = None
        self.voxel: Voxel = (0, 0, 0)
        self.goto = GoToBox()
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setObjectName("slice-opacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(DEFAULT_OPACITY)
        self.opacity.setMaximumWidth(140)
        self.opacity.setToolTip("Opacity of the atlas labels over the MNI152 template")
        self.opacity.setAccessibleName("Label opacity")
        self.views = {plane.name: SliceView(plane) for plane in PLANES}
        top = QHBoxLayout()
        top.addWidget(self.goto, 1)
        top.addWidget(QLabel("Labels:"))
        top.addWidget(self.opacity)
        row = QHBoxLayout()
        row.setSpacing(2)
        for view in self.views.values():
            row.addWidget(view, view.plane.size()[0])
            view.clicked.connect(self.voxel_clicked)
            view.stepped.connect(self.voxel_stepped)
            view.hovered.connect(self.voxel_hovered)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 2)
        column.addLayout(top)
        column.addLayout(row, 1)
        self.opacity.valueChanged.connect(lambda value: self.restyle(opacity=value / 100))

    def set_images(self, images: SliceImages) -> None:
        images.restyle(opacity=self.opacity.value() / 100)
        self.images = images
        self.show_voxel(self.voxel)

    def show_voxel(self, voxel: Voxel) -> None:
        """Redraw the three planes through `voxel` (nothing to draw before the volumes are set)."""
        self.voxel = voxel
        if self.images is None:
            return
        for view in self.views.values():
            plane = view.plane
            view.show_slice(self.images.image(plane, voxel[plane.normal]), voxel)

    def restyle(self, opacity: float | None = None, selected: Iterable[int] | None = None) -> None:
        if self.images is not None:
            self.images.restyle(opacity, selected)
            self.show_voxel(self.voxel)
