"""Export benchmarks (issue 5), headless. Run: `.venv/bin/python bench/export.py` (no display needed).

Figures are compared with baselines measured in the same run: a plain pyvista screenshot of
the same scene at the same size, and a single CLI export for the batch.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, runs: int = 3) -> float:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "explorer", *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    os.environ.pop("DISPLAY", None)  # headless, as in a school's batch job
    from explorer.model.figure_text import figure_text
    from explorer.model.state import selection_for_region
    from explorer.render.batch import load_everything
    from explorer.render.export import ExportRequest, plain_screenshot, render_figure, write_figure

    loaded = load_everything(None)
    atlas, meshes, content = loaded.atlas, loaded.meshes, loaded.content
    out = Path(tempfile.mkdtemp(prefix="sbx-bench-export-"))
    selection = selection_for_region(atlas, "amygdala")
    request = ExportRequest(selection, "medial-left", (3840, 2160), callouts="all", annotation=True)

    def annotated() -> None:
        text = figure_text(atlas, content, selection, "all", True)
        write_figure(render_figure(atlas, meshes, request, text), out / "4k.png")

    def plain() -> None:
        from PIL import Image

        Image.fromarray(plain_screenshot(atlas, meshes, request)).save(out / "plain.png", compress_level=3)

    annotated()  # warm caches (fonts, citations)
    t_annotated = timed(annotated)
    t_plain = timed(plain)
    t_one = statistics.median(cli("export", "--region", "amygdala", "--view", "medial-left", "--callouts",
                                  "--size", "slide", "-o", str(out / "one.png")) for _ in range(2))
    batch = out / "batch"
    batch.mkdir()
    t_batch = cli("export", "--regions", "amygdala,mpfc,ofc,acc", "--views", "lateral-left,medial-left",
                  "--callouts", "--size", "slide", "-o", str(batch))
    print(f"Social Brain Explorer export benchmarks — {os.cpu_count()} cores, software GL, no display\n")
    print(f"4K annotated PNG (render + callouts + write), in process: {t_annotated:.2f} s      target ≤ 3 s")
    print(f"Plain pyvista screenshot, same scene and size, written:   {t_plain:.2f} s")
    print(f"  ratio annotated / plain: {t_annotated / t_plain:.2f}                               target ≤ 1.5")
    print(f"CLI, one slide-size image (start-up included):            {t_one:.2f} s")
    print(f"CLI, batch of 8 images ({len(list(batch.iterdir()))} written):                        {t_batch:.2f} s")
    print(f"  ratio batch / one: {t_batch / t_one:.2f}                                     target < 6")


if __name__ == "__main__":
    main()
