"""Soak: the real window takes thousands of random clicks, drags and shortcut keys; memory must stay flat.

Run under a display: `xvfb-run -a -s "-screen 0 1920x1080x24" python bench/soak.py [--events 5000]`.
The window is built by `explorer.app.build_window`, as the app builds it. Every event is a real Qt
event (QTest) on the 3D view or the window. User data, settings and the mesh cache live in a temp
folder (pass --cache-dir to reuse meshes built before). Passes when nothing raised and RSS grew by
less than 50 MB from the first report (after a warm-up) to the last.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = [*"012345678", "Esc", "A", "Alt+L", "Alt+R", "Alt+B", "C"]
LIMIT_MB = 50.0


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


class Soak:
    """Random user input on the main window, with RSS sampled every `every` events."""

    def __init__(self, app, win, seed: int) -> None:
        from PySide6.QtTest import QTest

        self.app, self.win, self.qtest = app, win, QTest
        self.widget = win.viewer.plotter
        self.rng = random.Random(seed)
        self.counts = {"click": 0, "drag": 0, "key": 0}
        self.errors: list[str] = []

    def _point(self):
        from PySide6.QtCore import QPoint

        w, h = self.widget.width(), self.widget.height()
        return QPoint(self.rng.randrange(10, w - 10), self.rng.randrange(10, h - 10))

    def click(self) -> None:
        from PySide6.QtCore import Qt

        point = self._point()
        self.qtest.mouseMove(self.widget, point)  # the hover pick, as a real pointer gives
        self.qtest.mouseClick(self.widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    def drag(self) -> None:
        from PySide6.QtCore import QPoint, Qt

        button = self.rng.choice([Qt.MouseButton.LeftButton] * 3 + [Qt.MouseButton.RightButton])
        point = self._point()
        self.qtest.mousePress(self.widget, button, Qt.KeyboardModifier.NoModifier, point)
        for _ in range(self.rng.randrange(3, 9)):
            point = point + QPoint(self.rng.randrange(-30, 31), self.rng.randrange(-30, 31))
            self.qtest.mouseMove(self.widget, point)
            self.app.processEvents()
        self.qtest.mouseRelease(self.widget, button, Qt.KeyboardModifier.NoModifier, point)

    def key(self) -> None:
        from PySide6.QtCore import Qt

        name = self.rng.choice(KEYS)
        modifier = Qt.KeyboardModifier.AltModifier if name.startswith("Alt+") else Qt.KeyboardModifier.NoModifier
        key = {"Esc": Qt.Key.Key_Escape}.get(name) or getattr(Qt.Key, f"Key_{name[-1]}")
        self.qtest.keyClick(self.win, key, modifier)

    def step(self) -> None:
        kind = self.rng.choices(["click", "drag", "key"], weights=[5, 2, 3])[0]
        try:
            getattr(self, kind)()
            self.app.processEvents()
        except Exception:  # a crash of the app's own code shows up here or in the excepthook
            self.errors.append(traceback.format_exc())
        self.counts[kind] += 1


def run(events: int, every: int, seed: int, size: tuple[int, int]) -> int:
    from explorer.app import build_window

    errors: list[str] = []
    sys.excepthook = lambda *exc: errors.append("".join(traceback.format_exception(*exc)))  # slots' errors
    t0 = time.perf_counter()
    app, win = build_window()
    win.resize(*size)
    win.activateWindow()
    app.processEvents()
    soak = Soak(app, win, seed)
    print(f"window ready in {time.perf_counter() - t0:.1f} s; 3D view {soak.widget.width()}x{soak.widget.height()}; "
          f"RSS {_rss_mb():.0f} MB", flush=True)
    for _ in range(50):  # warm-up: first-use caches (fonts, citations, GL buffers) are not leaks
        soak.step()
    gc.collect()
    curve = [(0, _rss_mb())]
    print(f"after 50 warm-up events: RSS {curve[0][1]:.0f} MB", flush=True)
    started = time.perf_counter()
    for done in range(1, events + 1):
        soak.step()
        if done % every == 0 or done == events:
            gc.collect()
            curve.append((done, _rss_mb()))
            rate = done / (time.perf_counter() - started)
            print(f"{done:>6} events  RSS {curve[-1][1]:7.1f} MB  ({curve[-1][1] - curve[0][1]:+6.1f} MB)  "
                  f"{rate:.1f} events/s  refs to None {sys.getrefcount(None)}  {soak.counts}", flush=True)
    errors += soak.errors
    return report(curve, errors, win)


def report(curve: list[tuple[int, float]], errors: list[str], win) -> int:
    # The baseline is the lower of the warm-up sample and the first report, and the figure judged is
    # the highest sample after it: a transient peak during warm-up (first-use work in a background
    # thread) must not hide growth behind it.
    start = min(rss for _n, rss in curve[:2])
    end, peak = curve[-1][1], max(rss for _n, rss in curve[1:])
    growth = peak - start
    steps = [b[1] - a[1] for a, b in zip(curve, curve[1:], strict=False)]
    print(f"\nRSS baseline {start:.1f} MB, end {end:.1f} MB (end - baseline {end - start:+.1f} MB), "
          f"peak {peak:.1f} MB: growth {growth:+.1f} MB over {curve[-1][0]} events "
          f"(median step {statistics.median(steps):+.1f} MB per {curve[1][0] - curve[0][0]} events)   "
          f"target < {LIMIT_MB:.0f} MB")
    print(f"window still open: {win.isVisible()}; errors raised: {len(errors)}")
    for text in errors[:3]:
        print(text)
    ok = not errors and growth < LIMIT_MB and win.isVisible()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--every", type=int, default=500, help="report RSS every N events")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--size", default="1280x800", help="window size (default: a school laptop's 1280x800)")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import need_display

    need_display('xvfb-run -a -s "-screen 0 1920x1080x24" python bench/soak.py')
    home = Path(tempfile.mkdtemp(prefix="sbx-soak-"))
    os.environ["SBX_DATA_DIR"] = str(home / "data")  # notes, progress and QSettings
    os.environ["SBX_CACHE_DIR"] = args.cache_dir or str(home / "cache")
    try:
        code = run(args.events, args.every, args.seed, tuple(int(v) for v in args.size.split("x")))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    sys.stdout.flush()
    os._exit(code)  # skip Qt/VTK teardown


if __name__ == "__main__":
    main()
