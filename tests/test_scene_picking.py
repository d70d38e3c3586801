"""Scene styling and picking off-screen, with the same code the window uses (render layer)."""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkCommonCore import vtkIdList, vtkPoints
from vtkmodules.vtkFiltersGeneral import vtkOBBTree
from vtkmodules.vtkRenderingCore import vtkCoordinate

from explorer.model.state import selection_for_label, selection_for_region
from explorer.render.cortex import MIN_PAINTED_VERTICES
from explorer.render.picking import RegionPicker
from explorer.render.views import VIEW_NAMES, VIEWS
from tests.scenes import offscreen_scene
from tests.visibility import visible_pixel


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (800, 600), background="white") as scene:
        yield scene


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


def test_see_through_cortex_never_swallows_the_amygdala(scene, aal3):
    """From the side, the amygdala lies behind the cortex, which turns into a see-through shell;
    a click on the amygdala seen through it still reaches it.

    The oracle is a ray cast of its own (vtkOBBTree), not the app's picker: it finds a pixel
    whose ray meets the shell first and the amygdala as the first solid surface.
    """
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    assert scene.cortex_surface.see_through
    amygdala = set(aal3.label_ids_for("amygdala"))
    solid, shell = scene.solid.mapper.GetInput(), scene.cortex_surface.glass.mapper.GetInput()
    assert shell is scene.cortex_surface.shells["both"]  # both hemispheres shown: the whole brain's shell
    solid_tree, shell_tree = _obb(solid), _obb(shell)
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
        points = vtkPoints()
        if shell_tree.IntersectWithLine(start, end, points, None) and \
                np.linalg.norm(np.array(points.GetPoint(0)) - start) < first_solid[0][0]:
            found = (x, y)
            break
    assert found, "no pixel where the cortex shell lies in front of the visible amygdala"
    hit = RegionPicker(scene).pick(*found)
    assert hit is not None and hit.label_id in amygdala, (hit, aal3.labels[hit.label_id].name if hit else None)


def test_context_labels_are_not_a_translucent_stack(scene, aal3):
    """One cortex surface drawn (a hemisphere each, or one glass); the faint layer holds only named regions."""
    scene.apply(None, show_all=False, hemispheres="both")
    assert set(scene.cortex) == {"left", "right"}
    surface = scene.cortex_surface
    assert surface.drawn() == ([surface.glass] if surface.see_through else list(scene.cortex.values()))
    actors = scene.plotter.renderer.GetActors()
    names = [scene.plotter.renderer.actors[key] for key in scene.plotter.renderer.actors]
    # 2 cortex, their 2 lighter copies (drawn while moving), glass, solid, faint, hover (+ circuits)
    assert actors.GetNumberOfItems() == len(names) <= 9
    faint = np.unique(np.asarray(scene.faint.mapper.GetInput().cell_data["label"]))
    assert len(faint) and all(int(lid) in aal3.label_region for lid in faint)
    context = [lid for lid in scene.merged.ranges if lid not in aal3.label_region]
    assert len(context) > 100  # the atlas has plenty of labels no document names...
    solid = set(np.unique(np.asarray(scene.solid.mapper.GetInput().cell_data["label"])).tolist())
    assert not solid & set(context)  # ...and none of them is drawn as a region surface


