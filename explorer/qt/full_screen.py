"""The window's layout while presenting: full screen, only the 3D view and the band, the clicker keys on."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QMainWindow, QWidget

from explorer.model.tours import Tour
from explorer.qt.action_registry import ActionRegistry
from explorer.qt.presentation import PresentationBand
from explorer.qt.settings import Settings


class FullScreenPresentation:
    """Enters on the presenter's `started`, leaves on `stopped`, and gives back the layout it found."""

    def __init__(self, window: QMainWindow, band: PresentationBand, registry: ActionRegistry, settings: Settings,
                 presenter_keys: Iterable[str], docks: Callable[[], Iterable[QWidget]],
                 bars: Callable[[], Iterable[QWidget]]) -> None:
        self.window, self.band, self.registry, self.settings = window, band, registry, settings
        self.presenter_keys = tuple(presenter_keys)
        self.docks, self.bars = docks, bars  # hidden while presenting (the toolbar, menu and status bars)
        self._layout_before = window.saveState()

    def enter(self, tour: Tour) -> None:
        self._layout_before = self.window.saveState()
        for widget in (*self.docks(), *self.bars()):
            widget.hide()
        self.band.set_scale(self.settings.font_scale)
        self.band.show()
        self._keys(True)
        self.window.showFullScreen()
        self.settings.last_tour = tour.id
        self.settings.save("last_tour")

    def leave(self) -> None:
        """Back to the window as it was: the docks the user had open come back, no others."""
        self._keys(False)
        self.band.hide()
        self.window.showNormal()
        for widget in self.bars():
            widget.show()
        self.window.restoreState(self._layout_before)

    def _keys(self, on: bool) -> None:
        self.registry["view.clear"].setEnabled(not on)  # Esc leaves the presentation instead
        for action_id in self.presenter_keys:
            self.registry[action_id].setEnabled(on)
