"""Scene styling and picking off-screen, with the same code the window uses (render layer)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

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


def test_faint_context_never_swallows_the_amygdala(scene, aal3):
    """From the side, the amygdala is behind faint temporal cortex; the click still reaches it."""
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    amygdala = aal3.label_ids_for("amygdala")
    point = visible_pixel(scene, amygdala)
    assert point is not None
    hit = RegionPicker(scene).pick(*point)
    assert hit.label_id in amygdala
    # ...and there really is faint cortex in front of it on that ray:
    front = [lid for lid in scene.merged.ranges if scene.styles[lid].opacity < OPAQUE]
    assert front


def test_glass_outline_is_never_picked(scene):
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.plotter.render()
    w, h = scene.plotter.window_size
    # Well inside the glass silhouette but off every region: near the top edge of the brain.
    assert all(not actor.GetPickable() for actor in scene.glass.values())
    assert RegionPicker(scene).pick(5, 5) is None  # empty corner
    assert RegionPicker(scene).pick(w // 2, h - 2) is None


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
