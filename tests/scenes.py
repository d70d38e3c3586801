"""An off-screen BrainScene for tests below the GUI, closed when the test is done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pyvista as pv

from explorer.render.scene import BrainScene


@contextmanager
def offscreen_scene(atlas, meshes, size: tuple[int, int], background: str | None = None,
                    shown: bool = True) -> Iterator[BrainScene]:
    """A scene in an off-screen plotter of this size (shown once, unless `shown` is False)."""
    plotter = pv.Plotter(off_screen=True, window_size=size)
    try:
        if background is not None:
            plotter.set_background(background)
        scene = BrainScene(plotter, atlas, meshes)
        if shown:
            plotter.show(auto_close=False)
        yield scene
    finally:
        plotter.close()


def rendered_frame(plotter) -> np.ndarray:
    """Render the plotter's window now and read that frame back from its back buffer: RGB, as ints."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    plotter.ren_win.Render()
    grab = vtkWindowToImageFilter()
    grab.SetInput(plotter.ren_win)
    grab.ReadFrontBufferOff()
    grab.Update()
    return vtk_to_numpy(grab.GetOutput().GetPointData().GetScalars())[:, :3].astype(int)
