"""The brain scene on any PyVista plotter: the same code drives the Qt window and exports.

All labels live in one merged mesh. Software OpenGL pays several milliseconds per actor,
so the scene draws just two region actors: `solid` (labels drawn fully opaque, which take
clicks first) and `faint` (everything translucent), each rebuilt from the merged mesh when
the style changes, plus the two halves of the glass outline, which never take a click.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.state import Selection
from explorer.render.colors import GLASS_COLOR, GLASS_OPACITY, OPAQUE, Style, label_style
from explorer.render.mesh_cache import MeshSet
from explorer.render.views import VIEWS, camera_for


def _rgba(style: Style) -> tuple[int, int, int, int]:
    r, g, b = (int(round(c * 255)) for c in style.color)
    return r, g, b, int(round(style.opacity * 255))


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
        self.selection: Selection | None = None
        self.show_all = False
        self._setup_renderer()
        self.glass = {side: self._glass_actor(mesh, side) for side, mesh in meshes.glass.items()}
        self.solid = self._region_actor("solid")
        self.faint = self._region_actor("faint")
        self.circuits: pv.Actor | None = None
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
    def _setup_renderer(self) -> None:
        """Two lights and plain alpha blending: software GL pays per light and per layer."""
        renderer = self.plotter.renderer
        renderer.RemoveAllLights()
        key = pv.Light(light_type="headlight", intensity=0.85)
        fill = pv.Light(position=(-1.0, 1.0, 1.0), light_type="camera light", intensity=0.35)
        renderer.AddLight(key)
        renderer.AddLight(fill)
        renderer.SetUseOIT(False)

    def set_interacting(self, active: bool) -> None:
        """While the camera moves: a lighter copy of the solid regions, no faint context, unlit glass.

        Software GL pays for every triangle and every blended, lit pixel; the full scene comes
        back as soon as the camera stops.
        """
        if active == self._interacting:
            return
        self._interacting = active
        self.faint.visibility = not active and self.faint.mapper.GetInput().GetNumberOfCells() > 0
        for actor in self.glass.values():
            actor.prop.lighting = not active
        if self.coarse is not None:
            self.solid.mapper.SetInputData(self._layer_mesh("solid", active, self._solid_colors))

    def _layer_mesh(self, layer: str, coarse: bool, colors: dict[int, tuple[int, int, int, int]]) -> pv.PolyData:
        """A layer's mesh for these colours, rebuilt only when they change.

        One mesh is kept per layer and level of detail (three at most), so a drag that ends, or a
        restyle that changes nothing, costs no rebuild, and memory stays flat however long the lesson.
        """
        key = (layer, coarse and self.coarse is not None)
        kept = self._layer_meshes.get(key)
        if kept is None or kept[0] != colors:
            source = self.coarse if key[1] else self.merged
            kept = (colors, source.subset(colors, alpha=layer == "faint"))
            self._layer_meshes[key] = kept
        return kept[1]

    def _glass_actor(self, mesh: pv.PolyData, side: str) -> pv.Actor:
        actor = pv.Actor(mapper=pv.DataSetMapper(mesh))
        actor.mapper.scalar_visibility = False
        actor.prop.color = GLASS_COLOR
        actor.prop.opacity = GLASS_OPACITY
        actor.prop.culling = "back"
        actor.prop.interpolation = "gouraud"
        actor.prop.specular = 0.3
        self.plotter.add_actor(actor, name=f"glass-{side}", reset_camera=False, render=False, pickable=False)
        actor.SetPickable(False)  # the outline never takes a click
        return actor

    def _region_actor(self, name: str) -> pv.Actor:
        mapper = pv.DataSetMapper(pv.PolyData())
        if name == "faint":
            # Neighbouring labels share boundary faces exactly; push the faint copy back so
            # it never z-fights with the solid region drawn on the same faces.
            mapper.SetResolveCoincidentTopologyToPolygonOffset()
            mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(2.0, 4.0)
        actor = pv.Actor(mapper=mapper)
        actor.prop.interpolation = "gouraud"
        actor.prop.specular = 0.2
        actor.prop.specular_power = 20
        self.plotter.add_actor(actor, name=name, reset_camera=False, render=False, pickable=True)
        return actor

    # --- styling --------------------------------------------------------------------
    def apply(self, selection: Selection | None, show_all: bool, hemispheres: str | None = None,
              shown: frozenset[int] = frozenset(), others: float | None = None) -> None:
        """Restyle for a selection, the show-all toggle and the hemisphere mode (and a tour step's emphasis)."""
        if hemispheres is not None:
            self.hemispheres = hemispheres
        self.selection, self.show_all = selection, show_all
        selected = selection.label_ids if selection else None
        defs = self.atlas.region_defs
        solid: dict[int, tuple[int, int, int, int]] = {}
        faint: dict[int, tuple[int, int, int, int]] = {}
        for lid in self.merged.ranges:
            label = self.atlas.labels[lid]
            region_id = self.atlas.label_region.get(lid)
            style = label_style(label, defs.get(region_id) if region_id else None, selected, show_all, shown, others)
            self.styles[lid] = style
            if self._side_visible(label.hemisphere):
                (solid if style.opacity >= OPAQUE else faint)[lid] = _rgba(style)
        self._solid_colors, self._faint_labels = solid, frozenset(faint)
        for actor, colors in ((self.solid, solid), (self.faint, faint)):
            mesh = self._layer_mesh("solid" if actor is self.solid else "faint",
                                    actor is self.solid and self._interacting, colors)
            actor.mapper.SetInputData(mesh)
            actor.mapper.scalar_visibility = True
            actor.mapper.SetScalarModeToUsePointFieldData()
            actor.mapper.SelectColorArray("rgba")
            actor.mapper.SetColorModeToDirectScalars()
            actor.visibility = mesh.n_cells > 0 and not (actor is self.faint and self._interacting)
            actor.SetPickable(actor.visibility)
        # Closed, outward-facing surfaces: culling back faces removes the twin copy of every
        # shared boundary (no z-fighting) and halves the blending of faint layers.
        self.solid.prop.culling = "back"
        self.faint.prop.culling = "back"
        for side, actor in self.glass.items():
            actor.visibility = self._side_visible(side)

    def pickable_layers(self) -> list[frozenset[int]]:
        """The labels a click may land on, in priority order (those actors shown now).

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
        cam = camera_for(view, aspect=width / max(height, 1), view_angle=self.plotter.camera.view_angle)
        self.plotter.camera.position = cam["position"]
        self.plotter.camera.focal_point = cam["focal_point"]
        self.plotter.camera.up = cam["up"]
        self.plotter.reset_camera_clipping_range()
        self.view_name = name
        self.view_camera = self.camera_state()

    def camera_state(self) -> tuple[tuple[float, float, float], ...]:
        camera = self.plotter.camera
        return tuple(camera.position), tuple(camera.focal_point), tuple(camera.up)

    def camera_moved(self) -> bool:
        """Has the user rotated, zoomed or panned since the last standard view?"""
        return not np.allclose(np.array(self.camera_state()), np.array(self.view_camera), atol=1e-3)

    def render(self) -> None:
        self.plotter.render()
