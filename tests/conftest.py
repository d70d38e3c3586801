"""Shared fixtures.

Every user folder (data, cache, settings) points into one temp folder per test session, so a run
never reads or writes the real ones; that folder is deleted when the session ends. Meshes are
built once per run in its cache.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_SESSION_ROOT = Path(tempfile.mkdtemp(prefix="sbx-test-"))
for _var, _sub in (("SBX_CACHE_DIR", "cache"), ("SBX_DATA_DIR", "data"), ("XDG_CONFIG_HOME", "config"),
                   ("XDG_CACHE_HOME", "xdg-cache"), ("XDG_DATA_HOME", "xdg-data")):
    os.environ[_var] = str(_SESSION_ROOT / _sub)  # QSettings and platformdirs follow XDG_* on Linux
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionfinish(session, exitstatus):
    """Let background loads of the last windows finish (as the app does on exit), then remove the
    session's temp folder (the cache, data and settings of this run)."""
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(120_000)
    shutil.rmtree(_SESSION_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def regions():
    from explorer.model.regions import load_regions

    return load_regions()


@pytest.fixture(scope="session")
def manifests():
    from explorer.model.catalog import discover

    found, problems = discover()
    assert not problems, problems
    return found


@pytest.fixture(scope="session")
def atlases(manifests, regions):
    from explorer.model.atlas import Atlas

    return {atlas_id: Atlas.load(m, regions) for atlas_id, m in manifests.items()}


@pytest.fixture(scope="session")
def aal3(atlases):
    return atlases["aal3"]


@pytest.fixture(scope="session")
def harvard_oxford(atlases):
    return atlases["harvard-oxford"]


@pytest.fixture(scope="session")
def aal3_meshes(aal3):
    from explorer.render.mesh_cache import load_meshes

    return load_meshes(aal3)


@pytest.fixture(scope="session")
def content(regions):
    from explorer.model.content import load_content

    return load_content(known_regions=set(regions))


@pytest.fixture(scope="module")
def window():
    """The real main window (AAL3), built once per test module."""
    from explorer.app import build_window

    _app, win = build_window("aal3")
    yield win
    win.viewer.close_plotter()
    win.close()


@pytest.fixture
def win(window, qtbot):
    """The window reset to a known state, active so that shortcuts work."""
    window.state.select(None)
    window.state.choose_hemispheres("both")
    window.state.set_show_all(False)
    window.set_view("default")
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window
