"""Scene styling and picking off-screen, with the same code the window uses (render layer)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkIdList, vtkPoints
from vtkmodules.vtkFiltersGeneral import vtkOBBTree
from vtkmodules.vtkRenderingCore import vtkCoordinate

from explorer.model.state import selection_for_label, selection_for_region
from explorer.render.colors import OPAQUE
from explorer.render.picking import RegionPicker
from explorer.render.scene import BrainScene
from tests.visibility import visible_pixel


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    plotter = pv.Plotter(off_screen=True, window_size=(800, 600))
    scene = BrainScene(plotter, aal3, aal3_meshes)
    plotter.show(auto_close=False)
    yield scene
    plotter.close()


def _pick_region(scene, view, region):
    atlas = scene.atlas
    scene.apply(None, show_all=False, hemispheres={"medial-left": "left", "medial-right": "right"}.get(view, "both"))
    scene.set_view(view)
    scene.plotter.render()
    point = visible_pixel(scene, atlas.label_ids_for(region))
    assert point is not None, f"{region} is not visible from {view}"
    hit = RegionPicker(scene).pick(*point)
    return hit and atlas.label_region.get(hit.label_id)


@pytest.mark.parametrize(("region", "view"), [
    ("amygdala", "medial-left"), ("amygdala", "inferior"), ("mpfc", "medial-left"),
    ("ofc", "inferior"), ("acc", "medial-right"),
])
def test_picking_a_visible_pixel_returns_its_region(scene, region, view):
    assert _pick_region(scene, view, region) == region


def _obb(mesh) -> vtkOBBTree:
    tree = vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    return tree


def _pixel_ray(scene, x: int, y: int) -> tuple[np.ndarray, np.ndarray]:
    """The ray under a display pixel, from the near to the far clipping plane (VTK's own transform)."""
    renderer = scene.plotter.renderer
    ends = []
    for depth in (0.0, 1.0):
        renderer.SetDisplayPoint(x, y, depth)
        renderer.DisplayToWorld()
        world = np.array(renderer.GetWorldPoint())
        ends.append(world[:3] / world[3])
    return ends[0], ends[1]


def _hits(tree: vtkOBBTree, mesh, start, end) -> list[tuple[float, int]]:
    """(distance from start, label) of every surface the segment crosses, nearest first."""
    points, cells = vtkPoints(), vtkIdList()
    tree.IntersectWithLine(start, end, points, cells)
    labels = mesh.GetCellData().GetArray("label")
    hits = [(float(np.linalg.norm(np.array(points.GetPoint(i)) - start)), int(labels.GetValue(cells.GetId(i))))
            for i in range(points.GetNumberOfPoints())]
    return sorted(hits)


def _world_to_display(scene, point) -> tuple[int, int]:
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*point)
    x, y = coordinate.GetComputedDoubleDisplayValue(scene.plotter.renderer)
    return round(x), round(y)


def test_faint_context_never_swallows_the_amygdala(scene, aal3):
    """From the side, the amygdala is behind faint temporal cortex; the click still reaches it.

    The oracle is a ray cast of its own (vtkOBBTree), not the app's picker: it finds a pixel
    whose ray meets faint cortex first and the amygdala as the first solid surface.
    """
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    amygdala = set(aal3.label_ids_for("amygdala"))
    solid, faint = scene.solid.mapper.GetInput(), scene.faint.mapper.GetInput()
    solid_tree, faint_tree = _obb(solid), _obb(faint)
    labels = np.asarray(solid.cell_data["label"])
    centres = solid.cell_centers().points[np.isin(labels, list(amygdala))]
    rng = np.random.default_rng(0)
    found = None
    for centre in centres[rng.permutation(len(centres))[:400]]:
        x, y = _world_to_display(scene, centre)
        start, end = _pixel_ray(scene, x, y)
        first_solid = _hits(solid_tree, solid, start, end)[:1]
        if not first_solid or first_solid[0][1] not in amygdala:
            continue
        in_front = [lab for dist, lab in _hits(faint_tree, faint, start, end) if dist < first_solid[0][0]]
        if in_front:
            found = (x, y, in_front)
            break
    assert found, "no pixel where faint cortex lies in front of the visible amygdala"
    x, y, in_front = found
    assert all(scene.styles[lab].opacity < OPAQUE for lab in in_front)
    assert any("Temporal" in aal3.labels[lab].name for lab in in_front), [aal3.labels[i].name for i in in_front]
    hit = RegionPicker(scene).pick(x, y)
    assert hit is not None and hit.label_id in amygdala, (hit, aal3.labels[hit.label_id].name if hit else None)


