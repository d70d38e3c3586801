"""Classroom benchmarks (issues 6 and 14): every frame of a tour's step change in presentation mode.

Run under a display: `xvfb-run -a .venv/bin/python bench/classroom.py`. The 3D view is fixed at
1280x800. For every step of every tour this times, until its frame is on screen (the widget's blit and swap):
the step change itself (restyle, text, start of the glide), each transition frame, and the
closing full-quality frame. The baseline is the same view at rest, measured in the same run.
Glide frames are drawn at half resolution (explorer/qt/reduced_frames.py); `--full-size` draws
them at full size, for comparison. The anti-aliased still frame is off while timing (the window
draws it 300 ms after the view rests, which a steady clock never lets happen between frames).
The tours start once start-up has ended (its warm-up thread formats references and builds the
region trees after the first frame, sharing the two cores). User data, settings and the mesh cache
are temp folders.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(app, screen, fn):
    """ms from calling fn until its frame is on screen (the widget's blit and swap); fn's result."""
    start = time.perf_counter()
    screen.arm()
    result = fn()
    app.processEvents()  # the widget's present of the frame fn rendered
    if screen.rendered:
        screen.wait(app)
    return (time.perf_counter() - start) * 1000, result


def tour_frames(app, presenter, widget, tour) -> dict[str, list[float]]:
    """Step changes, transition frames and closing frames of one tour, in ms."""
    from bench.common import ScreenFrames
    from explorer.qt.presentation import FRAME_MS

    out: dict[str, list[float]] = {"step": [], "transition": [], "closing": []}
    presenter.start(tour)
    widget.setFixedSize(1280, 800)
    app.processEvents()
    screen = ScreenFrames(widget)
    for _ in range(len(tour.steps) - 1):
        ticks = itertools.count(0.0, FRAME_MS / 1000)  # a steady clock: every frame of the glide is drawn
        presenter.clock = lambda t=ticks: next(t)
        out["step"].append(_timed(app, screen, lambda: (presenter.next(), presenter._timer.stop()))[0])
        done = False
        while not done:  # drive the timer's frames by hand, timing each as the user sees it
            ms, done = _timed(app, screen, presenter.advance)
            out["closing" if done else "transition"].append(ms)
    screen.remove()
    presenter.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="classroom benchmarks")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    parser.add_argument("--full-size", action="store_true", help="draw glide frames at full size")
    args = parser.parse_args()
    from bench.common import need_display, run_isolated

    need_display("xvfb-run -a .venv/bin/python bench/classroom.py")
    run_isolated(lambda: run(args.full_size), args.cache_dir)


def run(full_size: bool = False) -> None:
    from bench.common import ScreenFrames, gl_renderer, p90, summary, wait_quiet
    from explorer.app import build_window

    app, win = build_window()
    widget = win.viewer.plotter
    wait_quiet(app)  # a tour starts once start-up has ended: its threads would share the two cores
    win.viewer.still.enabled = False
    win.viewer.reduced.enabled = not full_size
    per_tour = {tour.title: tour_frames(app, win.presenter, widget, tour) for tour in win.library.tours.tours.values()}
    widget.setFixedSize(1280, 800)
    app.processEvents()
    screen = ScreenFrames(widget)
    rest = []
    for _ in range(15):
        widget.camera.Azimuth(3)
        rest.append(_timed(app, screen, widget.ren_win.Render)[0])
    print(f"Social Brain Explorer classroom benchmarks — tour step changes, 3D view 1280x800, "
          f"glide frames at {'full size' if full_size else 'half resolution'}, "
          f"GL renderer: {gl_renderer(widget.ren_win)}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    every: list[float] = []
    for title, parts in per_tour.items():
        frames = parts["step"] + parts["transition"] + parts["closing"]
        every += frames
        print(f"{title}: every frame {summary(frames)}      target p90 ≤ 33 ms")
        for name, values in parts.items():
            print(f"    {name:<10} {summary(values)}")
    print(f"All tours: every frame, step change and closing frame included: p90 {p90(every):.1f} ms, "
          f"median {statistics.median(every):.1f} ms, max {max(every):.1f} ms      target p90 ≤ 33 ms")
    print(f"Same view at rest (full scene, for comparison): {summary(rest)}")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
