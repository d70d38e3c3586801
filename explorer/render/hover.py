"""The outline of the atlas label under the mouse: a thin line, cheap enough to redraw on hover.

On the opaque cortex it is the border of the label's patch on the surface; otherwise (a deep
label, or the cortex as a see-through shell) the label's silhouette from the camera.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkFiltersHybrid import vtkPolyDataSilhouette

from explorer.render.cortex import Cortex
from explorer.render.merged import MergedLabels

OUTLINE_COLOR = (0.05, 0.05, 0.05)
OUTLINE_WIDTH = 3.0


class HoverOutline:
    """One line actor, hidden when nothing is hovered."""

    def __init__(self, plotter: pv.BasePlotter, merged: MergedLabels, cortex: Cortex) -> None:
        self.plotter, self.merged, self.cortex = plotter, merged, cortex
        self.label: int | None = None
        self._silhouette = vtkPolyDataSilhouette()
        self._silhouette.SetCamera(plotter.renderer.GetActiveCamera())
        self._silhouette.SetEnableFeatureAngle(False)
        self._silhouette.SetBorderEdges(True)
        mapper = pv.DataSetMapper(pv.PolyData())
        mapper.scalar_visibility = False
        mapper.SetResolveCoincidentTopologyToPolygonOffset()
        mapper.SetRelativeCoincidentTopologyLineOffsetParameters(-2.0, -40.0)
        self.actor = pv.Actor(mapper=mapper)
        self.actor.prop.color = OUTLINE_COLOR
        self.actor.prop.line_width = OUTLINE_WIDTH
        self.actor.prop.lighting = False
        self.actor.prop.render_lines_as_tubes = False
        plotter.add_actor(self.actor, name="hover-outline", reset_camera=False, render=False, pickable=False)
        self.actor.SetPickable(False)
        self.actor.visibility = False

    def _patch_border(self, label: int) -> pv.PolyData | None:
        borders = []
        for side in self.cortex.visible_sides():
            mesh = self.cortex.meshes[side]
            labels = np.asarray(mesh.point_data["label"])
            faces = mesh.faces.reshape(-1, 4)[:, 1:]
            cells = np.flatnonzero((labels[faces] == label).sum(axis=1) >= 2)
            if len(cells):
                patch = mesh.extract_cells(cells).extract_surface(algorithm="dataset_surface")
                borders.append(patch.extract_feature_edges(boundary_edges=True, feature_edges=False,
                                                           non_manifold_edges=False, manifold_edges=False))
        return pv.merge(borders) if borders else None

    def show(self, label: int | None) -> bool:
        """Outline this label (None hides it). True when what is drawn changed."""
        if label == self.label:
            return False
        self.label = label
        if label is None or label not in self.merged.ranges:
            self.label = None
            self.actor.visibility = False
            return True
        border = None if self.cortex.see_through else self._patch_border(label)
        if border is not None and border.n_points:
            self.actor.mapper.SetInputData(border)
        else:
            self._silhouette.SetInputData(self.merged.mesh(label))
            self.actor.mapper.SetInputConnection(self._silhouette.GetOutputPort())
        self.actor.visibility = True
        return True
