"""What keeps frames inside their budget, tested on what it does (issue 11's frame budget).

Per-vertex lighting: the scene's actors light their vertices, not every pixel, and look like VTK's own
per-pixel lighting on the brain's fine meshes. Timing itself lives in bench/ (core.py, classroom.py,
frames.py); these tests check the behaviour that makes the frames cheaper.
"""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from vtkmodules.util.misc import calldata_type
from vtkmodules.util.vtkConstants import VTK_OBJECT
from vtkmodules.vtkCommonCore import vtkCommand
from vtkmodules.vtkRenderingOpenGL2 import vtkOpenGLPolyDataMapper

from explorer.render.lighting import setup_lighting, vertex_lighting
from explorer.render.scene import BrainScene


def _lit_sphere(per_vertex: bool) -> tuple[np.ndarray, str]:
    """A finely meshed, specular sphere under the scene's lights: the image and its fragment shader."""
    plotter = pv.Plotter(off_screen=True, window_size=(300, 300))
    setup_lighting(plotter)
    plotter.set_background("black")
    mapper = vtkOpenGLPolyDataMapper()
    mapper.SetInputData(pv.Sphere(theta_resolution=120, phi_resolution=120).compute_normals())
    actor = pv.Actor(mapper=mapper)
    actor.prop.color = (0.9, 0.87, 0.83)
    actor.prop.specular, actor.prop.specular_power = 0.2, 20
    actor.prop.culling, actor.prop.interpolation = "back", "gouraud"
    if per_vertex:
        vertex_lighting(actor)
    plotter.add_actor(actor)
    shaders: list[str] = []

    @calldata_type(VTK_OBJECT)
    def grab(_mapper, _event, program) -> None:
        shaders.append(program.GetFragmentShader().GetSource())

    mapper.AddObserver(vtkCommand.UpdateShaderEvent, grab)
    plotter.show(auto_close=False)
    image = np.asarray(plotter.screenshot(return_img=True))[..., :3].astype(int)
    plotter.close()
    return image, shaders[-1]


def test_vertex_lighting_looks_like_per_pixel_lighting_without_per_pixel_light_terms():
    phong, phong_shader = _lit_sphere(per_vertex=False)
    gouraud, gouraud_shader = _lit_sphere(per_vertex=True)
    lit = phong.sum(axis=2) > 0
    assert lit.mean() > 0.2  # the sphere is drawn
    # The same lights: the key light from the upper left is brighter than the fill from the lower right.
    assert gouraud[90, 110].sum() > gouraud[210, 190].sum() + 60
    difference = np.abs(phong - gouraud)[lit]
    assert difference.mean() < 3.0, difference.mean()
    assert np.percentile(difference, 99) < 16
    assert phong_shader.count("pow(") >= 3  # VTK's shader: a specular term per light, per pixel
    assert "pow(" not in gouraud_shader and "reflect(" not in gouraud_shader


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    plotter = pv.Plotter(off_screen=True, window_size=(400, 300))
    scene = BrainScene(plotter, aal3, aal3_meshes)
    yield scene
    plotter.close()


def test_every_lit_surface_of_the_scene_is_lit_per_vertex(scene):
    actors = [*scene.cortex.values(), scene.solid, scene.faint]
    for actor in actors:
        replaced = actor.GetShaderProperty().GetNumberOfShaderReplacements()
        assert replaced > 0 and actor.prop.lighting and actor.prop.culling == "back"
    scene.set_interacting(True)  # the shell keeps its (per-vertex) lighting while the camera moves
    assert all(actor.prop.lighting for actor in scene.cortex.values())
    scene.set_interacting(False)
