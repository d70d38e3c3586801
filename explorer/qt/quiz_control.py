"""The quiz in the window: its questions highlight regions through the state, answers come from 3D clicks."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from explorer.model.selection import selection_for_label, selection_for_region
from explorer.model.state import AppState
from explorer.qt.navigation import Navigation
from explorer.qt.quiz_panel import QuizPanel

ASK_NAME = "<h2>Quiz</h2><p>Which region is highlighted? Answer in the quiz panel.</p>"


class QuizControl(QObject):
    """Connects the quiz panel to the state (highlights) and to navigation (revealing an answer)."""

    def __init__(self, panel: QuizPanel, dock: QDockWidget, state: AppState, navigation: Navigation) -> None:
        super().__init__(panel)
        self.panel, self.dock, self.state, self.navigation = panel, dock, state, navigation
        panel.highlight.connect(self._highlight)
        panel.reveal.connect(self._reveal)

    def start(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.start()

    def wants_click(self) -> bool:
        return self.panel.wants_click()

    def answer_click(self, label_id: int | None) -> None:
        self.panel.answer_click(label_id)

    def _highlight(self, key: object) -> None:
        atlas = self.state.atlas
        if key is None:
            self.state.select(None)
        elif str(key).startswith("label:"):
            self.state.select(selection_for_label(atlas, int(str(key)[6:])))
        else:
            self.state.select(selection_for_region(atlas, str(key)))
        current = self.panel.current
        if key is not None and current and current.kind == "name" and not self.panel.answered:
            self.navigation.show_message(ASK_NAME)  # the panel must not give the answer away

    def _reveal(self, key: str) -> None:
        if key.startswith("label:"):
            self.navigation.choose("label", int(key[6:]))
        else:
            self.navigation.choose("region", key)
