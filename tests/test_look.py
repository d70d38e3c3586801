"""The brain's look, measured on rendered pixels: an opaque cortex, a see-through shell, the hover outline."""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkCoordinate

from explorer.model.state import selection_for_region
from explorer.render.colors import SHELL_COLOR, hex_to_rgb
from tests.scenes import offscreen_scene


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (800, 600)) as scene:
        yield scene


def _on(scene, background: str) -> np.ndarray:
    scene.plotter.set_background(background)
    scene.plotter.render()
    return np.asarray(scene.plotter.screenshot(return_img=True))[..., :3].astype(int)


def _display(scene, point) -> tuple[int, int]:
    """Row and column of the image pixel where a world point lands (VTK's own projection)."""
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*point)
    x, y = coordinate.GetComputedDoubleDisplayValue(scene.plotter.renderer)
    return scene.plotter.window_size[1] - 1 - round(y), round(x)


def test_cortex_is_opaque_when_nothing_deep_is_shown(scene, aal3):
    """A pixel drawn over the cortex has the same colour on white and on black: nothing shows through."""
    scene.apply(selection_for_region(aal3, "mpfc"), show_all=False, hemispheres="left")
    scene.set_view("medial-left")
    assert not scene.cortex_surface.see_through
    white, black = _on(scene, "white"), _on(scene, "black")
    brain = np.abs(white - black).sum(axis=2) == 0
    drawn = (np.abs(white - 255).sum(axis=2) > 12)
    assert drawn.mean() > 0.2  # the brain fills a good part of the image...
    assert (brain & drawn).sum() > 0.98 * drawn.sum()  # ...and nearly all of it is opaque (edges are AA'd)
    # Over the middle of the hemisphere the colour is the cortex's warm grey, not background-blended.
    rows, cols = np.nonzero(drawn)
    r, c = int(np.median(rows)), int(np.median(cols))
    assert white[r, c].tolist() == black[r, c].tolist()


def test_amygdala_shows_through_the_shell_when_selected(scene, aal3):
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    assert scene.cortex_surface.see_through
    white = _on(scene, "white")
    black = _on(scene, "black")
    left = aal3.region_labels["amygdala"]["left"]
    r, c = _display(scene, aal3.centroid(left))  # found from the atlas volume, not from the scene
    patch = white[r - 2:r + 3, c - 2:c + 3].reshape(-1, 3).mean(axis=0) / 255
    amygdala = np.array(hex_to_rgb(aal3.region_defs["amygdala"].color))
    cortex = np.array(SHELL_COLOR)
    assert np.linalg.norm(patch - amygdala) < 0.5 * np.linalg.norm(patch - cortex) + 0.15, (patch, amygdala)
    # Off the regions, the shell is translucent: the background shows through it.
    shell = scene.cortex_surface.shells["left"]
    top = shell.points[np.argmax(shell.points[:, 2] - 0.3 * shell.points[:, 1])]
    r, c = _display(scene, np.asarray(top) + np.array([0.0, 0.0, -12.0]))
    assert np.abs(white[r, c] - black[r, c]).sum() > 100


def test_hover_outline_follows_the_label(scene, aal3):
    scene.apply(None, show_all=False, hemispheres="both")
    scene.set_view("inferior")
    ofc = aal3.region_labels["ofc"]["left"][0]
    assert scene.hover.show(ofc) and scene.hover.actor.GetVisibility()
    scene.plotter.render()
    outline = scene.hover.actor.GetMapper().GetInput()
    assert outline.GetNumberOfPoints() > 10
    assert not scene.hover.show(ofc)  # the same label again draws nothing new
    scene.set_interacting(True)
    assert not scene.hover.actor.GetVisibility()  # never drawn while the camera moves
    scene.set_interacting(False)
