"""Shared by the benchmarks: a display check, isolated user folders, the GL renderer string, and summary figures."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def need_display(command: str) -> None:
    """Stop with the command to use when a windowed benchmark runs on Linux without a display."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise SystemExit(f"needs a display: run `{command}`")


def run_isolated(run: Callable[[], None], cache_dir: str | None = None) -> None:
    """Run a benchmark with its user folders in a temp folder, removed afterwards."""
    home = isolate_user_dirs(cache_dir)
    try:
        run()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def isolate_user_dirs(cache_dir: str | None = None) -> Path:
    """Point user data, settings (QSettings live in the data folder) and the mesh cache at a temp folder.

    `cache_dir` reuses an existing mesh cache (e.g. one warmed earlier in the same run).
    """
    home = Path(tempfile.mkdtemp(prefix="sbx-bench-"))
    os.environ["SBX_DATA_DIR"] = str(home / "data")
    os.environ["SBX_CACHE_DIR"] = cache_dir or str(home / "cache")
    return home


def gl_renderer(render_window) -> str:
    """The OpenGL renderer string of a render window that has rendered (e.g. 'llvmpipe (LLVM 15.0.7, 256 bits)')."""
    for line in render_window.ReportCapabilities().splitlines():
        if "renderer string" in line.lower():
            return line.split(":", 1)[1].strip()
    return "unknown"


def wait_quiet(app, timeout: float = 20.0, settle: float = 1.0) -> None:
    """Wait for the start-up's background threads (e.g. reference formatting): they compete with the
    first frames measured for the two cores, and process CPU time counts every thread. The event loop
    runs `settle` seconds first: the first frame is what starts the warm-up thread."""
    import threading

    end = time.perf_counter() + settle
    while time.perf_counter() < end:
        app.processEvents()
    end = time.perf_counter() + timeout
    while threading.active_count() > 1 and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.02)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.1f} ms, p90 {p90(values):.1f} ms, max {max(values):.1f} ms "
            f"(n={len(values)})")


class ScreenFrames:
    """Tells when a frame has reached the screen, not only VTK's framebuffer.

    The render window's EndEvent ends VTK's render into its own framebuffer. The app's widget
    then blits that frame into its native child window's back buffer and swaps it (pyvistaqt's own
    widget, a QOpenGLWidget, blits it into its texture and Qt composes and swaps the whole window:
    under software GL that cost as much as the render). A frame is on screen at the first
    `frame_shown` (pyvistaqt's widget: `frameSwapped`) after a render has ended.
    """

    def __init__(self, widget) -> None:
        self.rendered = self.shown = False
        self.renders = self.swaps = 0
        self.widget = widget
        self._tag = widget.ren_win.AddObserver("EndEvent", self._rendered)
        self._signal = widget.frame_shown if hasattr(widget, "frame_shown") else widget.frameSwapped  # pyvistaqt's
        self._signal.connect(self._swapped)

    def remove(self) -> None:
        self.widget.ren_win.RemoveObserver(self._tag)
        self._signal.disconnect(self._swapped)

    def arm(self) -> None:
        self.rendered = self.shown = False

    def _rendered(self, *_: object) -> None:
        self.rendered = True
        self.renders += 1

    def _swapped(self) -> None:
        self.swaps += 1
        if self.rendered:
            self.shown = True

    def wait(self, app, timeout: float = 10.0) -> None:
        """Process events until a frame rendered since `arm` is on screen."""
        end = time.perf_counter() + timeout
        while not self.shown:
            if time.perf_counter() > end:
                raise SystemExit("no frame reached the screen within 10 s")
            app.processEvents()


class FrameClock:
    """When the first frame that passes `ready` finished rendering and reached the screen (the widget's
    next `frame_shown`). At VTK's EndEvent llvmpipe may still be drawing: the clock waits for it (glFinish)."""

    def __init__(self, widget, ready=lambda: True) -> None:
        self.ready = ready
        self.rendered: float | None = None
        self.shown: float | None = None
        self._window = widget.ren_win
        widget.ren_win.AddObserver("EndEvent", self._ended)
        widget.frame_shown.connect(self._swapped)

    def reset(self) -> None:
        self.rendered = self.shown = None

    def _ended(self, *_: object) -> None:
        if self.rendered is None and self.ready():
            self._window.WaitForCompletion()
            self.rendered = time.perf_counter()

    def _swapped(self) -> None:
        if self.rendered is not None and self.shown is None:
            self.shown = time.perf_counter()

    def wait(self, app, start: float, timeout: float = 10.0) -> tuple[float, float]:
        """Process events until that frame is on screen; seconds from `start` to its render's end and
        to the screen."""
        while self.shown is None:
            if time.perf_counter() - start > timeout:
                raise SystemExit("no frame with the selection shown within 10 s")
            app.processEvents()
        times = (self.rendered - start, self.shown - start)
        self.reset()
        return times
