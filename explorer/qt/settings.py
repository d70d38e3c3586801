"""Typed user settings: one dataclass behind QSettings, every value read back with its own type.

Qt's INI backend reads a one-element list back as a plain string, so every read passes
`type=` (the type of the field's default). A value that cannot be read falls back to its default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


@dataclass
class Settings:
    """Everything the app remembers between sessions."""

    font_scale: float = 1.0
    colour_safe: bool = True
    high_contrast: bool = False
    # The first start shows the medial left view: the four teaching regions side by side (the oblique
    # "Reset view" puts the MPFC in front of the ACC and leaves the amygdala a speck).
    last_view: str = "medial-left"
    last_atlas: str = ""
    last_tour: str = ""
    annotation_packs: list[str] = field(default_factory=list)
    geometry: QByteArray = field(default_factory=QByteArray)
    window_state: QByteArray = field(default_factory=QByteArray)

    @classmethod
    def load(cls, store: QSettings | None = None) -> Settings:
        """Read every field with `type=` its default's type."""
        store = store if store is not None else QSettings()
        defaults = cls()
        values = {}
        for spec in fields(cls):
            default = getattr(defaults, spec.name)
            try:
                if isinstance(default, float):  # type=float goes through C++ float on some PySide6 releases
                    value = float(store.value(spec.name, default, type=str))
                else:
                    value = store.value(spec.name, default, type=type(default))
            except (TypeError, ValueError):
                value = default
            values[spec.name] = default if value is None else value
        values["annotation_packs"] = [str(p) for p in values["annotation_packs"] if str(p).strip()]
        return cls(**values)

    def save(self, *names: str, store: QSettings | None = None) -> None:
        """Write these fields (all when none are named) and flush them to disk."""
        store = store if store is not None else QSettings()
        for name in names or tuple(spec.name for spec in fields(self)):
            store.setValue(name, getattr(self, name))
        store.sync()

    def pack_paths(self) -> list[Path]:
        return [Path(p) for p in self.annotation_packs]


def use_data_folder(folder: Path) -> None:
    """Keep settings as an INI file in the user data folder, beside notes and quiz progress."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
