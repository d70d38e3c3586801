"""A small action registry: each action is declared once (id, text, keys, tip, callback) and the
menus, the toolbar, the keyboard shortcuts and the F1 window are all built from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

SEPARATOR = "-"


@dataclass(frozen=True)
class ActionSpec:
    """One user command. `keys`: the first is shown in menus; all of them work."""

    id: str
    text: str
    callback: Callable[..., object]
    keys: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False
    group: str | None = None  # actions sharing a group are mutually exclusive
    enabled: bool = True


class ActionRegistry:
    """Creates a QAction per spec on `owner` (so its keys work wherever focus is) and finds them by id."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.specs: dict[str, ActionSpec] = {}
        self.actions: dict[str, QAction] = {}
        self.groups: dict[str, QActionGroup] = {}

    def add(self, spec: ActionSpec) -> QAction:
        if spec.id in self.actions:
            raise ValueError(f"action {spec.id!r} declared twice")
        action = QAction(spec.text, self.owner)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        tip = spec.tip or spec.text
        action.setToolTip(f"{tip} ({spec.keys[0]})" if spec.keys else tip)
        action.setStatusTip(tip)
        action.setCheckable(spec.checkable)
        action.setEnabled(spec.enabled)
        if spec.checkable:
            action.triggered.connect(spec.callback)
        else:
            action.triggered.connect(lambda _checked=False, f=spec.callback: f())
        if spec.group:
            group = self.groups.setdefault(spec.group, QActionGroup(self.owner))
            group.addAction(action)
        self.owner.addAction(action)
        self.specs[spec.id] = spec
        self.actions[spec.id] = action
        return action

    def add_all(self, specs: Iterable[ActionSpec]) -> None:
        for spec in specs:
            self.add(spec)

    def remove(self, action_id: str) -> None:
        action = self.actions.pop(action_id)
        self.specs.pop(action_id)
        self.owner.removeAction(action)
        if action.actionGroup():
            action.actionGroup().removeAction(action)
        action.deleteLater()

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def ids(self, prefix: str) -> list[str]:
        return [i for i in self.actions if i.startswith(prefix)]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(text, keys) for every action with a key, for the F1 window."""
        rows = {(s.text.replace("&", ""), ", ".join(s.keys)) for s in self.specs.values() if s.keys}
        return sorted(rows, key=lambda row: row[0].lower())


def fill_menu(menu: QMenu | QToolBar, registry: ActionRegistry, ids: Iterable[str]) -> None:
    for action_id in ids:
        if action_id == SEPARATOR:
            menu.addSeparator()
        else:
            menu.addAction(registry[action_id])


def build_menu_bar(bar: QMenuBar, registry: ActionRegistry, layout: dict[str, tuple[str, ...]]) -> dict[str, QMenu]:
    """One menu per title, holding the listed action ids (and separators)."""
    menus = {}
    for title, ids in layout.items():
        menu = bar.addMenu(title)
        menu.setObjectName(f"menu-{title.strip('&').lower()}")
        fill_menu(menu, registry, ids)
        menus[title.strip("&")] = menu
    return menus
