"""One slice view (axial, coronal or sagittal): the composed image, the crosshair, clicks and keys.

It knows only image pixels and voxel indices; the dock (slice_dock.py) turns those into MNI points.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from explorer.render.slices import AXIS_NAMES, Plane, mni_of

CROSSHAIR = QColor(255, 217, 0, 200)
BACKGROUND = QColor(0, 0, 0)
Voxel = tuple[int, int, int]
# key -> (which axis: 0 the image's horizontal, 1 its vertical, 2 across the slice; step)
KEY_STEPS = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (1, 1), Qt.Key.Key_Down: (1, -1),
             Qt.Key.Key_PageUp: (2, 1), Qt.Key.Key_PageDown: (2, -1)}

class SliceView(QWidget):
    """Draws one plane's image fitted to the widget (1 mm voxels stay square) with the crosshair."""

    clicked = Signal(object)  # the voxel (i, j, k) clicked: the crosshair with this plane's two axes replaced
    hovered = Signal(object)  # the voxel under the mouse, or None when it leaves the image
    stepped = Signal(object)  # the voxel one key step away from the crosshair

    def __init__(self, plane: Plane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plane = plane
        self.voxel: Voxel = (0, 0, 0)
        self._image: QImage | None = None
        self._pixels: np.ndarray | None = None  # keeps the QImage's memory alive
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(f"{plane.name} slice")

    def show_slice(self, pixels: np.ndarray, voxel: Voxel) -> None:
        """Show a (height, width, 3) uint8 image with the crosshair at `voxel`; repaints on the next paint."""
        height, width, _ = pixels.shape
        self._pixels = pixels
        self._image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
        self.voxel = voxel
        self.update()

    # --- geometry: image pixels <-> widget pixels ------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the image is drawn: as large as fits, centred, square voxels."""
        width, height = self.plane.size()
        scale = min(self.width() / width, self.height() / height)
        return QRectF((self.width() - width * scale) / 2, (self.height() - height * scale) / 2,
                      width * scale, height * scale)

    def voxel_at(self, pos: QPoint | QPointF) -> Voxel | None:
        """The voxel under a widget point (this plane's two axes from the point, the third from the crosshair)."""
        rect = self.image_rect()
        width, height = self.plane.size()
        column = int(np.floor((pos.x() - rect.x()) / rect.width() * width))
        row = int(np.floor((pos.y() - rect.y()) / rect.height() * height))
        if not (0 <= column < width and 0 <= row < height):
            return None
        voxel = list(self.voxel)
        voxel[self.plane.axes[0]] = column
        voxel[self.plane.axes[1]] = height - 1 - row
        return voxel[0], voxel[1], voxel[2]

    def crosshair_position(self) -> QPointF:
        """The crosshair's centre in widget pixels (the centre of its voxel)."""
        rect = self.image_rect()
        width, height = self.plane.size()
        column, up = self.voxel[self.plane.axes[0]], self.voxel[self.plane.axes[1]]
        return QPointF(rect.x() + (column + 0.5) * rect.width() / width,
                       rect.y() + (height - 1 - up + 0.5) * rect.height() / height)

    # --- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self._image is not None:
            rect = self.image_rect()
            painter.drawImage(rect, self._image)
            centre = self.crosshair_position()
            painter.setPen(QPen(CROSSHAIR, 1))
            painter.drawLine(QPointF(rect.left(), centre.y()), QPointF(rect.right(), centre.y()))
            painter.drawLine(QPointF(centre.x(), rect.top()), QPointF(centre.x(), rect.bottom()))
            self._paint_letters(painter, rect)
        if self.hasFocus():
            painter.setPen(QPen(CROSSHAIR, 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_letters(self, painter: QPainter, rect: QRectF) -> None:
        """Orientation letters at the edges, and the plane's position across, e.g. 'Axial z = 40'."""
        painter.setPen(QColor(230, 230, 230))
        left, right, top, bottom = self.plane.sides
        metrics = painter.fontMetrics()
        mid_y = rect.center().y() + metrics.ascent() / 2
        painter.drawText(QPointF(rect.left() + 3, mid_y), left)
        painter.drawText(QPointF(rect.right() - metrics.horizontalAdvance(right) - 3, mid_y), right)
        painter.drawText(QPointF(rect.center().x() - metrics.horizontalAdvance(top) / 2, rect.top() + metrics.ascent()),
                         top)
        painter.drawText(QPointF(rect.center().x() - metrics.horizontalAdvance(bottom) / 2, rect.bottom() - 3),
                         bottom)
        normal = self.plane.normal
        depth = mni_of(self.voxel)[normal]
        painter.drawText(QPointF(4, metrics.ascent() + 2),
                         f"{self.plane.name.capitalize()} {AXIS_NAMES[normal]} = {depth:.0f}")

    # --- input -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.LeftButton:
            voxel = self.voxel_at(event.position())
            if voxel is not None:
                self.clicked.emit(voxel)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.hovered.emit(self.voxel_at(event.position()))
        if event.buttons() & Qt.MouseButton.LeftButton:  # dragging moves the crosshair along
            voxel = self.voxel_at(event.position())
            if voxel is not None and voxel != self.voxel:
                self.stepped.emit(voxel)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.hovered.emit(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        step = KEY_STEPS.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        which, delta = step
        axis = (*self.plane.axes, self.plane.normal)[which]
        voxel = list(self.voxel)
        voxel[axis] += delta
        self.stepped.emit((voxel[0], voxel[1], voxel[2]))
        event.accept()

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)
