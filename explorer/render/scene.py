"""The brain scene on any PyVista plotter: the same code drives the Qt window and exports.

All labels live in one merged mesh. Software OpenGL pays several milliseconds per actor,
so the scene draws just two region actors: `solid` (labels drawn fully opaque, which take
clicks first) and `faint` (named regions drawn translucent), each rebuilt from the merged mesh
when the style changes, plus one cortex surface per hemisphere (explorer/render/cortex.py):
opaque with the shown regions painted on, or a see-through shell when it would hide them.
Atlas labels that no document names are never drawn as a translucent stack: they show as
opaque parcels with "show all", and as the outline of the label under the mouse.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.state import Selection
from explorer.render.colors import OPAQUE, Style, label_style
from explorer.render.cortex import SAMPLES_PER_REGION, VISIBLE_FRACTION, Cortex
from explorer.render.hover import HoverOutline
from explorer.render.lighting import setup_lighting, vertex_lighting
from explorer.render.mesh_cache import MeshSet
from explorer.render.views import VIEWS, camera_for, frame_points

FOCUS_FILL = 0.6  # "focus on selection" leaves some brain around the region
# The faint layer's own light floor. Its faces include the walls where neighbouring labels meet and the
# folds that per-label decimation leaves; seen edge-on or facing away from every light they got no light
# at all (no ambient term) and drew black at the layer's opacity: dark dotted seams inside translucent
# regions. An ambient term keeps them in the region's own colour; less diffuse keeps the layer as bright.
FAINT_AMBIENT = 0.4
FAINT_DIFFUSE = 0.76


def _rgba(style: Style) -> tuple[int, int, int, int]:
    r, g, b = (int(round(c * 255)) for c in style.color)
    return r, g, b, int(round(style.opacity * 255))


def _settle_camera(plotter: pv.BasePlotter) -> None:
    """What pyvista does the first time the camera is read, minus the full frame it renders then."""
    if not plotter.camera_set:
        plotter.camera_position = plotter.get_default_cam_pos()
        plotter.renderer.reset_camera(render=False)
        plotter.camera_set = True


class BrainScene:
    """Builds and restyles the scene; knows nothing about windows or widgets."""

    def __init__(self, plotter: pv.BasePlotter, atlas: Atlas, meshes: MeshSet) -> None:
        self.plotter = plotter
        self.atlas = atlas
        self.merged = meshes.merged
        self.coarse = meshes.coarse
        self._solid_colors: dict[int, tuple[int, int, int, int]] = {}
        self._faint_labels: frozenset[int] = frozenset()
        self._layer_meshes: dict[tuple[str, bool], tuple[dict, pv.PolyData]] = {}
        self._interacting = False
        self.styles: dict[int, Style] = {}
        self.hemispheres = "both"
        self.view_name = "default"
        self.view_camera: tuple[tuple[float, float, float], ...] = ()
        self._fitted: tuple[tuple[float, float, float], ...] = ()  # the camera `set_view` framed last
        self.selection: Selection | None = None
        self.show_all = False
        setup_lighting(self.plotter)
        self.cortex_surface = Cortex(self.plotter, meshes.cortex, meshes.shell, meshes.moving_cortex)
        self.cortex = self.cortex_surface.actors
        self.solid = self._region_actor("solid")
        self.faint = self._region_actor("faint")
        self.hover = HoverOutline(self.plotter, self.merged, self.cortex_surface)
        self.circuits: pv.Actor | None = None
        self._samples: dict[str, np.ndarray] = {}
        _settle_camera(plotter)
        self.apply(None, show_all=False)

    def set_circuits(self, mesh: pv.PolyData, color: tuple[float, float, float], visible: bool) -> None:
        """The circuit view's tubes (one actor; cell data 'link' says which link)."""
        if self.circuits is not None:
            self.plotter.remove_actor(self.circuits, render=False)
            self.circuits = None
        if mesh.n_cells:
            actor = pv.Actor(mapper=pv.DataSetMapper(mesh))
            actor.mapper.scalar_visibility = False
            actor.prop.color = color
            actor.prop.specular = 0.4
            self.plotter.add_actor(actor, name="circuits", reset_camera=False, render=False, pickable=True)
            actor.visibility = visible
            self.circuits = actor

    # --- construction -------------------------------------------------------------
    @property
    def interacting(self) -> bool:
        """Is the camera moving (a drag or a glide), with the lighter scene drawn?"""
        return self._interacting

    def set_interacting(self, active: bool) -> None:
        """While the camera moves: lighter copies of the solid regions and of the see-through shell, no
        faint layer, no hover outline.

        Software GL pays for every triangle and every blended pixel; the full scene comes back as
        soon as the camera stops, with the cortex made opaque or see-through for the new view.
        """
        if active == self._interacting:
            return
        self._interacting = active
        self.cortex_surface.set_moving(active)
        if active:
            self.hover.show(None)
        if self.coarse is not None:
            self._show_solid()
        if not active:
            self.update_shell()
        else:
            self.faint.visibility = False

    def _layer_mesh(self, layer: str, coarse: bool, colors: dict[int, tuple[int, int, int, int]]) -> pv.PolyData:
        """A layer's mesh for these colours, rebuilt only when they change.

        One mesh is kept per layer and level of detail (five at most), so a drag that ends, or a
        restyle that changes nothing, costs no rebuild, and memory stays flat however long the lesson.
        """
        key = (layer, coarse and self.coarse is not None)
        kept = self._layer_meshes.get(key)
        if kept is None or kept[0] != colors:
            source = self.coarse if key[1] else self.merged
            kept = (colors, source.subset(colors, alpha=layer == "faint"))
            self._layer_meshes[key] = kept
        return kept[1]

    def _region_actor(self, name: str) -> pv.Actor:
        mapper = pv.DataSetMapper(pv.PolyData())
        if name == "faint":
            # Neighbouring labels share boundary faces exactly; push the faint copy back so
            # it never z-fights with the solid region drawn on the same faces.
            mapper.SetResolveCoincidentTopologyToPolygonOffset()
            mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(2.0, 4.0)
        actor = pv.Actor(mapper=mapper)
        if name == "faint":
            actor.prop.ambient, actor.prop.diffuse = FAINT_AMBIENT, FAINT_DIFFUSE
        actor.prop.interpolation = "gouraud"
        actor.prop.specular = 0.2
        actor.prop.specular_power = 20
        actor.prop.culling = "back"
        vertex_lighting(actor, per_vertex_colors=True, opaque=name == "solid")
        self.plotter.add_actor(actor, name=name, reset_camera=False, render=False, pickable=True)
        return actor

    # --- styling --------------------------------------------------------------------
    def apply(self, selection: Selection | None, show_all: bool, hemispheres: str | None = None,
              shown: frozenset[int] = frozenset(), others: float | None = None) -> None:
        """Restyle for a selection, the show-all toggle and the hemisphere mode (and a tour step's emphasis)."""
        if hemispheres is not None:
            self.hemispheres = hemispheres
        self.selection, self.show_all = selection, show_all
        solid, faint, paint = self._label_colors(selection.label_ids if selection else None, shown, others)
        self._solid_colors, self._faint_labels = solid, frozenset(faint)
        self.cortex_surface.paint(paint)
        self._show_layers(faint)
        self.cortex_surface.show_sides(() if show_all else [side for side in self.cortex if self._side_visible(side)])
        self.hover.show(None)
        self.update_shell()

    def _label_colors(self, selected: tuple[int, ...] | None, shown: frozenset[int],
                      others: float | None) -> tuple[dict, dict, dict]:
        """Each label's style (kept in `styles`), split into the solid layer's colours, the faint layer's,
        and the paint the cortex surface takes over the labels it covers."""
        defs = self.atlas.region_defs
        solid: dict[int, tuple[int, int, int, int]] = {}
        faint: dict[int, tuple[int, int, int, int]] = {}
        paint: dict[int, tuple[tuple[float, float, float], float]] = {}
        for lid in self.merged.ranges:
            label = self.atlas.labels[lid]
            region_id = self.atlas.label_region.get(lid)
            style = label_style(label, defs.get(region_id) if region_id else None, selected, self.show_all,
                                shown, others)
            self.styles[lid] = style
            if style.opacity >= OPAQUE:
                paint[lid] = (style.color, 1.0)
            elif region_id is not None:
                paint[lid] = (style.color, min(1.0, style.opacity * 1.2))
            if not self._side_visible(label.hemisphere):
                continue
            if style.opacity >= OPAQUE:
                solid[lid] = _rgba(style)
            elif region_id is not None:  # context labels are never a translucent stack
                faint[lid] = _rgba(style)
        return solid, faint, paint

    def _show_layers(self, faint: dict) -> None:
        """Colour both region actors by their meshes' rgba and give the faint one its mesh (it hides while
        dragging); the solid one's mesh depends on the cortex's state and is set by `_show_solid`."""
        for actor in (self.solid, self.faint):
            actor.mapper.scalar_visibility = True
            actor.mapper.SetScalarModeToUsePointFieldData()
            actor.mapper.SelectColorArray("rgba")
            actor.mapper.SetColorModeToDirectScalars()
        mesh = self._layer_mesh("faint", False, faint)
        self.faint.mapper.SetInputData(mesh)
        self.faint.visibility = mesh.n_cells > 0 and not self._interacting
        # Closed, outward-facing surfaces: culling back faces removes the twin copy of every
        # shared boundary (no z-fighting) and halves the blending of faint layers.
        self.solid.prop.culling = "back"
        self.faint.prop.culling = "back"

    @property
    def solid_labels(self) -> frozenset[int]:
        """The labels drawn fully opaque (as surfaces, or as paint on the opaque cortex)."""
        return frozenset(self._solid_colors)

    def focus_labels(self) -> dict[str, tuple[int, ...]]:
        """The regions the cortex must not hide: the selection, or else everything drawn solid."""
        if self.selection is not None:
            ids = [lid for lid in self.selection.label_ids if lid in self._solid_colors]
        else:
            ids = list(self._solid_colors)
        groups: dict[str, list[int]] = {}
        for lid in ids:
            groups.setdefault(self.atlas.label_region.get(lid) or f"label-{lid}", []).append(lid)
        return {key: tuple(sorted(value)) for key, value in groups.items()}

    def _region_samples(self, labels: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """About SAMPLES_PER_REGION surface points of these labels, evenly spread over their vertices (every
        n-th, as the web lesson takes them), with their outward normals."""
        key = ",".join(map(str, labels))
        if key not in self._samples:
            rows = np.concatenate([np.arange(*self.merged.ranges[lid]) for lid in labels])
            points = np.unique(self.merged.faces[rows].ravel())
            pick = points[::max(1, len(points) // SAMPLES_PER_REGION)]
            self._samples[key] = (np.asarray(self.merged.points[pick], dtype=float),
                                  np.asarray(self.merged.normals[pick], dtype=float))
        return self._samples[key]

    def _hidden(self, camera: np.ndarray, labels: tuple[int, ...]) -> bool:
        """Would the opaque cortex hide this region? Judged on each hemisphere's part of it apart
        (so mirror views decide alike), on the points that face the camera: hidden when no part shows."""
        parts: dict[str, list[int]] = {}
        for lid in labels:
            parts.setdefault(self.atlas.labels[lid].hemisphere, []).append(lid)
        for part in parts.values():
            points, normals = self._region_samples(tuple(part))
            facing = np.einsum("ij,ij->i", normals, camera - points) > 0
            if self.cortex_surface.shows(camera, points[facing], frozenset(part), VISIBLE_FRACTION):
                return False
        return True

    def _show_solid(self) -> None:
        """The solid layer: on the opaque cortex, only the labels it does not carry as paint.

        A cortical region shows as its paint on the opaque cortex, the same on either side; its own
        surface would poke through wherever the atlas sits a mm or two off the template (AAL3's
        midline lies ~2 mm right of MNI152's), bright on one side and buried, pale paint, on the other.
        """
        colors = self._solid_colors
        if self.cortex_surface.visible_sides() and not self.cortex_surface.see_through:
            painted = self.cortex_surface.painted_labels
            colors = {lid: rgba for lid, rgba in colors.items() if lid not in painted}
        layer = "solid" if colors is self._solid_colors else "solid-opaque"
        mesh = self._layer_mesh(layer, self._interacting, colors)
        self.solid.mapper.SetInputData(mesh)
        self.solid.visibility = mesh.n_cells > 0

    def update_shell(self) -> None:
        """Opaque cortex, unless it would hide a region in focus from this camera: then a see-through shell."""
        camera = np.asarray(self.plotter.camera.position, dtype=float)
        hidden = any(self._hidden(camera, labels) for labels in self.focus_labels().values())
        self.cortex_surface.set_see_through(hidden)
        self._show_solid()
        faint = self.faint.mapper.GetInput()
        self.faint.visibility = (hidden or self.show_all or not self.cortex_surface.visible_sides()) \
            and faint is not None and faint.GetNumberOfCells() > 0 and not self._interacting
        for actor in (self.solid, self.faint):
            actor.SetPickable(actor.GetVisibility())

    def pickable_layers(self) -> list[frozenset[int]]:
        """The labels a click may land on, in priority order (those region actors shown now).

        First every region the documents name, solid or translucent, so a click on a visible
        translucent amygdala is the amygdala's even while another region is selected; then the
        faint context, so the faint temporal cortex in front of the amygdala never takes its click.
        """
        solid = frozenset(self._solid_colors) if self.solid.GetVisibility() and self.solid.GetPickable() \
            else frozenset()
        faint = self._faint_labels if self.faint.GetVisibility() and self.faint.GetPickable() else frozenset()
        named = frozenset(lid for lid in faint if lid in self.atlas.label_region)
        return [layer for layer in (solid | named, faint - named) if layer]

    def _side_visible(self, hemisphere: str) -> bool:
        return self.hemispheres == "both" or hemisphere in ("midline", self.hemispheres)

    def visible_labels(self) -> list[int]:
        return [lid for lid in self.merged.ranges if self._side_visible(self.atlas.labels[lid].hemisphere)]

    # --- camera -------------------------------------------------------------------
    def set_view(self, name: str) -> None:
        """Point the camera along a standard view. Hemisphere hiding is up to the caller."""
        view = VIEWS[name]
        width, height = self.plotter.window_size
        cam = camera_for(view, aspect=width / max(height, 1), view_angle=self.plotter.camera.view_angle,
                         points=self.visible_points(view.hemisphere))
        self.plotter.camera.position = cam["position"]
        self.plotter.camera.focal_point = cam["focal_point"]
        self.plotter.camera.up = cam["up"]
        self.plotter.reset_camera_clipping_range()
        self.view_name = name
        self.view_camera = self._fitted = self.camera_state()
        self.update_shell()

    def refit(self) -> bool:
        """Frame the current standard view again, for a viewport that changed shape (True if it did).

        Only while the camera is where `set_view` put it: a user's own turn or zoom, a glide or a tour
        step's camera is kept as it is.
        """
        before = np.array(self.camera_state())
        if not self._fitted or not np.allclose(before, np.array(self._fitted), atol=1e-3):
            return False
        self.set_view(self.view_name)
        return not np.allclose(before, np.array(self._fitted), atol=1e-6)

    def visible_points(self, hemisphere: str | None = None) -> np.ndarray:
        """Points of the brain as drawn (the cortex of the shown hemispheres), for framing."""
        sides = [side for side in self.cortex if hemisphere in (None, side) and self._side_visible(side)]
        sides = sides or list(self.cortex)
        return np.vstack([np.asarray(self.cortex_surface.meshes[side].points)[::7] for side in sides])

    def label_points(self, label_ids: tuple[int, ...]) -> np.ndarray | None:
        """The mesh points of these labels as drawn (shown hemispheres only; None if none is drawn)."""
        labels = tuple(lid for lid in label_ids if lid in self.merged.ranges and
                       self._side_visible(self.atlas.labels[lid].hemisphere))
        if not labels:
            return None
        rows = np.concatenate([np.arange(*self.merged.ranges[lid]) for lid in labels])
        return np.asarray(self.merged.points[np.unique(self.merged.faces[rows].ravel())], dtype=float)

    def focus_camera(self, label_ids: tuple[int, ...], fill: float = FOCUS_FILL) -> tuple | None:
        """A camera that frames these labels from the current viewing direction (None if none is drawn)."""
        points = self.label_points(label_ids)
        if points is None:
            return None
        camera = self.plotter.camera
        direction = np.asarray(camera.position) - np.asarray(camera.focal_point)
        width, height = self.plotter.window_size
        cam = frame_points(points, direction, camera.up, width / max(height, 1), camera.view_angle, fill)
        return cam["position"], cam["focal_point"], cam["up"]

    def camera_state(self) -> tuple[tuple[float, float, float], ...]:
        camera = self.plotter.camera
        return tuple(camera.position), tuple(camera.focal_point), tuple(camera.up)

    def camera_moved(self) -> bool:
        """Has the user rotated, zoomed or panned since the last standard view?"""
        return not np.allclose(np.array(self.camera_state()), np.array(self.view_camera), atol=1e-3)

    def render(self) -> None:
        self.plotter.render()
