"""Closing the window while a background count is still running is clean: no error from a deleted signal."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.gui


def test_closing_the_window_mid_count_prints_no_error(qtbot, capfd, monkeypatch):
    from PySide6.QtCore import QThreadPool

    from explorer.app import build_window
    from explorer.model import agreement

    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_count(atlas, in_child=True, cancel=None):  # stands in for the first, seconds-long count
        started.set()
        release.wait(10)
        done.set()

    monkeypatch.setattr(agreement, "begin_warm_up", lambda atlas: True)
    monkeypatch.setattr(agreement, "warm_up", slow_count)
    _app, win = build_window("aal3")
    qtbot.waitExposed(win)
    win.navigation.choose("region", "amygdala")  # a region panel starts the count in a worker thread
    assert started.wait(5)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    win.viewer.close_plotter()
    win.close()
    win.deleteLater()
    qtbot.wait(50)
    del win
    gc.collect()
    release.set()
    assert done.wait(5)
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(100)  # let any queued signal arrive
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err
    assert "Traceback" not in err, err
    assert not unraisable


QUIT_MID_COUNT = '''
import sys
import time

from explorer.model import agreement


def slow_count(atlas, in_child=True, cancel=None):
    time.sleep(3)


if __name__ == "__main__":
    from PySide6.QtCore import QTimer

    from explorer import app

    agreement.begin_warm_up = lambda atlas: True
    agreement.warm_up = slow_count
    build = app.build_window

    def build_and_quit_mid_count(*args, **kwargs):
        qt_app, win = build(*args, **kwargs)

        def select_then_close():
            win.navigation.choose("region", "amygdala")  # starts the count
            QTimer.singleShot(200, win.close)  # the last window closes: the app quits mid-count

        QTimer.singleShot(500, select_then_close)
        return qt_app, win

    app.build_window = build_and_quit_mid_count
    sys.exit(app.run("aal3"))
'''


def test_quitting_mid_count_exits_cleanly(tmp_path):
    """The real `run()`: the last window closes while the count runs; the process ends with no error."""
    script = tmp_path / "quit_mid_count.py"
    script.write_text(QUIT_MID_COUNT)
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "Signal source has been deleted" not in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


QUIT_DURING_REAL_COUNT = '''
import sys
import time

if __name__ == "__main__":
    from PySide6.QtCore import QTimer

    from explorer import app
    from explorer.model import agreement

    build = app.build_window

    def build_and_quit_mid_count(*args, **kwargs):
        qt_app, win = build(*args, **kwargs)

        def close():
            pending = agreement.pending(win.state.atlas)
            print(f"closing at {time.time()} pending={pending}", file=sys.stderr, flush=True)
            win.close()

        def select_then_close():
            win.navigation.choose("region", "amygdala")  # starts the real count: nothing is cached yet
            QTimer.singleShot(1500, close)  # the count is still running (its child loads the other atlases)

        QTimer.singleShot(500, select_then_close)
        return qt_app, win

    app.build_window = build_and_quit_mid_count
    sys.exit(app.run("aal3"))
'''


def test_quitting_during_a_real_first_count_is_prompt(tmp_path, aal3_meshes):
    """The last window closes 1.5 s into a first agreement count (nothing cached: the count's child
    loads the other atlases, then the tables are counted): the process ends within 5 s of the close,
    instead of waiting for the whole count."""
    import shutil
    import time

    cache = tmp_path / "cache"
    cache.mkdir()
    for mesh in Path(os.environ["SBX_CACHE_DIR"]).glob("meshes-aal3-*.npz"):  # the window's meshes only
        shutil.copy(mesh, cache)
    script = tmp_path / "quit_during_count.py"
    script.write_text(QUIT_DURING_REAL_COUNT)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SBX_CACHE_DIR": str(cache),
           "SBX_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env=env)
    ended = time.time()
    assert result.returncode == 0, result.stderr
    closing = re.search(r"closing at ([\d.]+) pending=(\w+)", result.stderr)
    assert closing, result.stderr
    assert closing.group(2) == "True"  # the count was running when the window closed
    assert ended - float(closing.group(1)) < 5.0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for table in cache.glob("agreement-*.npy"):  # anything written is whole (written atomically)
        np.load(table, allow_pickle=False)


def test_closing_the_window_cancels_the_other_atlases_load(qtbot, monkeypatch):
    """The slice dock's load of the other atlases (seconds from a cold cache) is told to stop when the
    window closes, so quitting does not wait for every atlas."""
    from explorer.app import build_window
    from explorer.model import agreement

    started, flags = threading.Event(), []

    def slow_load(atlas, region_id=None, cancel=None):
        flags.append(cancel)
        started.set()
        cancel.wait(10)
        return [], []

    monkeypatch.setattr(agreement, "other_atlases", slow_load)
    _app, win = build_window("aal3")
    qtbot.waitExposed(win)
    assert win.crosshair.others.get(win.state.atlas) is None  # loading
    assert started.wait(5) and not flags[0].is_set()
    win.close()
    assert flags[0].is_set()
