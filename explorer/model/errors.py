"""Errors that name the file and line a problem comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ExplorerError(Exception):
    """A user-facing error: printed as one line, never as a traceback."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a content or atlas file."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ContentError(ExplorerError):
    """A malformed atlas manifest, annotation or label file."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.problem = Problem(Path(path), line, message)
        super().__init__(str(self.problem))
