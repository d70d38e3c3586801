"""Keeps the 3D scene in step with the AppState: restyles on every change, moves the camera to views."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from explorer.model.annotations import StudyPeak
from explorer.model.atlas import Atlas
from explorer.model.circuits import Link
from explorer.model.selection import Selection
from explorer.model.state import AppState
from explorer.model.views import VIEWS
from explorer.qt.settings import Settings
from explorer.qt.view_fit import ViewFit
from explorer.qt.viewer import BrainViewer
from explorer.render.circuits import LINK_COLOR, link_arcs
from explorer.render.mesh_cache import MeshSet
from explorer.render.peak_markers import show_peak_markers


class SceneController(QObject):
    """The scene is a subscriber of the state, like the panel: nobody restyles it by hand."""

    view_changed = Signal(str)

    def __init__(self, state: AppState, viewer: BrainViewer, settings: Settings, links: list[Link],
                 peaks_for: Callable[[Selection | None], Iterable[StudyPeak]] = lambda _selection: ()) -> None:
        super().__init__(viewer)
        self.state, self.viewer, self.settings, self.links = state, viewer, settings, links
        self.meshes: MeshSet | None = None
        self.peaks_for = peaks_for  # the study peaks to mark in 3D for a selection
        self._arcs_stale = True  # the circuit tubes are built the first time they are shown
        self._held = 0  # inside `batched`: restyles wait for the end of the batch
        self._stale = False  # a restyle was asked for while held
        self.view_fit = ViewFit(viewer)  # a standard view is framed again when the 3D view changes size
        for signal in (state.selection_changed, state.hemispheres_changed, state.show_all_changed,
                       state.focus_changed):
            signal.connect(self.restyle)
        state.circuits_changed.connect(self._show_circuits)

    def show_atlas(self, atlas: Atlas, meshes: MeshSet) -> None:
        """A new scene for this atlas, keeping the current view (the state then clears the selection)."""
        view = self.viewer.scene.view_name if self.viewer.scene else self.settings.last_view
        self.meshes = meshes
        self.viewer.show_atlas(atlas, meshes)
        self._arcs_stale = True
        self._build_arcs(atlas)
        self.set_view(view if view in VIEWS else "default", remember=False)

    def set_links(self, links: list[Link]) -> None:
        """The circuit links of a reloaded content library (packs may add their own)."""
        self.links = links
        self._arcs_stale = True
        self._build_arcs(self.state.atlas)

    def _build_arcs(self, atlas: Atlas | None) -> None:
        """(Re)build the circuit tubes, but only while the circuit view is on: hidden tubes wait.

        Their centroids and splines cost a few hundred ms that the first frame does not show.
        """
        scene = self.viewer.scene
        if scene is None or atlas is None or not self._arcs_stale or not self.state.circuits:
            return
        scene.set_circuits(link_arcs(atlas, self.links), LINK_COLOR, True)
        self._arcs_stale = False

    @contextmanager
    def batched(self) -> Iterator[None]:
        """One restyle for several state changes (a tour step sets focus, hemispheres and selection:
        each would restyle the scene, ~40 ms apiece under software GL, for a frame nobody sees)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._stale:
                self._stale = False
                self.restyle()

    def restyle(self, *_: object) -> None:
        scene = self.viewer.scene
        if scene is None:
            return
        if self._held:
            self._stale = True
            return
        state = self.state
        scene.apply(state.selection, state.show_all, state.hemispheres, state.focus.shown, state.focus.others)
        show_peak_markers(scene.plotter, [peak.mni for peak in self.peaks_for(state.selection)])
        # A click's panel text waits for this frame (Navigation fills it after the next 3D frame).
        self.viewer.refresh()

    def set_view(self, name: str, remember: bool = True) -> None:
        """A standard view; a medial view shows its own hemisphere, the others the user's choice."""
        view = VIEWS[name]
        if view.hemisphere:
            self.state.set_hemispheres(view.hemisphere)
        else:
            self.state.restore_hemispheres()
        self.viewer.scene.set_view(name)
        self.viewer.refresh()
        if remember:
            self.settings.last_view = name
            self.settings.save("last_view")
        self.view_changed.emit(name)

    def focus_selection(self) -> None:
        """Glide the camera to frame the selected region(s), seen from the current side."""
        scene, selection = self.viewer.scene, self.state.selection
        camera = scene.focus_camera(selection.label_ids) if scene and selection else None
        if camera is not None:
            self.viewer.glide_to(camera)

    def _show_circuits(self, on: bool) -> None:
        self._build_arcs(self.state.atlas)
        scene = self.viewer.scene
        if scene and scene.circuits is not None:
            scene.circuits.visibility = on
            self.viewer.refresh()
