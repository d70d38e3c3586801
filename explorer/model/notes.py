"""A student's notes, one per region or topic, saved atomically in the user data folder."""

from __future__ import annotations

from pathlib import Path

from explorer.model.paths import data_dir
from explorer.model.storage import load_json, save_json


def _valid(data: object) -> bool:
    return isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


class NotesStore:
    """Notes keyed by 'region:<id>', 'topic:<id>' or 'label:<atlas>:<id>'."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "notes.json"
        self.notes: dict[str, str] = load_json(self.path, _valid, {})

    def get(self, key: str) -> str:
        return self.notes.get(key, "")

    def set(self, key: str, text: str) -> None:
        """Save at once; the file is replaced atomically, so a crash keeps the last good copy."""
        if text.strip():
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        save_json(self.path, self.notes)

    def all(self) -> dict[str, str]:
        return dict(self.notes)
