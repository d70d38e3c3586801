"""Where a frame goes after VTK: pyvistaqt's widget, the app's widget and a native VTK window, same scene.

Run under a display: `xvfb-run -a -s "-screen 0 2560x1440x24" .venv/bin/python bench/widget_paths.py
[--cache-dir DIR]`. Two main windows of 2080x920, each a 1280x800 3D view beside a text dock, show
the same surfaces (both cortex hemispheres of the default atlas, one material, one headlight):
- pyvistaqt's QtInteractor (the app's widget until session 7): a QOpenGLWidget. VTK renders into
  its own framebuffer, the widget blits that into its framebuffer, then Qt composes the whole window
  with OpenGL and swaps it. The frame is timed until it is on screen (`frameSwapped`).
- the app's FrameWidget (explorer/qt/frame_widget.py): the same QtInteractor, but VTK renders with
  the context of a native child window; the frame is blitted into that window's back buffer, which
  swaps by itself. Timed until it has swapped (its `frame_shown`).
- VTK's own QVTKRenderWindowInteractor: a native child window with VTK's own GL context. VTK
  renders and swaps; Qt composes nothing.
Frames alternate between the two in rounds (wall and process CPU, llvmpipe's threads included).
Each widget renders its frame in full (no frame is reused from an earlier render).
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


def _window(app, view):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextEdit

    win = QMainWindow()
    win.resize(2080, 920)
    dock = QDockWidget("text")
    dock.setWidget(QTextEdit("The panel beside the view. " * 200))
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    view.setFixedSize(1280, 800)
    win.setCentralWidget(view)
    return win


def _native_view(actors):
    import vtkmodules.qt

    vtkmodules.qt.PyQtImpl = "PySide6"
    from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkRenderer

    view = QVTKRenderWindowInteractor()
    window = view.GetRenderWindow()
    window.SetMultiSamples(0)
    renderer = vtkRenderer()
    renderer.SetBackground(1, 1, 1)
    window.AddRenderer(renderer)
    for source in actors:  # the same surfaces and material as the app's widget shows
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(source.GetMapper().GetInput())
        mapper.ScalarVisibilityOff()
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.SetProperty(source.GetProperty())
        renderer.AddActor(actor)
    return view, window, renderer


def _settle(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def _qt_view(surfaces, widget_class=None):
    """pyvistaqt's widget (or the app's), with the surfaces and one headlight (as VTK's renderer makes)."""
    from pyvistaqt import QtInteractor

    view = (widget_class or QtInteractor)(None, multi_samples=0, auto_update=False, lighting="none")
    view.renderer.AutomaticLightCreationOn()
    actors = [view.add_mesh(mesh, color=(0.82, 0.70, 0.55), scalars=None) for mesh in surfaces]
    for actor in actors:
        actor.mapper.ScalarVisibilityOff()
    view.set_background("white")
    return view, actors


def _alternate(frames: dict, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) ms of 10 frames of each kind per round, the kinds taking turns."""
    times: dict[str, list[tuple[float, float]]] = {key: [] for key in frames}
    for _ in range(rounds):
        for key, frame in frames.items():
            for _ in range(10):
                w0, c0 = time.perf_counter(), time.process_time()
                frame()
                times[key].append(((time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000))
    return times


def run(rounds: int) -> None:
    from PySide6.QtWidgets import QApplication

    from bench.common import gl_renderer
    from explorer.model.atlas import Atlas
    from explorer.model.catalog import discover, resolve
    from explorer.model.regions import load_regions
    from explorer.qt.frame_widget import FrameWidget
    from explorer.render.mesh_cache import load_meshes

    app = QApplication.instance() or QApplication([])
    manifests, _ = discover()
    surfaces = list(load_meshes(Atlas.load(resolve(None, manifests), load_regions())).cortex.values())
    qt_view, actors = _qt_view(surfaces)
    app_view, _ = _qt_view(surfaces, FrameWidget)
    native, window, renderer = _native_view(actors)
    windows = [_window(app, qt_view), _window(app, app_view), _window(app, native)]
    for win in windows:
        win.show()
    native.Initialize()
    _settle(app, 1.0)
    for view in (qt_view, app_view):
        view.reset_camera()
    renderer.ResetCamera()

    def native_frame() -> None:
        renderer.GetActiveCamera().Azimuth(2)
        window.Render()  # renders and swaps the native window's buffers
        window.WaitForCompletion()
        app.processEvents()

    times = _alternate({"qt": _screen_frame(app, qt_view), "app": _screen_frame(app, app_view),
                        "native": native_frame}, rounds)
    print(f"GL renderer: {gl_renderer(qt_view.ren_win)}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; 1280x800 views in 2080x920 windows, {rounds} alternating rounds")
    _report(times)


def _screen_frame(app, view):
    """One frame of a turned camera, rendered by the widget's paint, until it is on screen."""
    from bench.common import ScreenFrames

    screen = ScreenFrames(view)

    def frame() -> None:
        screen.arm()
        view.camera.Azimuth(2)
        view.update()
        screen.wait(app)
    return frame


def _report(times: dict[str, list[tuple[float, float]]]) -> None:
    for key, label in (("qt", "pyvistaqt QOpenGLWidget, to screen"),
                       ("app", "the app's FrameWidget (native child), to screen"),
                       ("native", "VTK native window, render and swap")):
        wall, cpu = (statistics.median(t[i] for t in times[key]) for i in (0, 1))
        print(f"  {label:<48} wall {wall:6.1f} ms  CPU {cpu:6.1f} ms  (n={len(times[key])})")


def main() -> None:
    parser = argparse.ArgumentParser(description="the app's 3D widget vs a native VTK window")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from bench.common import need_display, run_isolated

    need_display('xvfb-run -a -s "-screen 0 2560x1440x24" .venv/bin/python bench/widget_paths.py')
    run_isolated(lambda: run(args.rounds), args.cache_dir)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
