"""Menus and toolbar: views, hemispheres, show-all and atlases, each with a key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from explorer.render.views import VIEWS

HEMISPHERE_ACTIONS = (("both", "Both hemispheres", "Alt+B"), ("left", "Left only", "Alt+L"),
                      ("right", "Right only", "Alt+R"))


def make_action(window: QMainWindow, text: str, shortcut: str | None, slot: Callable, tip: str = "",
                checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(f"{tip or text} ({shortcut})" if shortcut else (tip or text))
    action.setStatusTip(tip or text)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work wherever focus is
    return action


def build_view_actions(window: QMainWindow, menu: QMenu, toolbar: QToolBar,
                       on_view: Callable[[str], None]) -> dict[str, QAction]:
    actions = {}
    for name, view in VIEWS.items():
        action = make_action(window, view.title, view.key, lambda _=False, n=name: on_view(n),
                             f"{view.title} view")
        action.setObjectName(f"view-{name}")
        menu.addAction(action)
        toolbar.addAction(action)
        actions[name] = action
    return actions


def build_hemisphere_actions(window: QMainWindow, menu: QMenu, toolbar: QToolBar,
                             on_mode: Callable[[str], None]) -> dict[str, QAction]:
    group = QActionGroup(window)
    group.setExclusive(True)
    actions = {}
    for mode, text, key in HEMISPHERE_ACTIONS:
        action = make_action(window, text, key, lambda _=False, m=mode: on_mode(m), f"Show {text.lower()}",
                             checkable=True)
        action.setObjectName(f"hemi-{mode}")
        group.addAction(action)
        menu.addAction(action)
        toolbar.addAction(action)
        actions[mode] = action
    actions["both"].setChecked(True)
    return actions
