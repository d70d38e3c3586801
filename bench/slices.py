"""Slice view benchmark (issue 12): moving the crosshair redraws all three slices.

Run under a display: `xvfb-run -a -s "-screen 0 1920x1080x24" python bench/slices.py`.

The real window (AAL3) at 1280x800 with the slice dock shown. Each sample moves the crosshair
to a new voxel (a walk through the brain) and ends when the three slice widgets have repainted
(QWidget.repaint() returns after the paint event ran), not when the arrays are computed.
A second figure times a real arrow-key press on a slice until the event loop is idle again; the
3D view draws the moved marker once the steps pause (explorer/qt/crosshair.py MARKER_DELAY_MS),
so that frame is not in it. Figures taken while other work shares the CPU are provisional.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import isolate_user_dirs, summary  # noqa: E402

BUDGET_MS = 16.0


def walk(n: int) -> list[tuple[int, int, int]]:
    """Voxels along a loop through the brain, each one step from the last on every axis."""
    import numpy as np

    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    points = np.column_stack([90 + 40 * np.sin(t), 120 + 60 * np.cos(t), 80 + 30 * np.sin(2 * t)])
    return [tuple(int(v) for v in p) for p in np.rint(points)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--cache", help="reuse this mesh cache folder")
    args = parser.parse_args()
    isolate_user_dirs(args.cache)
    app, win = _window_with_slices()
    views = list(win.slices.views.values())
    sizes = ", ".join(f"{v.plane.name} {v.width()}x{v.height()}" for v in views)
    redraw = _redraw_times(app, win.slices, args.samples)
    keys = _key_times(app, win.slices.views["axial"])
    ok = sorted(redraw)[len(redraw) // 2] <= BUDGET_MS
    print(f"window {win.width()}x{win.height()}; slice views {sizes}")
    print(f"crosshair move, three slices composed and repainted: {summary(redraw)} "
          f"[budget {BUDGET_MS:.0f} ms median: {'ok' if ok else 'OVER'}]")
    print(f"arrow key on a slice until the event loop is idle (3D marker frame deferred): {summary(keys)}")
    win.viewer.close_plotter()
    win.close()
    return 0 if ok else 1


def _window_with_slices():
    """The real window (AAL3) at 1280x800 with the slice dock shown and settled."""
    from explorer.app import build_window

    app, win = build_window("aal3")
    win.showNormal()
    win.resize(1280, 800)
    win.docks["slices"].show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    return app, win


def _redraw_times(app, slices, samples: int) -> list[float]:
    """Move the crosshair along the walk; each sample ends when the three views have repainted."""
    views = list(slices.views.values())
    redraw = []
    for voxel in walk(samples):
        t0 = time.perf_counter()
        slices.show_voxel(voxel)
        for view in views:
            view.repaint()
        redraw.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    return redraw


def _key_times(app, axial) -> list[float]:
    """Real arrow-key presses on a slice, each until the event loop is idle again."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    keys = []
    axial.setFocus()
    for step in range(30):
        app.processEvents()
        t0 = time.perf_counter()
        QTest.keyClick(axial, Qt.Key.Key_Right if step % 2 else Qt.Key.Key_Up)
        app.processEvents()
        keys.append((time.perf_counter() - t0) * 1000)
    return keys


if __name__ == "__main__":
    raise SystemExit(main())
