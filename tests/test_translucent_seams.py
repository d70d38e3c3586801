"""No dark dotted seams inside translucent regions, measured on a real render.

The faint layer's faces include the walls where neighbouring labels meet and small folds left by
decimation; seen edge-on or facing away from every light, they drew black at the layer's opacity
(no ambient light): dark dots and dashes inside otherwise even translucent regions.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from explorer.model.state import selection_for_region
from tests.scenes import offscreen_scene

SIZE = (1280, 720)


def _frame(scene) -> np.ndarray:
    scene.plotter.render()
    return np.asarray(scene.plotter.screenshot(return_img=True))[..., :3].astype(float)


def _dark_dots(scene) -> tuple[int, int]:
    """Pixels inside the faint layer's footprint clearly darker than their neighbourhood, and the footprint's size."""
    image = _frame(scene)
    scene.faint.visibility = False
    try:
        without = _frame(scene)
    finally:
        scene.faint.visibility = True
    footprint = ndimage.binary_erosion(np.abs(image - without).sum(axis=2) > 6, iterations=2)  # not its outline
    luminance = image @ np.array([0.299, 0.587, 0.114])
    darker = ndimage.median_filter(luminance, size=7) - luminance > 25  # a dot or a thin dash, not a shade
    return int((darker & footprint).sum()), int(footprint.sum())


@pytest.mark.parametrize("view", ["lateral-left", "default"])
def test_translucent_regions_have_no_dark_dotted_seams(aal3, aal3_meshes, view):
    """A deep region selected: the other teaching regions are drawn translucent inside the see-through shell.
    Before the fix: 477 dark pixels in 87,382 (5.5 per 1,000) from the left, 178 in 124,164 (1.4) by default."""
    with offscreen_scene(aal3, aal3_meshes, SIZE, background="white") as scene:
        scene.apply(selection_for_region(aal3, "amygdala"), show_all=False)
        scene.set_view(view)
        assert scene.cortex_surface.see_through and scene.faint.GetVisibility()
        dots, footprint = _dark_dots(scene)
    assert footprint > 50_000  # the translucent regions fill a good part of the view
    limit = {"lateral-left": 3.0, "default": 1.1}[view]
    assert dots < limit * footprint / 1000, (dots, footprint)
