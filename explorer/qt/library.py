"""The content library: shipped and added annotation folders, tours, and the content warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from explorer.model.content import ContentLibrary, load_content
from explorer.model.errors import Problem
from explorer.model.tours import Tour, TourCatalog
from explorer.qt import dialogs
from explorer.qt.settings import Settings


class Library(QObject):
    """Owns the loaded content and tours; `content_changed` tells everyone who shows content."""

    content_changed = Signal(object)

    def __init__(self, content: ContentLibrary, packs: list[Path], region_ids: set[str], problems: list[Problem],
                 settings: Settings, parent: QWidget) -> None:
        super().__init__(parent)
        self.content, self.packs, self.region_ids = content, packs, region_ids
        self.problems, self.settings, self.parent_widget = problems, settings, parent
        self.button = QPushButton("")
        self.button.setFlat(True)
        self.button.setToolTip("Files that were skipped or have problems")
        self.button.clicked.connect(self.show_problems)
        self._update_button()

    @property
    def tours(self) -> TourCatalog:
        """Every pack's tours (the shipped ones first); broken ones are in content.problems too."""
        return self.content.tours

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *self.content.problems]

    def reload(self, packs: list[Path]) -> None:
        self.packs = packs
        self.content = load_content(packs, known_regions=self.region_ids)
        self._update_button()
        self.content_changed.emit(self.content)

    def add_pack(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Annotation folder")
        if folder:
            if folder not in self.settings.annotation_packs:
                self.settings.annotation_packs.append(folder)
                self.settings.save("annotation_packs")
            self.reload([*self.packs, Path(folder)])

    def forget_packs(self) -> None:
        self.settings.annotation_packs = []
        self.settings.save("annotation_packs")
        self.reload([])

    def show_problems(self) -> None:
        dialogs.show_problems(self.parent_widget, self.all_problems())

    def _update_button(self) -> None:
        count = len(self.all_problems())
        self.button.setText(f"⚠ {count} content warning(s)" if count else "")
        self.button.setVisible(bool(count))

    def fill_tour_menu(self, menu: QMenu, start: Callable[[Tour], None]) -> None:
        """One entry per tour after the menu's fixed actions; a broken tour is listed, disabled, with its
        file:line problem."""
        for action in menu.actions():
            if action.property("tour-entry"):
                menu.removeAction(action)
                action.deleteLater()
        entries = []
        for tour in self.tours.tours.values():
            pack = "" if tour.pack == "built-in" else f", from {tour.pack}"
            action = QAction(f"{tour.title} ({len(tour.steps)} steps{pack})", menu)
            action.setToolTip(tour.description)
            action.setData(tour.id)
            action.triggered.connect(lambda _=False, t=tour: start(t))
            entries.append(action)
        for stem, problem in self.tours.broken.items():
            action = QAction(f"{stem} (broken: {problem})", menu)
            action.setEnabled(False)
            action.setToolTip(str(problem))
            entries.append(action)
        for action in entries:
            action.setProperty("tour-entry", True)
            menu.addAction(action)
