"""An export given the window's camera decides the see-through shell for that camera, not for the
named view it was framed from first: the MPFC, on the medial surface, is hidden from the lateral
view (see-through shell) but shown on the opaque cortex from the medial one."""

from __future__ import annotations

from dataclasses import replace

from explorer.model.selection import selection_for_region
from explorer.render.export import ExportRequest, _stage
from tests.scenes import offscreen_scene


def test_the_shell_follows_the_camera_an_export_is_given(aal3, aal3_meshes):
    selection = selection_for_region(aal3, "mpfc")
    with offscreen_scene(aal3, aal3_meshes, (400, 300)) as scene:
        request = ExportRequest(selection, "medial-left", (400, 300))
        _stage(scene, selection, request)
        medial_camera, medial_shell = scene.camera_state(), scene.cortex_surface.see_through
        lateral = replace(request, view="lateral-left", hemispheres="left")  # the medial view's hemisphere
        _stage(scene, selection, lateral)
        lateral_shell = scene.cortex_surface.see_through
        assert (medial_shell, lateral_shell) == (False, True)  # the case this test is about
        _stage(scene, selection, replace(lateral, camera=medial_camera))
        assert scene.cortex_surface.see_through is False  # the medial camera's opaque cortex