def test_glass_outline_is_never_picked(scene):
    """Pixels inside the glass silhouette but off every region, found by a ray cast of our own."""
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    regions = [_obb(a.mapper.GetInput()) for a in (scene.solid, scene.faint) if a.GetVisibility()]
    glass = [_obb(a.mapper.GetInput()) for a in scene.glass.values() if a.GetVisibility()]

    def meets(trees, x, y) -> bool:
        start, end = _pixel_ray(scene, x, y)
        return any(tree.IntersectWithLine(start, end, None, None) for tree in trees)

    w, h = scene.plotter.window_size
    on_glass = [(x, y) for x in range(4, w - 4, 8) for y in range(4, h - 4, 8)
                if meets(glass, x, y) and not any(meets(regions, x + dx, y + dy)
                                                  for dx in (-2, 0, 2) for dy in (-2, 0, 2))]
    assert len(on_glass) >= 5, "no pixel shows the glass outline alone"
    assert all(not actor.GetPickable() for actor in scene.glass.values())
    picker = RegionPicker(scene)
    for x, y in on_glass[:: max(1, len(on_glass) // 20)]:
        assert picker.pick(x, y) is None, (x, y)
    assert picker.pick(5, 5) is None  # an empty corner


def test_selection_highlights_and_dims(scene, aal3):
    sel = selection_for_region(aal3, "acc")
    scene.apply(sel, show_all=False, hemispheres="both")
    for lid in sel.label_ids:
        assert scene.styles[lid].highlighted and scene.styles[lid].opacity == 1.0
    other = aal3.label_ids_for("ofc")[0]
    assert 0 < scene.styles[other].opacity < 0.5
    scene.apply(None, show_all=True, hemispheres="both")
    assert all(style.opacity == 1.0 for style in scene.styles.values())


def test_hemisphere_mode_hides_the_other_side(scene, aal3):
    scene.apply(None, show_all=False, hemispheres="left")
    shown = scene.visible_labels()
    assert all(aal3.labels[lid].hemisphere in ("left", "midline") for lid in shown)
    assert not scene.glass["right"].visibility and scene.glass["left"].visibility


def test_click_on_a_label_selects_its_whole_region(aal3):
    left_ofc = aal3.region_labels["ofc"]["left"][0]
    sel = selection_for_label(aal3, left_ofc)
    assert sel.region_id == "ofc" and set(sel.label_ids) == set(aal3.label_ids_for("ofc"))
    assert sel.clicked_side(aal3) == "left"
    plain = next(lab.id for lab in aal3.present_labels() if lab.id not in aal3.label_region)
    assert selection_for_label(aal3, plain).label_ids == (plain,)


def test_view_cameras_frame_the_brain(scene):
    for name in ("lateral-left", "superior", "default"):
        scene.set_view(name)
        scene.plotter.render()
        img = np.asarray(scene.plotter.screenshot(return_img=True))
        drawn = np.argwhere(img[..., :3].min(axis=2) < 245)
        h, w = img.shape[:2]
        assert drawn[:, 0].min() > 0 and drawn[:, 0].max() < h - 1, f"{name}: brain cut off vertically"
        assert drawn[:, 1].min() > 0 and drawn[:, 1].max() < w - 1, f"{name}: brain cut off horizontally"
        assert (drawn[:, 0].max() - drawn[:, 0].min()) > 0.6 * h or (drawn[:, 1].max() - drawn[:, 1].min()) > 0.6 * w


def test_moving_camera_draws_a_lighter_copy_and_restores_it(scene, aal3):
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    full = scene.solid.mapper.GetInput()
    labels_before = set(np.unique(np.asarray(full.cell_data["label"])))
    scene.set_interacting(True)
    light = scene.solid.mapper.GetInput()
    assert light.n_cells < 0.5 * full.n_cells
    assert set(np.unique(np.asarray(light.cell_data["label"]))) == labels_before
    assert not scene.faint.GetVisibility()
    scene.set_interacting(False)
    assert scene.solid.mapper.GetInput().n_cells == full.n_cells and scene.faint.GetVisibility()
