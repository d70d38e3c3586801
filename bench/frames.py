"""Where a frame's time goes (issue 11's frame budget): the window at 1280x800, actor by actor.

Run under a display: `xvfb-run -a .venv/bin/python bench/frames.py [--cache-dir DIR]`.
For a few scene states (start view, a selection on the opaque cortex, a deep selection behind
the see-through shell) it prints every renderer and actor (triangles, opacity, lighting), then
times full frames (`ren_win.Render()` until finished, wall and process CPU time, llvmpipe's threads included,
measured once the start-up's background threads have ended):
all actors, each actor hidden in turn, and no actors at all (the cost of an empty frame).
Then what a frame costs after VTK's render (`after_vtk`): the widget's present (the blit of VTK's
frame into its native window's back buffer, stretched when reduced, clearing its alpha, and the
swap), for the 3D view alone and with the docks beside it.
CPU time is the steadier figure on a shared machine. User folders are temp folders.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FRAMES = 12


def timed_frames(window, camera, n: int = FRAMES) -> tuple[float, float]:
    """Median wall and CPU ms of n full frames, the camera turned a little before each."""
    wall, cpu = [], []
    for _ in range(n):
        camera.Azimuth(1)
        camera.Azimuth(-1)
        camera.Modified()
        w0, c0 = time.perf_counter(), time.process_time()
        window.Render()
        window.WaitForCompletion()  # the window's SwapBuffers is off: no copy at the render's end waits for it
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def props(renderer) -> list:
    collection = renderer.GetViewProps()
    return [collection.GetItemAsObject(i) for i in range(collection.GetNumberOfItems())]


def describe(window) -> list[tuple[str, object]]:
    """Print every renderer and visible prop; return (name, prop) of the visible ones."""
    renderers = window.GetRenderers()
    shown = []
    for i in range(renderers.GetNumberOfItems()):
        ren = renderers.GetItemAsObject(i)
        print(f"  renderer {i}: layer {ren.GetLayer()}, drawn {bool(ren.GetDraw())}, lights "
              f"{ren.GetLights().GetNumberOfItems()}, depth peeling {bool(ren.GetUseDepthPeeling())}, "
              f"OIT {bool(ren.GetUseOIT())}, FXAA {bool(ren.GetUseFXAA())}, erase {bool(ren.GetErase())}, "
              f"preserve depth {bool(ren.GetPreserveDepthBuffer())}")
        for prop in props(ren):
            if not prop.GetVisibility():
                continue
            name = type(prop).__name__
            data = prop.GetMapper().GetInput() if hasattr(prop, "GetMapper") and prop.GetMapper() else None
            cells = data.GetNumberOfCells() if data is not None and hasattr(data, "GetNumberOfCells") else 0
            extra = ""
            if hasattr(prop, "GetProperty") and hasattr(prop.GetProperty(), "GetLighting"):
                p = prop.GetProperty()
                extra = (f"opacity {p.GetOpacity():.2f}, lighting {bool(p.GetLighting())}, "
                         f"specular {p.GetSpecular():.2f}, culling {'back' if p.GetBackfaceCulling() else 'none'}, "
                         f"translucent {bool(prop.HasTranslucentPolygonalGeometry())}")
            label = f"r{i}:{name}#{len(shown)}"
            print(f"    {label:<22} cells {cells:>7}  {extra}")
            shown.append((label, prop))
    return shown


def breakdown(app, widget, title: str) -> None:
    window, camera = widget.ren_win, widget.camera
    app.processEvents()
    print(f"\n== {title} ({window.GetSize()[0]}x{window.GetSize()[1]})")
    shown = describe(window)
    window.Render()
    full = timed_frames(window, camera)
    print(f"  full frame: wall {full[0]:.1f} ms, CPU {full[1]:.1f} ms")
    for label, prop in shown:
        prop.VisibilityOff()
        wall, cpu = timed_frames(window, camera)
        prop.VisibilityOn()
        print(f"  without {label:<22} wall {wall:6.1f} ms  CPU {cpu:6.1f} ms   (saves CPU {full[1] - cpu:5.1f} ms)")
    for _, prop in shown:
        prop.VisibilityOff()
    wall, cpu = timed_frames(window, camera)
    for _, prop in shown:
        prop.VisibilityOn()
    print(f"  no props at all: wall {wall:.1f} ms, CPU {cpu:.1f} ms")


def _timed_presents(widget, n: int = FRAMES) -> tuple[float, float]:
    """Median wall and CPU ms of the widget showing the frame VTK last rendered (blit and swap)."""
    wall, cpu = [], []
    for _ in range(n):
        w0, c0 = time.perf_counter(), time.process_time()
        widget._finished_at = widget._now()  # the last render is this frame: the present only blits it
        widget._present()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def after_vtk(app, win, widget) -> None:
    """The frame's cost after VTK's render, the render itself turned off (the same VTK frame each
    time). Without the blit, the window swaps the back buffer it has: that line is the swap alone."""
    from explorer.qt.frame_widget import FrameWidget

    interactor, blit = widget.iren.interactor, FrameWidget._blit
    print("\n== after VTK's render: the widget's blit into its native window and the swap (VTK render off)")
    for size, label in (((2080, 920), "window 2080x920 (docks beside the view)"),
                        ((1290, 810), "window 1290x810 (the 3D view alone)")):
        win.resize(*size)
        app.processEvents()
        for reduced in (False, True):
            if reduced:
                win.viewer.reduced.reduce()
            widget.ren_win.Render()
            widget.ren_win.WaitForCompletion()  # the presents below time the blit and swap, not this render
            interactor.SetEnableRender(False)
            try:
                present = _timed_presents(widget)
                FrameWidget._blit = lambda *_: None
                swap = _timed_presents(widget)
            finally:
                FrameWidget._blit = blit
                interactor.SetEnableRender(True)
                win.viewer.reduced.restore()
            frame = "half resolution" if reduced else "full size"
            print(f"  {label}, VTK frame at {frame:<15} blit+swap wall {present[0]:6.1f} ms "
                  f"CPU {present[1]:6.1f} ms;  swap alone wall {swap[0]:6.1f} ms CPU {swap[1]:6.1f} ms")
    win.resize(1280 + 800, 800 + 120)
    app.processEvents()


def run() -> None:
    from bench.common import gl_renderer, wait_quiet
    from explorer.app import build_window
    from explorer.model.selection import selection_for_region

    app, win = build_window()
    widget = win.viewer.plotter
    win.resize(1280 + 800, 800 + 120)
    widget.setFixedSize(1280, 800)
    app.processEvents()
    win.viewer.still.enabled = False  # plain frames only (the FXAA still frame: bench/levers.py)
    wait_quiet(app)
    print(f"GL renderer: {gl_renderer(widget.ren_win)}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    win.set_view("default")
    breakdown(app, widget, "start view, nothing selected")
    win.set_view("medial-left")
    win.state.select(selection_for_region(win.state.atlas, "acc"))
    breakdown(app, widget, "medial-left, ACC selected (opaque cortex)")
    win.set_view("lateral-left")
    win.state.select(selection_for_region(win.state.atlas, "amygdala"))
    app.processEvents()
    breakdown(app, widget, "lateral-left, amygdala selected (see-through shell)")
    win.viewer.scene.set_interacting(True)
    breakdown(app, widget, "same, while interacting (the drag's scene), at full size")
    win.viewer.reduced.reduce()
    breakdown(app, widget, "same, while rotating or gliding: the drag's scene at half resolution")
    win.viewer.reduced.restore()
    after_vtk(app, win, widget)
    win.viewer.scene.set_interacting(False)


def main() -> None:
    parser = argparse.ArgumentParser(description="frame breakdown")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    args = parser.parse_args()
    from bench.common import need_display, run_isolated

    need_display("xvfb-run -a .venv/bin/python bench/frames.py")
    run_isolated(run, args.cache_dir)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
