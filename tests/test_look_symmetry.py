"""Left and right alike: mirror views decide the see-through shell alike and draw a region in the same colour."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from explorer.model.state import selection_for_region
from explorer.render.colors import hex_to_rgb
from tests.scenes import offscreen_scene

MIRRORS = (("lateral-left", "lateral-right"), ("medial-left", "medial-right"))
TEACHING = ("amygdala", "mpfc", "ofc", "acc")


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (800, 500), background="white") as scene:
        yield scene


def _see_through(scene, atlas, region: str, view: str) -> bool:
    scene.apply(selection_for_region(atlas, region), show_all=False,
                hemispheres=view.split("-")[1] if view.startswith("medial") else "both")
    scene.set_view(view)
    return scene.cortex_surface.see_through


@pytest.mark.parametrize("region", TEACHING)
def test_mirror_views_decide_the_shell_alike(scene, aal3, region):
    """The regions are midline-symmetric, so a view and its mirror must agree (AAL3 sits ~2 mm off the template)."""
    for left, right in MIRRORS:
        assert _see_through(scene, aal3, region, left) == _see_through(scene, aal3, region, right), (region, left)


def test_ofc_on_the_lateral_surface_keeps_the_cortex_opaque(scene, aal3):
    """The lateral OFC is on the surface: from either side the opaque cortex shows it (was see-through on the left)."""
    assert not _see_through(scene, aal3, "ofc", "lateral-left")
    assert not _see_through(scene, aal3, "ofc", "lateral-right")


def _region_pixels(scene, atlas, region: str, view: str) -> np.ndarray:
    """RGB of the pixels drawn in the region's hue (saturated, within a few hue steps)."""
    _see_through(scene, atlas, region, view)
    scene.plotter.render()
    image = np.asarray(scene.plotter.screenshot(return_img=True))[..., :3]
    hsv = np.asarray(Image.fromarray(image).convert("HSV")).astype(int)
    rgb = (np.array(hex_to_rgb(atlas.region_defs[region].color)) * 255).astype(np.uint8)
    hue = int(np.asarray(Image.fromarray(rgb.reshape(1, 1, 3)).convert("HSV"))[0, 0, 0])
    mask = (np.abs(hsv[..., 0] - hue) < 12) & (hsv[..., 1] > 60)
    return hsv[mask]


def test_acc_is_as_bright_on_the_right_medial_surface_as_on_the_left(scene, aal3):
    """The right ACC was paler (the cortex's paint, its own surface buried) than the left (its surface poking out)."""
    left = _region_pixels(scene, aal3, "acc", "medial-left")
    right = _region_pixels(scene, aal3, "acc", "medial-right")
    assert len(left) > 2000 and len(right) > 2000
    assert 0.75 < len(right) / len(left) < 1.33
    for channel, name in ((1, "saturation"), (2, "brightness")):
        assert abs(left[:, channel].mean() - right[:, channel].mean()) < 6, name


@pytest.mark.parametrize("view", ["medial-left", "medial-right"])
def test_callouts_find_a_region_shown_as_paint_on_the_opaque_cortex(scene, aal3, view):
    """On the opaque cortex the MPFC is its paint, not its surface: the callout still has a place to point at."""
    from explorer.render.visibility import anchor_point

    assert not _see_through(scene, aal3, "mpfc", view)
    assert anchor_point(scene, selection_for_region(aal3, "mpfc").label_ids) is not None
