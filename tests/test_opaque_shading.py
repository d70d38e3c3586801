"""Opaque surfaces write alpha 1 from their shader, so that llvmpipe tests depth before shading (a shader
that may discard is depth-tested after it, shading hidden fragments too): same image, less work."""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkCommonCore import reference

from explorer.model.state import selection_for_region
from explorer.render.lighting import set_opaque
from tests.scenes import offscreen_scene


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (640, 480)) as scene:
        yield scene


def _written_alpha(actor) -> str:
    """The alpha the actor's fragment shader writes (the last argument of its vec4)."""
    shaders = actor.GetShaderProperty()
    for i in range(shaders.GetNumberOfShaderReplacements()):
        name, first, value, every = reference(""), reference(False), reference(""), reference(False)
        shaders.GetNthShaderReplacement(i, name, first, value, every)
        if shaders.GetNthShaderReplacementTypeAsString(i) == "Fragment" and str(name) == "//VTK::Light::Impl":
            return str(value).rsplit(",", 1)[1].strip(" );")
    raise AssertionError("the actor is not lit per vertex")


def _image(scene) -> np.ndarray:
    scene.plotter.render()
    return np.asarray(scene.plotter.screenshot(return_img=True))[..., :3].astype(int)


def test_opaque_layers_write_alpha_one_and_translucent_ones_their_opacity(scene, aal3):
    scene.apply(selection_for_region(aal3, "mpfc"), show_all=False, hemispheres="left")
    scene.set_view("medial-left")
    scene.update_shell()
    assert not scene.cortex_surface.see_through
    assert _written_alpha(scene.cortex["left"]) == "1.0"
    assert _written_alpha(scene.solid) == "1.0"
    assert _written_alpha(scene.faint) == "litColorVSOutput.a"  # the opacity, times the label colour's alpha
    scene.apply(selection_for_region(aal3, "amygdala"), show_all=False, hemispheres="both")
    scene.set_view("lateral-left")
    scene.update_shell()
    assert scene.cortex_surface.see_through  # a faint shell: blended by its opacity
    assert scene.cortex_surface.drawn() == [scene.cortex_surface.glass]
    assert _written_alpha(scene.cortex_surface.glass) == "litColorVSOutput.a"


@pytest.mark.parametrize(("region", "hemispheres", "view"), [
    ("mpfc", "left", "medial-left"),  # the opaque cortex, painted
    ("amygdala", "both", "lateral-left"),  # solid regions inside the see-through shell
])
def test_writing_alpha_one_leaves_the_image_unchanged(scene, aal3, region, hemispheres, view):
    scene.apply(selection_for_region(aal3, region), show_all=False, hemispheres=hemispheres)
    scene.set_view(view)
    scene.update_shell()
    opaque = [scene.solid] if scene.solid.GetVisibility() else []
    if not scene.cortex_surface.see_through:
        opaque += [scene.cortex[side] for side in scene.cortex_surface.visible_sides()]
    assert opaque
    fast = _image(scene)
    try:
        for actor in opaque:
            set_opaque(actor, False)
        plain = _image(scene)
    finally:
        for actor in opaque:
            set_opaque(actor, True)
    assert np.ptp(fast.reshape(-1, 3), axis=0).max() > 100  # a brain was drawn
    assert np.array_equal(fast, plain)
