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
from tests.scenes import offscreen_scene


def _lit_sphere(per_vertex: bool, colors: bool = False) -> tuple[np.ndarray, str]:
    """A finely meshed, specular sphere under the scene's lights: the image and its fragment shader.

    With `colors`, it is coloured per vertex (direct RGB scalars, as the scene's layers and cortex):
    a warm cap above a cool band, blended over a few degrees."""
    plotter = pv.Plotter(off_screen=True, window_size=(300, 300))
    setup_lighting(plotter)
    plotter.set_background("black")
    mapper = vtkOpenGLPolyDataMapper()
    sphere = pv.Sphere(theta_resolution=120, phi_resolution=120).compute_normals()
    if colors:
        warm = np.clip((sphere.points[:, 2] + 0.05) / 0.1, 0.0, 1.0)[:, None]
        sphere.point_data["rgb"] = np.rint(warm * [230, 120, 60] + (1 - warm) * [60, 140, 220]).astype(np.uint8)
        mapper.SetScalarModeToUsePointFieldData()
        mapper.SelectColorArray("rgb")
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()
    mapper.SetInputData(sphere)
    actor = pv.Actor(mapper=mapper)
    actor.prop.color = (0.9, 0.87, 0.83)
    actor.prop.specular, actor.prop.specular_power = 0.2, 20
    actor.prop.culling, actor.prop.interpolation = "back", "gouraud"
    if per_vertex:
        vertex_lighting(actor, per_vertex_colors=colors)
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


def test_per_vertex_colours_are_lit_as_vtk_lights_them():
    """Coloured by scalars, the surface takes its colour in the vertex shader: the fragment shader reads
    one interpolated colour (not the light terms and the colour apart), and the image is VTK's own."""
    phong, _ = _lit_sphere(per_vertex=False, colors=True)
    gouraud, shader = _lit_sphere(per_vertex=True, colors=True)
    lit = phong.sum(axis=2) > 0
    warm, cool = lit & (gouraud[..., 0] > gouraud[..., 2] + 40), lit & (gouraud[..., 2] > gouraud[..., 0] + 40)
    assert warm.sum() > 0.05 * lit.sum() and cool.sum() > 0.05 * lit.sum()  # both colours, each where it belongs:
    assert np.argwhere(warm)[:, 0].mean() < np.argwhere(cool)[:, 0].mean()  # the warm cap above
    difference = np.abs(phong - gouraud)[lit]
    assert difference.mean() < 3.0, difference.mean()
    assert np.percentile(difference, 99) < 16
    assert "in vec4 litColorVSOutput" in shader and "vertexColorVSOutput.rgb" not in shader


@pytest.fixture(scope="module")
def scene(aal3, aal3_meshes):
    with offscreen_scene(aal3, aal3_meshes, (400, 300), shown=False) as scene:
        yield scene


def test_every_lit_surface_of_the_scene_is_lit_per_vertex(scene):
    actors = [*scene.cortex.values(), scene.cortex_surface.glass, scene.solid, scene.faint]
    for actor in actors:
        replaced = actor.GetShaderProperty().GetNumberOfShaderReplacements()
        assert replaced > 0 and actor.prop.lighting and actor.prop.culling == "back"
    scene.set_interacting(True)  # the shell keeps its (per-vertex) lighting while the camera moves
    assert all(actor.prop.lighting for actor in (*scene.cortex.values(), scene.cortex_surface.glass))
    scene.set_interacting(False)


class RenderCount:
    """Counts the scene's renders (the render window's StartEvent)."""

    def __init__(self, render_window) -> None:
        self.window, self.count = render_window, 0
        self.tag = render_window.AddObserver("StartEvent", self._started)

    def _started(self, *_: object) -> None:
        self.count += 1

    def remove(self) -> None:
        self.window.RemoveObserver(self.tag)


@pytest.mark.gui
def test_every_frame_of_a_tour_glide_is_rendered_once(win, qtbot):
    """A finished render asks the widget to repaint, and its paint renders again: a frame drawn
    outside the paint was drawn twice."""
    import itertools

    from PySide6.QtWidgets import QApplication

    from explorer.qt.presentation import FRAME_MS

    tour = win.library.tours.tours["social-brain"]
    presenter = win.presenter
    presenter.start(tour, 0)
    renders = RenderCount(win.viewer.plotter.ren_win)
    try:
        qtbot.wait(50)
        ticks = itertools.count(0.0, FRAME_MS / 1000)
        presenter.clock = lambda: next(ticks)
        presenter.next()
        presenter._timer.stop()  # the test draws the frames itself, as bench/classroom.py does
        QApplication.processEvents()
        per_frame, done = [], False
        while not done:
            before = renders.count
            done = presenter.advance()
            QApplication.processEvents()
            per_frame.append(renders.count - before)
        assert len(per_frame) > 5 and per_frame == [1] * len(per_frame), per_frame
    finally:
        renders.remove()
        presenter.stop()
        presenter.clock = __import__("time").perf_counter


def test_a_restyle_that_changes_nothing_uploads_no_cortex_again(scene, aal3):
    """The cortex's mappers keep their input (and their GPU buffers) when the see-through choice holds."""
    from explorer.model.state import selection_for_region

    for region in ("acc", "amygdala"):  # one opaque case, one see-through case, from the lateral view
        scene.set_view("lateral-left")
        scene.apply(selection_for_region(aal3, region), show_all=False)
        actors = [*scene.cortex.values(), scene.cortex_surface.glass]
        stamps = [actor.mapper.GetMTime() for actor in actors]
        scene.update_shell()
        scene.update_shell()
        assert [actor.mapper.GetMTime() for actor in actors] == stamps, region


def test_a_layer_subset_holds_exactly_its_labels_triangles_and_colours(aal3_meshes):
    merged = aal3_meshes.merged
    labels = sorted(merged.ranges)[5:40:3]
    colors = {lid: (lid % 256, 255 - lid % 256, 7, 200) for lid in labels}
    for alpha in (False, True):
        mesh = merged.subset({**colors, 99999: (1, 2, 3, 4)}, alpha=alpha)  # an unknown label is left out
        faces = mesh.faces.reshape(-1, 4)[:, 1:]
        expected = np.vstack([merged.faces[slice(*merged.ranges[lid])] for lid in labels])
        np.testing.assert_array_equal(faces, expected)
        np.testing.assert_array_equal(mesh.cell_data["label"], merged.face_label[np.concatenate(
            [np.arange(*merged.ranges[lid]) for lid in labels])])
        rgba = np.asarray(mesh.point_data["rgba"])
        assert rgba.shape[1] == (4 if alpha else 3)
        for lid in labels:
            used = np.unique(merged.faces[slice(*merged.ranges[lid])])
            assert (rgba[used] == colors[lid][:rgba.shape[1]]).all()
