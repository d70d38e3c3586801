"""Small JSON files in the user data folder: atomic writes, damaged files kept aside."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from explorer.model.paths import atomic_write_bytes


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
