"""An off-screen BrainScene for tests below the GUI, closed when the test is done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
