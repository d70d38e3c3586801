"""Back and forward through the regions and topics a user has visited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

Entry = tuple[str, object]


class History:
    """A browser-style history: visiting after going back drops the forward entries."""

    def __init__(self, limit: int = 200) -> None:
        self.entries: list[Entry] = []
        self.index = -1
        self.limit = limit
        self._replaying = False

    def visit(self, entry: Entry) -> None:
        if self._replaying or (self.index >= 0 and self.entries[self.index] == entry):
            return
        self.entries = self.entries[: self.index + 1] + [entry]
        self.entries = self.entries[-self.limit:]
        self.index = len(self.entries) - 1

    def back(self) -> Entry | None:
        if self.index <= 0:
            return None
        self.index -= 1
        return self.entries[self.index]

    def forward(self) -> Entry | None:
        if self.index >= len(self.entries) - 1:
            return None
        self.index += 1
        return self.entries[self.index]

    @contextmanager
    def replaying(self) -> Iterator[None]:
        """Moves made by back/forward are not new visits."""
        self._replaying = True
        try:
            yield
        finally:
            self._replaying = False