def test_click_on_the_opaque_cortex_opens_the_label_under_it(scene, aal3):
    """Ray cast of our own on the cortex mesh; the label must be one the atlas has within 4 mm of the hit."""
    scene.apply(selection_for_region(aal3, "mpfc"), show_all=False, hemispheres="left")
    scene.set_view("medial-left")
    scene.plotter.render()
    assert not scene.cortex_surface.see_through
    cortex = scene.cortex_surface.meshes["left"]
    tree = _obb(cortex)
    inverse = np.linalg.inv(aal3.affine)
    picker, checked = RegionPicker(scene), 0
    w, h = scene.plotter.window_size
    for x, y in [(x, y) for x in range(w // 4, 3 * w // 4, 40) for y in range(h // 4, 3 * h // 4, 40)]:
        start, end = _pixel_ray(scene, x, y)
        points = vtkPoints()
        if not tree.IntersectWithLine(start, end, points, None):
            continue
        where = np.array(points.GetPoint(0))
        ball = np.indices((9, 9, 9)).reshape(3, -1).T - 4
        ijk = np.rint(where @ inverse[:3, :3].T + inverse[:3, 3]).astype(int) + ball
        near = {int(v) for v in aal3.data[ijk[:, 0], ijk[:, 1], ijk[:, 2]] if v}
        hit = picker.pick(x, y)
        if not near:
            continue
        assert hit is not None and hit.label_id in near, (x, y, hit, near)
        checked += 1
    assert checked >= 10


def test_see_through_shell_is_never_picked(scene):
    """Pixels inside the see-through shell's silhouette but off every region, found by a ray cast of our own."""
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    assert scene.cortex_surface.see_through  # the amygdala, shown, lies behind the cortex from here
    regions = [_obb(a.mapper.GetInput()) for a in (scene.solid, scene.faint) if a.GetVisibility()]
    glass = [_obb(a.mapper.GetInput()) for a in scene.cortex_surface.drawn()]

    def meets(trees, x, y) -> bool:
        start, end = _pixel_ray(scene, x, y)
        return any(tree.IntersectWithLine(start, end, None, None) for tree in trees)

    w, h = scene.plotter.window_size
    on_glass = [(x, y) for x in range(4, w - 4, 8) for y in range(4, h - 4, 8)
                if meets(glass, x, y) and not any(meets(regions, x + dx, y + dy)
                                                  for dx in (-2, 0, 2) for dy in (-2, 0, 2))]
    assert len(on_glass) >= 5, "no pixel shows the shell alone"
    assert all(not actor.GetPickable() for actor in (*scene.cortex.values(), scene.cortex_surface.glass))
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
    surface = scene.cortex_surface
    assert surface.visible_sides() == ["left"]
    if surface.see_through:
        assert surface.drawn() == [surface.glass] and surface.glass.mapper.GetInput() is surface.shells["left"]
    else:
        assert surface.drawn() == [scene.cortex["left"]]


def test_click_on_a_label_selects_its_whole_region(aal3):
    left_ofc = aal3.region_labels["ofc"]["left"][0]
    sel = selection_for_label(aal3, left_ofc)
    assert sel.region_id == "ofc" and set(sel.label_ids) == set(aal3.label_ids_for("ofc"))
    assert sel.clicked_side(aal3) == "left"
    plain = next(lab.id for lab in aal3.present_labels() if lab.id not in aal3.label_region)
    assert selection_for_label(aal3, plain).label_ids == (plain,)


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_view_cameras_frame_the_brain(scene, name):
    """Measured on the image: the drawn brain spans 75-85 % of the width or of the height, uncut."""
    hemisphere = VIEWS[name].hemisphere or "both"
    scene.apply(None, show_all=False, hemispheres=hemisphere)
    scene.set_view(name)
    scene.plotter.render()
    img = np.asarray(scene.plotter.screenshot(return_img=True))
    drawn = np.argwhere(np.abs(img[..., :3].astype(int) - 255).sum(axis=2) > 12)
    h, w = img.shape[:2]
    assert drawn[:, 0].min() > 0 and drawn[:, 0].max() < h - 1, f"{name}: brain cut off vertically"
    assert drawn[:, 1].min() > 0 and drawn[:, 1].max() < w - 1, f"{name}: brain cut off horizontally"
    fill = max((drawn[:, 0].max() - drawn[:, 0].min() + 1) / h, (drawn[:, 1].max() - drawn[:, 1].min() + 1) / w)
    assert 0.75 <= fill <= 0.85, f"{name}: the brain fills {fill:.0%}"


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


def test_moving_camera_draws_a_lighter_see_through_shell_and_restores_it(scene, aal3):
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.update_shell()
    cortex = scene.cortex_surface
    assert cortex.see_through  # the amygdala lies deep: the cortex is the see-through shell
    glass = cortex.glass
    assert cortex.drawn() == [glass] and glass.mapper.GetInput() is cortex.shells["both"]
    scene.set_interacting(True)
    moving = glass.mapper.GetInput()
    assert moving.n_cells < 0.5 * cortex.shells["both"].n_cells
    assert np.allclose(moving.bounds, cortex.shells["both"].bounds, atol=3.0)  # the same outline, lighter
    assert "Normals" in moving.point_data  # lit per vertex, as the full shell
    scene.set_interacting(False)
    assert glass.mapper.GetInput() is cortex.shells["both"]


def test_moving_camera_draws_a_lighter_opaque_cortex_with_the_same_paint(scene, aal3):
    """While the camera moves over the opaque cortex, each hemisphere draws its lighter copy (40 % of the
    faces, the gyri kept), painted as the full surface is; the full surface comes back at rest."""
    scene.apply(selection_for_region(aal3, "ofc"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    cortex = scene.cortex_surface
    assert not cortex.see_through and cortex.drawn() == list(cortex.actors.values())
    scene.set_interacting(True)
    try:
        assert cortex.drawn() == list(cortex.moving_actors.values())
        ofc = set(aal3.label_ids_for("ofc"))
        for side, actor in cortex.moving_actors.items():
            light, full = actor.mapper.GetInput(), cortex.actors[side].mapper.GetInput()
            assert 0.3 * full.n_cells < light.n_cells < 0.5 * full.n_cells
            painted = np.isin(np.asarray(light.point_data["label"]), list(ofc))
            assert painted.sum() >= MIN_PAINTED_VERTICES
            colour = lambda mesh, mask: np.asarray(mesh.point_data["rgb"], dtype=float)[mask].mean(axis=0)  # noqa: E731
            full_painted = np.isin(np.asarray(full.point_data["label"]), list(ofc))
            assert np.abs(colour(light, painted) - colour(full, full_painted)).max() < 20  # the OFC's paint
            assert np.abs(colour(light, ~painted) - colour(full, ~full_painted)).max() < 20  # the plain cortex
    finally:
        scene.set_interacting(False)
    assert cortex.drawn() == list(cortex.actors.values())
