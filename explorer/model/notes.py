"""A student's notes, one per region or topic, saved atomically in the user data folder."""

from __future__ import annotations

import json
import logging
import warnings
from datetime import datetime
from pathlib import Path

from explorer.model.paths import atomic_write_bytes, data_dir

log = logging.getLogger(__name__)


def move_aside(path: Path, reason: str) -> Path:
    """Keep a damaged file as `<name>.corrupt` (never overwrite it silently) and warn."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.corrupt")
    path.replace(target)
    warnings.warn(f"{path} was unreadable ({reason}); kept it as {target.name} and started afresh", stacklevel=3)
    return target


class NotesStore:
    """Notes keyed by 'region:<id>', 'topic:<id>' or 'label:<atlas>:<id>'."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "notes.json"
        self.notes: dict[str, str] = self._read()

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
                raise ValueError("not a mapping of texts")
            return data
        except (ValueError, UnicodeDecodeError) as exc:
            move_aside(self.path, str(exc))
            return {}

    def get(self, key: str) -> str:
        return self.notes.get(key, "")

    def set(self, key: str, text: str) -> None:
        """Save at once: the whole file is replaced atomically, so a crash keeps the last good copy."""
        if text.strip():
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        data = json.dumps(self.notes, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        atomic_write_bytes(self.path, data)

    def all(self) -> dict[str, str]:
        return dict(self.notes)
