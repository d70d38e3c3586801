"""Three-point lighting, the same for the window and for exports."""

from __future__ import annotations

import pyvista as pv

# Camera-relative positions (the camera looks down -z from +z): key from the upper left, a soft
# fill from the lower right, and a rim light from behind that outlines the brain's edge.
LIGHTS = (
    ((-0.6, 0.8, 1.0), 0.95),
    ((0.9, -0.4, 0.8), 0.40),
    ((0.2, 0.8, -1.0), 0.45),
)


def setup_lighting(plotter: pv.BasePlotter) -> None:
    """Key, fill and rim camera lights and plain alpha blending.

    FXAA is left off: under software GL (llvmpipe) it more than doubled the frame time and came
    out black off-screen (measured in this session); the meshes are smooth-shaded instead.
    """
    renderer = plotter.renderer
    renderer.RemoveAllLights()
    for position, intensity in LIGHTS:
        renderer.AddLight(pv.Light(position=position, focal_point=(0.0, 0.0, 0.0), light_type="camera light",
                                   intensity=intensity))
    renderer.SetUseOIT(False)
    renderer.SetUseFXAA(False)
