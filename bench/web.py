"""Web lesson benchmark (issue 13): page size, generation time, and time to the first 3D frame in headless Chromium.

Run: `.venv/bin/python bench/web.py [--tour social-brain] [--loads 5]` (no display needed; needs Debian's
chromium and chromium-driver, as bootstrap.sh installs them). The first frame is the page's own clock
(performance.now(), from navigation start) at the animation frame after the first WebGL draw. Limits:
the default lesson is <= 15 MB and opens in <= 3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description="web lesson benchmark")
    parser.add_argument("--atlas", default="aal3")
    parser.add_argument("--tour", default=None, help="include this tour (default: none, the default lesson)")
    parser.add_argument("--loads", type=int, default=5, help="page loads to time")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    args = parser.parse_args()
    from bench.common import isolate_user_dirs, summary

    home = isolate_user_dirs(args.cache_dir)
    try:
        page = Path(tempfile.mkdtemp(prefix="sbx-web-")) / "lesson.html"
        generate(args, page)
        frames = first_frames(page, args.loads)
        print(f"first frame in headless Chromium: {summary(frames)}; limit 3000 ms")
        shutil.rmtree(page.parent, ignore_errors=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def generate(args: argparse.Namespace, page: Path) -> None:
    from explorer.model.web_content import find_tour
    from explorer.render.batch import load_everything
    from explorer.render.web_lesson import write_lesson

    loaded = load_everything(args.atlas)
    tour = find_tour(loaded.content, args.tour) if args.tour else None
    times = []
    for _ in range(3):
        start = time.perf_counter()
        size = write_lesson(page, loaded.atlas, loaded.meshes, loaded.content, tour)
        times.append(time.perf_counter() - start)
    print(f"lesson ({args.atlas}, tour {args.tour or 'none'}): {size / 1e6:.2f} MB (limit 15 MB); "
          f"generated in {statistics.median(times):.2f} s (median of 3, atlas and meshes loaded)")


def first_frames(page: Path, loads: int) -> list[float]:
    from tests.browser import browser_paths, chrome_driver, open_lesson

    browser, chromedriver = browser_paths()
    if not (browser and chromedriver):
        sys.exit("chromium and chromium-driver are needed (bootstrap.sh installs them)")
    driver = chrome_driver(browser, chromedriver)
    try:
        frames, cpu = [], []
        for _ in range(loads):
            driver.get("about:blank")
            before = browser_cpu_seconds(driver)
            frames.append(open_lesson(driver, page)["first_frame_ms"])
            cpu.append(browser_cpu_seconds(driver) - before)
        print(f"browser CPU time per load (all Chromium processes, to the first frame and the polling after it): "
              f"median {statistics.median(cpu):.2f} s, max {max(cpu):.2f} s (n={len(cpu)}); the wall time below "
              f"includes waiting for a shared CPU")
        return frames
    finally:
        driver.quit()


def browser_cpu_seconds(driver) -> float:
    """User + system CPU seconds used so far by every process under chromedriver (the browser's)."""
    import psutil

    total = 0.0
    for process in psutil.Process(driver.service.process.pid).children(recursive=True):
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


if __name__ == "__main__":
    main()
