"""Export benchmarks (issues 5 and 14), headless. Run: `.venv/bin/python bench/export.py` (no display needed).

Figures are compared with baselines measured in the same run, on equal work: the annotated 4K
export renders its 3D view in a viewport smaller than 4K (the text bands and the callout column
take the rest), so its baseline is a plain pyvista screenshot of the same scene at that viewport's
size. A plain full-4K screenshot is printed too, for reference. User folders are temp folders.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, runs: int = 3) -> tuple[float, float]:
    """Median wall time and median CPU time (all threads of this process, llvmpipe's included), in s."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "explorer", *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="export benchmarks")
    parser.add_argument("--cache-dir", help="mesh cache to reuse (default: a fresh temp folder)")
    args = parser.parse_args()
    os.environ.pop("DISPLAY", None)  # headless, as in a school's batch job
    sys.path.insert(0, str(ROOT))
    from bench.common import isolate_user_dirs

    home = isolate_user_dirs(args.cache_dir)  # the CLI runs below inherit these folders
    try:
        run(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _renderer_string() -> str:
    """The GL renderer, and the anti-aliasing both sides render with (both use the export's plotter)."""
    from bench.common import gl_renderer
    from explorer.render.export import _plotter

    plotter = _plotter(64, 64, "white")
    plotter.show(auto_close=False)
    try:
        return (f"{gl_renderer(plotter.render_window)}; both sides anti-aliased alike: MSAA "
                f"{plotter.render_window.GetMultiSamples()} samples, FXAA {bool(plotter.renderer.GetUseFXAA())}")
    finally:
        plotter.close()


def run(home: Path) -> None:
    from explorer.render.batch import load_everything

    loaded = load_everything(None)
    out = home / "out"
    out.mkdir()
    figures = {**_in_process(loaded, out), **_cli_runs(out)}
    _print_report(figures, loaded.atlas.id)


def _in_process(loaded, out: Path) -> dict:
    """The annotated 4K PNG, and plain screenshots at its 3D viewport's size and at full 4K."""
    from PIL import Image

    from explorer.model.figure_text import figure_text
    from explorer.model.state import selection_for_region
    from explorer.render.composition import plan
    from explorer.render.export import ExportRequest, plain_screenshot, render_figure, write_figure

    atlas, meshes, content = loaded.atlas, loaded.meshes, loaded.content
    selection = selection_for_region(atlas, "amygdala")
    request = ExportRequest(selection, "medial-left", (3840, 2160), callouts="all", annotation=True)
    text = figure_text(atlas, content, selection, "all", True)
    _vx, _vy, vw, vh = plan(3840, 2160, text, callouts=True).viewport

    def annotated() -> None:
        write_figure(render_figure(atlas, meshes, request, figure_text(atlas, content, selection, "all", True)),
                     out / "4k.png")

    def plain(size: tuple[int, int]) -> None:
        shot = plain_screenshot(atlas, meshes, replace(request, size=size))
        Image.fromarray(shot).save(out / "plain.png", compress_level=3)

    annotated()  # warm caches (fonts, citations)
    plain((vw, vh))
    runs = {"annotated": [], "equal": []}
    for _ in range(5):  # alternated, so a change in the machine's load falls on both sides alike
        runs["annotated"].append(timed(annotated, 1))
        runs["equal"].append(timed(lambda: plain((vw, vh)), 1))
    medians = {k: tuple(statistics.median(r[i] for r in v) for i in (0, 1)) for k, v in runs.items()}
    return {"viewport": (vw, vh), **medians, "4k": timed(lambda: plain((3840, 2160)))}


def _cli_runs(out: Path) -> dict:
    """One slide-size image, and a batch of eight, through the CLI (start-up included)."""
    one = statistics.median(cli("export", "--region", "amygdala", "--view", "medial-left", "--callouts",
                                "--size", "slide", "-o", str(out / "one.png")) for _ in range(2))
    batch = out / "batch"
    batch.mkdir()
    seconds = cli("export", "--regions", "amygdala,mpfc,ofc,acc", "--views", "lateral-left,medial-left",
                  "--callouts", "--size", "slide", "-o", str(batch))
    return {"one": one, "batch": seconds, "written": len(list(batch.iterdir()))}


def _print_report(f: dict, atlas_id: str) -> None:
    from explorer.render.png import LEVEL

    vw, vh = f["viewport"]
    mpx = vw * vh / 1e6
    (aw, ac), (pw, pc), (fw, _fc) = f["annotated"], f["equal"], f["4k"]
    print(f"Social Brain Explorer export benchmarks — {os.cpu_count()} cores, no display, "
          f"GL renderer: {_renderer_string()}, atlas {atlas_id}\n")
    print(f"Plain side: Pillow PNG at compress_level 3. Annotated side: the export's own PNG writer "
          f"(explorer/render/png.py:\nthe Up filter on every row, zlib level {LEVEL}; the same pixels as Pillow's, "
          "a file about 8 % larger than Pillow's at level 3);\nit also draws its title band and footer in a second "
          "thread while VTK renders (CPU time counts that thread too).")
    print(f"4K annotated PNG, in process: 3D viewport {vw}x{vh} ({mpx:.2f} Mpx rendered), "
          f"written 3840x2160 (8.29 Mpx): {aw:.2f} s (CPU {ac:.2f} s)      target ≤ 3 s")
    print(f"Plain pyvista screenshot at the same {vw}x{vh} ({mpx:.2f} Mpx rendered), written: {pw:.2f} s "
          f"(CPU {pc:.2f} s)")
    print(f"  ratio annotated / plain at equal rendered pixels: {aw / pw:.2f} (CPU time: {ac / pc:.2f})"
          "      target ≤ 1.5")
    print(f"Plain pyvista screenshot at 3840x2160 (8.29 Mpx rendered), written: {fw:.2f} s  "
          f"(ratio {aw / fw:.2f}: unequal work, the plain image renders {8.29 / mpx:.1f}x the pixels)")
    print(f"CLI, one slide-size image (start-up included):            {f['one']:.2f} s")
    print(f"CLI, batch of 8 images ({f['written']} written):                        {f['batch']:.2f} s")
    print(f"  ratio batch / one: {f['batch'] / f['one']:.2f}                                     target < 6")


if __name__ == "__main__":
    main()
