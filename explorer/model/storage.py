"""Small JSON files in the user data folder: atomic writes, merged under a lock, damaged files kept aside.

Two windows (or two copies of the app) may share one file. Every change is therefore a
read-modify-write under a file lock: re-read what is on disk, change only the one key,
write the result atomically. Nobody's edit is lost to another window's stale copy.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from explorer.model.errors import ExplorerError
from explorer.model.paths import atomic_write_bytes

LOCK_TIMEOUT_S = 10.0


def move_aside(path: Path, reason: str) -> Path:
    """Keep a damaged file as `<name>.<time>.corrupt` (never overwrite it silently) and warn."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.{stamp}.corrupt")
    path.replace(target)
    warnings.warn(f"{path} was unreadable ({reason}); kept it as {target.name} and started afresh", stacklevel=3)
    return target


def load_json(path: Path, valid: Callable[[Any], bool], default: Any) -> Any:
    """The file's data, or `default` if absent; a damaged or invalid file is moved aside."""
    if not path.exists():
        return default
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not valid(data):
            raise ValueError("unexpected structure")
        return data
    except (ValueError, UnicodeDecodeError) as exc:
        move_aside(path, str(exc))
        return default


def save_json(path: Path, data: Any) -> None:
    """Replace the whole file atomically: a crash mid-write keeps the previous version."""
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def update_json(path: Path, valid: Callable[[Any], bool], change: Callable[[dict], dict]) -> dict:
    """Under a lock: re-read the file, apply `change`, write atomically; return what was written."""
    from filelock import FileLock, Timeout

    lock = FileLock(path.with_name(f"{path.name}.lock"), timeout=LOCK_TIMEOUT_S)
    try:
        with lock:
            data = change(load_json(path, valid, {}))
            save_json(path, data)
    except Timeout:
        raise ExplorerError(f"{path}: another program has held its lock for {LOCK_TIMEOUT_S:g} s; not saved") from None
    return data


class JsonFile:
    """A JSON object on disk that is re-read whenever another process has changed it."""

    def __init__(self, path: Path, valid: Callable[[Any], bool]) -> None:
        self.path, self.valid = Path(path), valid
        self._stamp: tuple[int, int, int] | None = None
        self._data: dict = {}
        self.read()

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size  # an atomic replace makes a new inode

    def read(self) -> dict:
        """The current contents (cached until the file's time stamp or size changes)."""
        stamp = self._stat()
        if stamp is None or stamp != self._stamp:
            self._data = load_json(self.path, self.valid, {})
            self._stamp = self._stat()
        return self._data

    def update(self, change: Callable[[dict], dict]) -> dict:
        """Merge one change into what is on disk now (see `update_json`)."""
        self._data = update_json(self.path, self.valid, change)
        self._stamp = self._stat()
        return self._data
