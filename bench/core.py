"""Core benchmarks (issue 3). Run under a display: `xvfb-run -a python bench/core.py`.

Every figure is measured in this run; start-up is compared with an empty PySide6 window
holding a QtInteractor, measured in the same run, in fresh interpreters.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def child(mode: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, cwd=ROOT, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"child {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children: each prints one JSON line -------------------------------------------------
def child_empty_window() -> dict:
    t0 = time.perf_counter()
    import pyvista as pv
    from PySide6.QtWidgets import QApplication, QMainWindow
    from pyvistaqt import QtInteractor

    app = QApplication(sys.argv)
    win = QMainWindow()
    plotter = QtInteractor(win, auto_update=False)
    win.setCentralWidget(plotter)
    plotter.add_mesh(pv.Sphere())
    win.resize(1600, 950)
    win.show()
    app.processEvents()
    plotter.render()
    app.processEvents()
    first = time.perf_counter() - t0
    plotter.setFixedSize(1280, 800)
    app.processEvents()
    frames = []
    for _ in range(20):
        start = time.perf_counter()
        plotter.camera.Azimuth(3)
        plotter.render()
        app.processEvents()
        frames.append((time.perf_counter() - start) * 1000)
    return {"first_frame_s": first, "rss_mb": _rss_mb(), "frame_ms": statistics.median(frames)}


def child_app_start() -> dict:
    t0 = time.perf_counter()
    from explorer.app import build_window

    app, win = build_window()
    app.processEvents()
    win.viewer.plotter.render()
    app.processEvents()
    return {"first_frame_s": time.perf_counter() - t0, "rss_mb": _rss_mb()}


def child_load(cold: bool) -> dict:
    from explorer.model.atlas import Atlas
    from explorer.model.catalog import discover, resolve
    from explorer.model.regions import load_regions
    from explorer.render.mesh_cache import load_meshes

    manifests, _ = discover()
    t0 = time.perf_counter()
    atlas = Atlas.load(resolve(None, manifests), load_regions())
    meshes = load_meshes(atlas)
    elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "labels": len(meshes.merged.ranges), "atlas": atlas.id, "rss_mb": _rss_mb(),
            "triangles": len(meshes.merged.faces)}


def child_interaction() -> dict:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from explorer.app import build_window

    sys.path.insert(0, str(ROOT))
    from tests.visibility import visible_pixel

    app, win = build_window()
    widget = win.viewer.plotter
    win.resize(1280 + 800, 800 + 120)  # docks take the rest; the 3D view itself is sized below
    widget.setFixedSize(1280, 800)
    app.processEvents()
    win.set_view("default")
    app.processEvents()

    # Click -> panel filled, alternating regions so every click changes the selection.
    filled: list[float] = []
    stamp: dict[str, float] = {}
    win.panel.textChanged.connect(lambda: stamp.__setitem__("t", time.perf_counter()))
    points = {}
    for view, region in (("medial-left", "acc"), ("medial-left", "mpfc")):
        win.set_view(view)
        app.processEvents()
        x, y = visible_pixel(win.viewer.scene, win.state.atlas.label_ids_for(region))
        points[region] = QPoint(x, widget.height() - 1 - y)
    for i in range(50):
        point = points["acc" if i % 2 else "mpfc"]
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        filled.append(stamp["t"] - start)
        app.processEvents()

    # Frame time while rotating: real mouse drags through Qt; each move renders one frame.
    win.state.select(None)
    win.set_view("default")
    app.processEvents()
    frames: list[float] = []
    frames_at_rest: list[float] = []
    center = QPoint(640, 400)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
    for step in range(1, 41):
        start = time.perf_counter()
        QTest.mouseMove(widget, center + QPoint(6 * step - 120, 2 * (step % 10)))
        app.processEvents()
        frames.append(time.perf_counter() - start)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
    app.processEvents()
    for _ in range(10):
        start = time.perf_counter()
        widget.camera.Azimuth(3)
        widget.render()
        frames_at_rest.append(time.perf_counter() - start)
    return {"click_ms": [f * 1000 for f in filled], "drag_frame_ms": [f * 1000 for f in frames[3:]],
            "rest_frame_ms": [f * 1000 for f in frames_at_rest], "size": list(widget.window_size)}


# --- the report ------------------------------------------------------------------------------
def main() -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("needs a display: run `xvfb-run -a python bench/core.py`")
    warm_cache = tempfile.mkdtemp(prefix="sbx-bench-")
    env = {"SBX_CACHE_DIR": warm_cache}
    cold = [child("load-cold", {"SBX_CACHE_DIR": tempfile.mkdtemp(prefix="sbx-cold-")}) for _ in range(2)]
    child("load-cold", env)  # fill the warm cache
    cached = [child("load-warm", env) for _ in range(RUNS)]
    empty = [child("empty-window") for _ in range(RUNS)]
    app = [child("app-start", env) for _ in range(RUNS)]
    inter = child("interaction", env)

    def med(values):
        return statistics.median(values)

    empty_s, app_s = med([r["first_frame_s"] for r in empty]), med([r["first_frame_s"] for r in app])
    rows = [
        ("Warm start to first frame", f"{app_s:.2f} s vs empty Qt+VTK window {empty_s:.2f} s",
         f"ratio {app_s / empty_s:.2f}", "≤ 1.5"),
        ("Click → panel filled (median of 50)", f"{med(inter['click_ms']):.1f} ms",
         f"p90 {sorted(inter['click_ms'])[44]:.1f} ms", "≤ 50 ms"),
        (f"Frame while rotating ({inter['size'][0]}x{inter['size'][1]}, mouse drag)",
         f"{med(inter['drag_frame_ms']):.1f} ms",
         f"at rest {med(inter['rest_frame_ms']):.1f} ms; empty window {med([r['frame_ms'] for r in empty]):.1f} ms",
         "≤ 33 ms"),
        (f"Cold meshing of default atlas ({cold[0]['atlas']})", f"{med([c['seconds'] for c in cold]):.2f} s",
         f"{cold[0]['labels']} labels, {cold[0]['triangles']} triangles", "≤ 8 s"),
        ("Cached load (atlas + meshes)", f"{med([c['seconds'] for c in cached]):.3f} s", "", "≤ 0.3 s"),
        ("Peak RSS, warm app start", f"{max(r['rss_mb'] for r in app):.0f} MB",
         f"empty window {max(r['rss_mb'] for r in empty):.0f} MB; cold meshing {max(c['rss_mb'] for c in cold):.0f} MB",
         "≤ 600 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"Social Brain Explorer core benchmarks — {os.cpu_count()} cores, software GL\n")
    for name, value, extra, target in rows:
        print(f"{name:<{width}}  {value:<40} {extra:<48} target {target}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode = sys.argv[2]
        result = {
            "empty-window": child_empty_window,
            "app-start": child_app_start,
            "load-cold": lambda: child_load(cold=True),
            "load-warm": lambda: child_load(cold=False),
            "interaction": child_interaction,
        }[mode]()
        print(json.dumps(result))
        os._exit(0)  # skip Qt/VTK teardown
    main()
