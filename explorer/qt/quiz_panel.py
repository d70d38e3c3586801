"""The quiz: questions made from the content, answered by clicking in 3D or choosing a name."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.quiz import ProgressStore, Question, generate, order


class QuizPanel(QWidget):
    """Asks one question at a time; `highlight(str)` and `show_answer(str)` ask the window for 3D help."""

    highlight = Signal(object)  # region id / 'label:<id>' to highlight, or None
    reveal = Signal(str)  # the right answer, to select and show its annotation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = QComboBox()
        self.scope.addItem("Teaching regions", "teaching")
        self.scope.addItem("All regions and atlas labels", "all")
        self.scope.setAccessibleName("Quiz scope")
        self.prompt = QLabel("Press Start to begin.")
        self.prompt.setWordWrap(True)
        self.prompt.setAccessibleName("Question")
        self.choices = QVBoxLayout()
        self.group = QButtonGroup(self)
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.feedback.setOpenExternalLinks(False)
        self.feedback.linkActivated.connect(lambda link: self.reveal.emit(link))
        self.score_label = QLabel("Score: 0 / 0")
        self.start_button = QPushButton("Start")
        self.next_button = QPushButton("Next question")
        self.next_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.next_button.clicked.connect(self.ask_next)
        top = QHBoxLayout()
        top.addWidget(self.scope, 1)
        top.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addLayout(self.choices)
        layout.addWidget(self.feedback)
        layout.addStretch(1)
        layout.addWidget(self.score_label)
        layout.addWidget(self.next_button)
        self.atlas: Atlas | None = None
        self.content: ContentLibrary | None = None
        self.store: ProgressStore | None = None
        self.queue: list[Question] = []
        self.current: Question | None = None
        self.answered = False
        self.right = self.asked = 0

    def setup(self, atlas: Atlas, content: ContentLibrary) -> None:
        self.atlas, self.content = atlas, content

    def start(self) -> None:
        self.store = self.store or ProgressStore()
        questions = generate(self.content, self.atlas, self.scope.currentData())
        self.queue = order(questions, self.store.progress)
        self.right = self.asked = 0
        self.ask_next()

    def name_of(self, key: str) -> str:
        if key.startswith("label:"):
            return self.atlas.labels[int(key[6:])].full_name
        return self.atlas.region_defs[key].title

    def ask_next(self) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        self.feedback.setText("")
        if not self.queue:
            self.current = None
            self.prompt.setText("No more questions: well done. Press Start to go again.")
            self.highlight.emit(None)
            return
        self.current = self.queue.pop(0)
        self.answered = False
        self.next_button.setEnabled(False)
        self.prompt.setText(self.current.prompt)
        self.highlight.emit(self.current.highlight)
        for key in self.current.choices:
            button = QRadioButton(self.name_of(key))
            button.setProperty("answer", key)
            self.group.addButton(button)
            self.choices.addWidget(button)
            button.clicked.connect(lambda _=False, k=key: self.answer(k))

    def wants_click(self) -> bool:
        return self.current is not None and self.current.kind == "click" and not self.answered

    def answer_click(self, label_id: int | None) -> bool:
        """Judge a click in 3D by what was picked."""
        region = self.atlas.label_region.get(label_id) if label_id else None
        return self.answer(region or (f"label:{label_id}" if label_id else "nothing"))

    def answer(self, key: str) -> bool:
        if self.current is None or self.answered:
            return False
        self.answered = True
        correct = key in self.current.answers
        self.asked += 1
        self.right += correct
        self.store.answer(self.current.id, correct)
        right = self.current.answers[0]
        if correct:
            self.feedback.setText(f"✔ Right: {self.name_of(right)}.")
        else:
            clicked = "empty space" if key == "nothing" else self.name_of(key)
            self.feedback.setText(f"✘ That was {clicked}. The answer is <b>{self.name_of(right)}</b>, now "
                                  f'highlighted. <a href="{right}">Read its annotation</a>.')
            self.queue.insert(min(2, len(self.queue)), self.current)  # it comes back soon
            self.highlight.emit(right)
        self.score_label.setText(f"Score: {self.right} / {self.asked}")
        self.next_button.setEnabled(True)
        return correct
