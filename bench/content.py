"""Content benchmarks (issue 4): load all shipped content, and click -> panel fully rendered.

Run: `xvfb-run -a .venv/bin/python bench/content.py`
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOAD = """
import time
t0 = time.perf_counter()
from explorer.model.content import load_content
from explorer.model.regions import load_regions
t1 = time.perf_counter()
lib = load_content(known_regions=set(load_regions()))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, len(lib.annotations), len(lib.problems))
"""


def main() -> None:
    runs = [subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, cwd=ROOT, check=True)
            for _ in range(5)]
    values = [list(map(float, r.stdout.split()[:2])) for r in runs]
    imports = statistics.median(v[0] for v in values)
    load = statistics.median(v[1] for v in values)
    pages = runs[0].stdout.split()[2]

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from explorer.app import build_window

    sys.path.insert(0, str(ROOT))
    from tests.visibility import visible_pixel

    app, win = build_window()
    app.processEvents()
    time.sleep(1.5)  # let the background thread format the references, as a user's first second would
    widget = win.viewer.plotter
    win.set_view("medial-left")
    app.processEvents()
    points = []
    for region in ("acc", "mpfc", "amygdala", "ofc"):
        x, y = visible_pixel(win.viewer.scene, win.state.atlas.label_ids_for(region))
        points.append(QPoint(x, widget.height() - 1 - y))
    rendered = []
    for i in range(40):
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[i % 4])
        win.panel.viewport().repaint()  # the panel's text laid out and painted
        rendered.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    print("Social Brain Explorer content benchmarks\n")
    print(f"Load all shipped content ({pages} pages): {load * 1000:.0f} ms "
          f"(+ {imports * 1000:.0f} ms of imports)      target ≤ 150 ms")
    print(f"Click -> panel fully rendered, median of 40: {statistics.median(rendered):.1f} ms "
          f"(p90 {sorted(rendered)[35]:.1f} ms)      target ≤ 50 ms")


if __name__ == "__main__":
    main()
    import os

    os._exit(0)
