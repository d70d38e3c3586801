"""Rotation-video benchmark (issue 13), headless. Run: `.venv/bin/python bench/spin.py` (no display needed).

Renders the issue's clips of the amygdala: an MP4 (8 s, 30 fps, 1280x720: target <= 60 s) and a GIF
(8 s at 720p, written at 10 fps: target < 10 MB). Prints the wall time, the time per frame (median,
p90, from one frame's arrival at the writer to the next, so rendering, compositing and encoding are all
in it), the file sizes and the GL renderer. User folders are temp folders.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def clip(loaded, selection, text, path: Path, seconds: float, fps: float, size: tuple[int, int]) -> dict:
    from explorer.render.spin import SpinRequest, write_spin

    stamps = [time.perf_counter()]

    def tick(_done: int, _total: int) -> bool:
        stamps.append(time.perf_counter())
        return True

    result = write_spin(loaded.atlas, loaded.meshes, SpinRequest(selection, size=size, seconds=seconds, fps=fps),
                        path, text, tick)
    total = time.perf_counter() - stamps[0]
    gaps = [(b - a) * 1000 for a, b in zip(stamps, stamps[1:], strict=False)]
    return {"total": total, "frames": result.frames, "fps": result.fps, "gaps": gaps,
            "mb": path.stat().st_size / 1e6}


def report(name: str, figures: dict, target: str) -> None:
    from bench.common import p90

    gaps = figures["gaps"]
    print(f"{name}: {figures['total']:.1f} s for {figures['frames']} frames at {figures['fps']:g} fps; "
          f"per frame median {statistics.median(gaps):.0f} ms, p90 {p90(gaps):.0f} ms; "
          f"{figures['mb']:.2f} MB   [{target}]")


def main() -> None:
    parser = argparse.ArgumentParser(description="rotation-video benchmark")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    os.environ.pop("DISPLAY", None)
    sys.path.insert(0, str(ROOT))
    from bench.common import isolate_user_dirs

    home = isolate_user_dirs(args.cache_dir)
    try:
        run(home, args.seconds)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(home: Path, seconds: float) -> None:
    from bench.common import gl_renderer
    from explorer.model.figure_text import figure_text
    from explorer.model.state import selection_for_region
    from explorer.render.batch import load_everything
    from explorer.render.export import _plotter

    loaded = load_everything(None)
    selection = selection_for_region(loaded.atlas, "amygdala")
    text = figure_text(loaded.atlas, loaded.content, selection, "none", True)
    probe = _plotter(64, 64, "white")
    probe.show(auto_close=False)
    print(f"GL renderer: {gl_renderer(probe.render_window)}; load average before: {os.getloadavg()[0]:.2f}")
    probe.close()
    mp4 = clip(loaded, selection, text, home / "spin.mp4", seconds, 30, (1280, 720))
    report(f"MP4 {seconds:g} s 30 fps 1280x720", mp4, "target: <= 60 s for 8 s")
    gif = clip(loaded, selection, text, home / "spin.gif", seconds, 30, (1280, 720))
    report(f"GIF {seconds:g} s 720p", gif, "target: < 10 MB for 8 s")
    print(f"load average after: {os.getloadavg()[0]:.2f} (2 cores; figures measured under load are provisional)")


if __name__ == "__main__":
    main()
