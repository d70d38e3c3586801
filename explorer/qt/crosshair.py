"""One crosshair shared by the slice views and the 3D view.

Clicking a slice (or going to a typed coordinate, or choosing a peak) moves the crosshair, puts
the marker there in 3D and opens the panel of the label there, as a click in 3D would; a click
on a region in 3D moves the slices to the picked surface point; arrow keys and Page Up/Down on a
slice step it by 1 mm. Under the mouse, the status bar names the label in every shipped atlas.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import cache

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from explorer.model import agreement
from explorer.model.atlas import Atlas
from explorer.model.coordinates import Coordinate, format_coordinate
from explorer.model.selection import Selection
from explorer.model.state import AppState
from explorer.model.template import load_template
from explorer.qt.slice_dock import SliceDock
from explorer.qt.viewer import BrainViewer
from explorer.render.markers import overlay_for
from explorer.render.picking import Hit, RegionHit
from explorer.render.slices import SliceImages, mni_of, voxel_of

Notify = Callable[[str], None]
MARKER_DELAY_MS = 150


@cache
def _template() -> np.ndarray:
    return load_template()


def _short(atlas: Atlas) -> str:
    return atlas.manifest.short or atlas.manifest.name.split(" (")[0]


def label_text(atlas: Atlas, mni: Coordinate) -> str:
    """'AAL3: Amygdala_L (Amygdala)', 'AAL3: no label' or 'AAL3: outside'."""
    label_id = atlas.label_at(*mni)
    if label_id is None:
        return f"{_short(atlas)}: outside"
    if not label_id or label_id not in atlas.labels:
        return f"{_short(atlas)}: no label"
    region = atlas.label_region.get(label_id)
    title = f" ({atlas.region_defs[region].title})" if region in atlas.region_defs else ""
    return f"{_short(atlas)}: {atlas.labels[label_id].name}{title}"


class OtherAtlases(QObject):
    """The other shipped atlases, loaded once in a worker thread (Harvard-Oxford takes seconds)."""

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._atlas: Atlas | None = None
        self._loaded: list[Atlas] | None = None
        self._worker = None
        self._cancel = threading.Event()

    def get(self, atlas: Atlas) -> list[Atlas] | None:
        """The atlases other than `atlas`; None while they load (`ready` follows)."""
        if self._atlas is not atlas:
            self._atlas, self._loaded = atlas, None
            self._cancel.set()  # a load for the previous atlas stops at its next atlas
            self._cancel = threading.Event()
            from superqt.utils import create_worker  # deferred: superqt is not needed before the first frame

            worker = create_worker(agreement.other_atlases, atlas, cancel=self._cancel, _start_thread=False)
            worker.returned.connect(lambda result, a=atlas: self._done(a, result[0]))
            self._worker = worker
            worker.start()
        return self._loaded

    def stop(self) -> None:
        """Closing: a running load stops before its next atlas and reports to nobody."""
        self._cancel.set()
        self._atlas = None
        if self._worker is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._worker.returned.disconnect()

    def _done(self, atlas: Atlas, others: list[Atlas]) -> None:
        if atlas is self._atlas:
            self._loaded = others
            self.ready.emit()


class Crosshair(QObject):
    """Owns the crosshair point (MNI mm) and keeps the slices, the 3D marker and the status bar on it."""

    moved = Signal(object)  # the new MNI point

    def __init__(self, state: AppState, dock: QDockWidget, slices: SliceDock, viewer: BrainViewer,
                 route_click: Callable[[Hit | None], None], show_hover: Notify, notify: Notify) -> None:
        super().__init__(slices)
        self.state, self.dock, self.slices, self.viewer = state, dock, slices, viewer
        self.route_click, self.show_hover, self.notify = route_click, show_hover, notify
        self.markers = overlay_for(viewer.plotter)  # shared with the study-peak markers
        self.others = OtherAtlases(self)
        self._hovered: tuple[int, int, int] | None = None
        self.others.ready.connect(lambda: self.hover(self._hovered))  # 'loading…' becomes the labels
        self.point: Coordinate = (0.0, 0.0, 0.0)
        # Key steps and drags come faster than software GL draws the 3D view: the slices follow every
        # step, the 3D marker's frame waits until the steps pause.
        self._marker_frame = QTimer(self, singleShot=True, interval=MARKER_DELAY_MS)
        self._marker_frame.timeout.connect(viewer.refresh)
        slices.voxel_clicked.connect(lambda voxel: self.move_to(mni_of(voxel), open_panel=True))
        slices.voxel_stepped.connect(lambda voxel: self.move_to(mni_of(voxel), open_panel=False))
        slices.voxel_hovered.connect(self.hover)
        slices.goto.go.connect(lambda mni: self.move_to(mni, open_panel=True))
        dock.visibilityChanged.connect(lambda visible: self._draw_slices() if visible else None)
        state.selection_changed.connect(self._on_selection)
        state.atlas_changed.connect(lambda _atlas: self._draw_slices())

    def move_to(self, mni: Coordinate, open_panel: bool = False) -> None:
        """Move the crosshair (slices and 3D marker); with open_panel, select the label there as a 3D click does."""
        self.point = (float(mni[0]), float(mni[1]), float(mni[2]))
        self.markers.show_crosshair(self.point)
        if open_panel:
            self.viewer.refresh()
        else:
            self._marker_frame.start()
        self._draw_slices()
        self.moved.emit(self.point)
        atlas = self.state.atlas
        if open_panel and atlas is not None:
            label_id = atlas.label_at(*self.point)
            if label_id:
                self.route_click(RegionHit(label_id, self.point))
            else:
                self.notify(f"No {_short(atlas)} label at {format_coordinate(self.point)} (MNI)")

    def follow_click(self, hit: Hit | None) -> None:
        """A click on a region in 3D: the slices go to the picked surface point."""
        if isinstance(hit, RegionHit):
            self.move_to(hit.position, open_panel=False)

    def go_to_box(self) -> None:
        """Ctrl+G: show the dock and put the cursor in the Go to box."""
        self.dock.show()
        self.dock.raise_()
        self.slices.goto.focus()

    def hover(self, voxel: tuple[int, int, int] | None) -> None:
        """The status bar names what lies under the mouse in every atlas: where they disagree shows live."""
        self._hovered = voxel
        atlas = self.state.atlas
        if voxel is None or atlas is None:
            self.show_hover("")
            return
        mni = mni_of(voxel)
        others = self.others.get(atlas)
        parts = [f"MNI {format_coordinate(mni)}", label_text(atlas, mni)]
        if others is None:
            parts.append("other atlases: loading…")
        else:
            parts += [label_text(other, mni) for other in others]
        self.show_hover("  ·  ".join(parts))

    def _draw_slices(self) -> None:
        """Redraw the slices at the crosshair, building the volumes the first time they are seen."""
        atlas = self.state.atlas
        if atlas is None or not self.dock.isVisible():
            return
        images = self.slices.images
        if images is None or images.atlas is not atlas:
            self.slices.images = None
            self.slices.set_images(SliceImages(_template(), agreement.on_common_grid(atlas), atlas))
            self._on_selection(self.state.selection)
        self.slices.show_voxel(voxel_of(self.point))

    def _on_selection(self, selection: Selection | None) -> None:
        if self.slices.images is not None:
            self.slices.restyle(selected=selection.label_ids if selection else ())
