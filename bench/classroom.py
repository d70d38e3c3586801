"""Classroom benchmarks (issue 6): camera-transition frame times in presentation mode.

Run under a display: `xvfb-run -a .venv/bin/python bench/classroom.py`. The 3D view is fixed at
1280x800; the baseline is the frame time of the same view at rest, measured in the same run.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("needs a display: run `xvfb-run -a .venv/bin/python bench/classroom.py`")
    sys.path.insert(0, str(ROOT))
    from explorer.app import build_window
    from explorer.qt.presentation import FRAME_MS

    app, win = build_window()
    widget = win.viewer.plotter
    presenter = win.presenter
    per_tour = {}
    for tour in win.library.tours.tours.values():
        presenter.start(tour)
        widget.setFixedSize(1280, 800)
        app.processEvents()
        frames = []
        for _ in range(len(tour.steps) - 1):
            ticks = itertools.count(0.0, FRAME_MS / 1000)  # a steady clock: every frame of the glide is drawn
            presenter.clock = lambda t=ticks: next(t)
            presenter.next()
            presenter._timer.stop()  # drive the same frames by hand, timing each as the user sees it
            done = False
            while not done:  # the closing full-quality frame included
                start = time.perf_counter()
                done = presenter.advance()
                app.processEvents()  # includes Qt's paint of the VTK widget
                frames.append((time.perf_counter() - start) * 1000)
        per_tour[tour.title] = frames
        presenter.stop()
    widget.setFixedSize(1280, 800)
    app.processEvents()
    rest = []
    for _ in range(15):
        start = time.perf_counter()
        widget.camera.Azimuth(3)
        widget.render()
        app.processEvents()
        rest.append((time.perf_counter() - start) * 1000)
    print("Social Brain Explorer classroom benchmarks — camera transitions, 3D view 1280x800\n")
    for title, frames in per_tour.items():
        p90 = sorted(frames)[int(len(frames) * 0.9)]
        print(f"{title}: {len(frames)} transition frames, median {statistics.median(frames):.1f} ms, "
              f"p90 {p90:.1f} ms, max {max(frames):.1f} ms      target ≤ 33 ms")
    print(f"Same view at rest (full scene, for comparison): median {statistics.median(rest):.1f} ms")


if __name__ == "__main__":
    main()
    os._exit(0)
