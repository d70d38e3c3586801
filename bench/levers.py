"""This session's frame levers, each measured off and on in one window, interleaved (issues 11 and 14).

Run under a display: `xvfb-run -a .venv/bin/python bench/levers.py [--cache-dir DIR] [--rounds N]`.
On a shared machine absolute times drift with the load; measuring both sides of a lever in
alternating rounds in the same process keeps their ratio honest. Wall and process CPU time
(llvmpipe's threads included) are printed for:
- the frame while rotating (a real mouse drag, each move until its frame is on screen) and a focus
  glide's frames: full size vs half resolution (explorer/qt/reduced_frames.py);
- click -> the next frame showing the selection: the panel filled before that frame (the old order)
  vs after it (explorer/qt/navigation.py);
- the frame at rest: plain vs the FXAA still frame the window draws once the view rests;
- a tour's step change (the key press's work and its first frame): the scene restyled once per
  state change and the step's citations formatted on every visit (the old way) vs one restyle per
  step and citations formatted once (explorer/qt/scene_control.py `batched`). Peak markers keep
  their mesh on both sides.
User folders are temp folders; the still frame is off while timing (it would land between frames).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench.common and tests.visibility


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    return (time.perf_counter() - start[0]) * 1000, (time.process_time() - start[1]) * 1000


def drag_frames(app, widget) -> list[tuple[float, float]]:
    """(wall, CPU) ms of each frame of a left-button drag through Qt, from the move until its
    frame is on screen (the widget's blit and swap included; the first 3 left out)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from bench.common import ScreenFrames

    screen = ScreenFrames(widget)
    centre = QPoint(640, 400)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    frames = []
    for step in range(1, 24):
        screen.arm()
        start = _clock()
        QTest.mouseMove(widget, centre + QPoint(6 * step - 60, 2 * (step % 10)))
        app.processEvents()
        screen.wait(app)
        frames.append(_since(start))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    app.processEvents()
    screen.remove()
    return frames[3:]


def click_frames(app, win, widget, points: dict) -> list[tuple[float, float]]:
    """(wall, CPU) ms from a click until the next frame showing the new selection has finished."""
    from bench.core import _settle

    out = []
    for i in range(10):
        out.append(_one_click(app, win.viewer.scene, widget, points, "acc" if i % 2 else "mpfc"))
        _settle(app, 0.15)
    return out


def _one_click(app, scene, widget, points: dict, region: str) -> tuple[float, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    done: list[tuple[float, float]] = []
    start = _clock()

    def ended(*_: object) -> None:
        if not done and scene.selection is not None and scene.selection.region_id == region:
            widget.ren_win.WaitForCompletion()  # the render's calls have returned; its drawing may not have
            done.append(_since(start))

    tag = widget.ren_win.AddObserver("EndEvent", ended)
    start = _clock()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[region])
    while not done:
        app.processEvents()
    widget.ren_win.RemoveObserver(tag)
    return done[0]


def glide_frames(app, win, widget) -> list[tuple[float, float]]:
    """(wall, CPU) ms per frame of focus glides (F) there and back, each frame as the user sees it
    (the glide timer's render and Qt's paint): a glide's time over its frame count."""
    from explorer.model.selection import selection_for_region

    win.state.select(selection_for_region(win.state.atlas, "amygdala"))
    out = []
    for _ in range(4):
        home = win.viewer.scene.camera_state()
        for go in (win.scenes.focus_selection, lambda home=home: win.viewer.glide_to(home)):
            frames = []
            tag = widget.ren_win.AddObserver("EndEvent", lambda *_, frames=frames: frames.append(1))
            start = _clock()
            go()
            while win.viewer.scene.interacting:
                app.processEvents()
            wall, cpu = _since(start)
            widget.ren_win.RemoveObserver(tag)
            out.append((wall / max(len(frames), 1), cpu / max(len(frames), 1)))
    win.state.select(None)
    return out


def step_changes(app, win, batched: bool) -> list[tuple[float, float]]:
    """(wall, CPU) ms of each step change of every tour: `next` and its first frame, as in
    bench/classroom.py; the glide itself is then run to its end untimed."""
    from contextlib import nullcontext

    presenter, citations = win.presenter, win.library.content.citations
    presenter.batch = win.scenes.batched if batched else nullcontext
    out = []
    for tour in win.library.tours.tours.values():
        presenter.start(tour)
        win.viewer.plotter.setFixedSize(1280, 800)
        app.processEvents()
        for _ in range(len(tour.steps) - 1):
            if not batched:
                citations._in_text.clear()  # the old code formatted every citation on every visit
            start = _clock()
            presenter.next()
            app.processEvents()
            out.append(_since(start))
            while presenter.animating():
                app.processEvents()
        presenter.stop()
    presenter.batch = win.scenes.batched
    return out


def rest_frames(widget, antialiased: bool) -> list[tuple[float, float]]:
    from explorer.render.lighting import antialias

    out = []
    for _ in range(8):
        widget.camera.Azimuth(3)
        antialias(widget.renderer, antialiased)
        start = _clock()
        widget.ren_win.Render()
        out.append(_since(start))
        antialias(widget.renderer, False)
    return out


def _report(name: str, off: list, on: list, labels: tuple[str, str]) -> None:
    med = statistics.median
    w0, c0 = med([f[0] for f in off]), med([f[1] for f in off])
    w1, c1 = med([f[0] for f in on]), med([f[1] for f in on])
    print(f"{name}\n  {labels[0]:<34} wall {w0:7.1f} ms  CPU {c0:7.1f} ms  (n={len(off)})\n"
          f"  {labels[1]:<34} wall {w1:7.1f} ms  CPU {c1:7.1f} ms  (n={len(on)})\n"
          f"  ratio on/off: wall {w1 / w0:.2f}, CPU {c1 / c0:.2f}")


def run(rounds: int) -> None:
    from bench.common import gl_renderer
    from bench.core import _click_points
    from explorer.app import build_window

    app, win = build_window()
    widget = win.viewer.plotter
    win.resize(1280 + 800, 800 + 120)
    widget.setFixedSize(1280, 800)
    app.processEvents()
    win.viewer.still.enabled = False
    print(f"GL renderer: {gl_renderer(widget.ren_win)}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}, {rounds} alternating rounds\n")
    points = _click_points(win, app, widget)
    results: dict[str, list] = {key: [] for key in ("click-old", "click-new", "drag-full", "drag-half",
                                                    "glide-full", "glide-half",
                                                    "rest-plain", "rest-fxaa", "step-old", "step-new")}
    after_frame = win.navigation._after_frame
    for _ in range(rounds):
        for old in (True, False):
            win.navigation._after_frame = None if old else after_frame  # None: the panel fills first
            win.set_view("medial-left")
            results["click-old" if old else "click-new"] += click_frames(app, win, widget, points)
        win.state.select(None)
        win.set_view("default")
        app.processEvents()
        for reduce in (False, True):
            win.viewer.reduced.enabled = reduce
            results["drag-half" if reduce else "drag-full"] += drag_frames(app, widget)
            results["glide-half" if reduce else "glide-full"] += glide_frames(app, win, widget)
        for fxaa in (False, True):
            results["rest-fxaa" if fxaa else "rest-plain"] += rest_frames(widget, fxaa)
        for batched in (False, True):
            results["step-new" if batched else "step-old"] += step_changes(app, win, batched)
    win.navigation._after_frame = after_frame
    _report_all(results)


def _report_all(results: dict) -> None:
    _report("Click -> next frame with the selection shown (ACC/MPFC, medial-left)", results["click-old"],
            results["click-new"], ("panel first (old order)", "3D frame first, panel after (new)"))
    _report("Frame while rotating (default view, mouse drag, move -> frame on screen)", results["drag-full"],
            results["drag-half"],
            ("full size 1280x800 (old)", "half resolution 640x400 (new)"))
    _report("Focus glide frame (amygdala, there and back; a glide's time over its frames)",
            results["glide-full"], results["glide-half"], ("full size (old)", "half resolution (new)"))
    _report("Tour step change (every step of every tour: the key's work and its first frame)",
            results["step-old"], results["step-new"],
            ("a restyle per state change (old)", "one restyle per step (new)"))
    _report("Frame at rest (default view, ren_win.Render only)", results["rest-plain"], results["rest-fxaa"],
            ("plain (every frame)", "FXAA still frame (once at rest)"))


def main() -> None:
    parser = argparse.ArgumentParser(description="this session's frame levers, off and on")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from bench.common import need_display, run_isolated

    need_display("xvfb-run -a .venv/bin/python bench/levers.py")
    run_isolated(lambda: run(args.rounds), args.cache_dir)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
