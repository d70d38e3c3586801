"""A student's notes, one per region or topic, saved atomically in the user data folder."""

from __future__ import annotations

from pathlib import Path

from explorer.model.paths import data_dir
from explorer.model.storage import JsonFile


def _valid(data: object) -> bool:
    return isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


class NotesStore:
    """Notes keyed by 'region:<id>', 'topic:<id>' or 'label:<atlas>:<id>'.

    Several windows may share the file: a save merges the one changed note into what is
    on disk (under a lock), and reads pick up notes another window has saved.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "notes.json"
        self._file = JsonFile(self.path, _valid)

    @property
    def notes(self) -> dict[str, str]:
        return self._file.read()

    def get(self, key: str) -> str:
        return self.notes.get(key, "")

    def set(self, key: str, text: str) -> None:
        """Save at once, changing only this key; a crash mid-write keeps the last good copy."""

        def change(notes: dict[str, str]) -> dict[str, str]:
            notes = dict(notes)
            if text.strip():
                notes[key] = text
            else:
                notes.pop(key, None)
            return notes

        self._file.update(change)

    def all(self) -> dict[str, str]:
        return dict(self.notes)
