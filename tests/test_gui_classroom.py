"""Presentation mode, the quiz and notes in the real window (pytest-qt, real keys and clicks)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explorer.model.selection import step_focus, step_selection
from explorer.model.views import VIEWS
from explorer.qt.presentation import TRANSITION_MS
from tests.gui_events import click_3d, click_menu, region_point, widget_point
from tests.visibility import visible_link_pixel

pytestmark = pytest.mark.gui


def _settle(win, qtbot):
    qtbot.waitUntil(lambda: not win.presenter.animating(), timeout=10000)


def _direction(camera):
    position, focal, _up = camera
    d = np.subtract(position, focal)
    return d / np.linalg.norm(d)


def _check_step(win, tour, index):
    """The window shows step `index`: counter, highlight, hemispheres, the slide's selection, view, text."""
    step = tour.steps[index]
    assert win.presenter.index == index and f"step {index + 1} / {len(tour.steps)}" in win.band.counter.text()
    highlighted = {i for i, s in win.viewer.scene.styles.items() if s.highlighted}
    expected = {i for r in step.highlight for i in win.state.atlas.label_ids_for(r)}
    assert highlighted == expected, step.title
    assert win.state.hemispheres == step.hemispheres
    # The same selection and emphasis as the step's exported slide.
    assert win.state.selection == step_selection(win.state.atlas, step)
    assert win.state.focus == step_focus(win.state.atlas, step)
    view = VIEWS[step.view]
    camera = win.viewer.scene.camera_state()
    np.testing.assert_allclose(_direction(camera), np.array(view.direction) / np.linalg.norm(view.direction),
                               atol=1e-6)  # the step's named view (distance depends on the window)
    np.testing.assert_allclose(camera[2], view.up, atol=1e-6)
    assert step.title in win.band.text.toPlainText()


def test_clicker_keys_step_the_tour(win, qtbot):
    tour = win.library.tours.tours["social-brain"]
    win.presenter.start(tour)
    try:
        assert win.band.isVisible() and not win.docks["regions"].isVisible()
        assert "step 1 / 6" in win.band.counter.text()
        cameras = [win.viewer.scene.camera_state()]
        for index, key in enumerate((Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space), start=1):
            qtbot.keyClick(win, key)
            _settle(win, qtbot)
            _check_step(win, tour, index)
            cameras.append(win.viewer.scene.camera_state())
        qtbot.keyClick(win, Qt.Key.Key_PageUp)
        _settle(win, qtbot)
        assert win.presenter.index == 2
        np.testing.assert_allclose(win.viewer.scene.camera_state()[0], cameras[2][0], atol=1e-3)
        # the mouse still rotates during a step
        widget = win.viewer.plotter
        before = widget.camera.position
        qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
        for i in range(1, 6):
            qtbot.mouseMove(widget, QPoint(200 + 15 * i, 200))
        qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(275, 200))
        assert widget.camera.position != before
        qtbot.keyClick(win, Qt.Key.Key_B)
        assert win.stack.currentIndex() == 1  # blank
        qtbot.keyClick(win, Qt.Key.Key_B)
        assert win.stack.currentIndex() == 0
        qtbot.keyClick(win, Qt.Key.Key_Escape)
        assert not win.presenter.active and not win.band.isVisible()
        assert win.menuBar().isVisible() and win.docks["regions"].isVisible()
        assert win.state.focus.shown == frozenset() and win.state.hemispheres == win.state.hemisphere_choice
    finally:
        win.presenter.stop()


def test_a_step_change_glides_without_jump_cuts(win, qtbot):
    """Frames are placed by the clock; with a steady fake clock every frame moves a similar small angle."""
    tour = win.library.tours.tours["social-brain"]
    ticks = iter(np.arange(0.0, 10.0, 0.033))
    win.presenter.clock = lambda: float(next(ticks))
    try:
        win.presenter.start(tour, 0)
        start = win.viewer.scene.camera_state()
        qtbot.keyClick(win, Qt.Key.Key_Right)
        _settle(win, qtbot)
        trail = win.presenter.trail
        end = win.viewer.scene.camera_state()
        assert len(trail) >= TRANSITION_MS // 33  # every frame was shown, none skipped
        np.testing.assert_allclose(trail[0][0], start[0], atol=1e-6)
        np.testing.assert_allclose(trail[-1][0], end[0], atol=1e-6)
        directions = np.array([_direction(c) for c in trail])
        steps = np.degrees(np.arccos(np.clip((directions[1:] * directions[:-1]).sum(axis=1), -1, 1)))
        total = np.degrees(np.arccos(np.clip(directions[0] @ directions[-1], -1, 1)))
        assert total > 20  # the steps really are different views
        assert steps.max() < 3.5 * total / len(steps), steps  # no frame jumps ahead
        distances = np.linalg.norm([np.subtract(c[0], c[1]) for c in trail], axis=1)
        assert np.abs(np.diff(distances)).max() < 0.1 * distances.mean()  # no zoom jump either
    finally:
        win.presenter.stop()
        win.presenter.clock = __import__("time").perf_counter


def test_broken_tour_is_listed_as_broken(win, tmp_path):
    """A teacher's pack with a broken tour: the menu lists it, disabled, with its file:line."""
    (tmp_path / "tours").mkdir()
    (tmp_path / "tours" / "oops.yaml").write_text("title: Oops\nsteps:\n  - title: A\n    view: sideways\n")
    saved = list(win.library.packs)
    menu = win.menus["Tours"]
    try:
        win.library.reload([*saved, tmp_path])  # the menu is refilled when the content changes
        broken = [a for a in menu.actions() if "broken" in a.text()]
        assert len(broken) == 1 and not broken[0].isEnabled() and "oops.yaml:4" in broken[0].text()
        assert menu.actions()[0] is win.registry["tour.present"]  # the fixed entries stay
    finally:
        win.library.reload(saved)
    assert not [a for a in menu.actions() if "broken" in a.text()]


def test_a_tour_starts_from_the_tours_menu(win, qtbot):
    tour = win.library.tours.tours["connection"]
    try:
        click_menu(qtbot, win, "Tours", f"{tour.title} ({len(tour.steps)} steps)")
        assert win.presenter.active and win.presenter.tour.id == "connection"
        assert win.registry["tour.next"].isEnabled() and not win.registry["view.clear"].isEnabled()
    finally:
        win.presenter.stop()
    assert not win.registry["tour.next"].isEnabled() and win.registry["view.clear"].isEnabled()


def test_quiz_scores_a_right_and_a_wrong_click(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # Start quiz
    quiz = win.quiz_panel
    assert win.docks["quiz"].isVisible()
    clicks = [q for q in quiz.queue if q.kind == "click"]
    assert clicks
    question = clicks[0]
    quiz.queue = [question, question]
    quiz.ask_next()
    win.set_view("medial-left")
    assert quiz.wants_click()
    click_3d(qtbot, win, region_point(win, question.answers[0]))
    assert quiz.right == 1 and quiz.asked == 1 and "Right" in quiz.feedback.text()
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    wrong = next(r for r in ("acc", "mpfc", "amygdala") if r != question.answers[0])
    click_3d(qtbot, win, region_point(win, wrong))
    assert quiz.right == 1 and quiz.asked == 2 and "The answer is" in quiz.feedback.text()
    assert win.state.selection.region_id == question.answers[0]  # the right region is shown
    assert quiz.store.progress[question.id]["box"] == 1


def test_notes_are_saved_and_listed(win, qtbot):
    win.navigation.choose("region", "ofc")
    qtbot.keyClicks(win.notes_box.edit, "OFC = value of rewards")
    qtbot.waitUntil(lambda: win.notes.get("region:ofc") == "OFC = value of rewards", timeout=3000)
    from explorer.model.notes import NotesStore

    assert NotesStore(win.notes.path).get("region:ofc") == "OFC = value of rewards"
    win.navigation.choose("region", "acc")
    assert win.notes_box.edit.toPlainText() == ""
    win.navigation.choose("region", "ofc")
    assert win.notes_box.edit.toPlainText() == "OFC = value of rewards"


def test_circuit_view_links_are_clickable(win, qtbot):
    click_menu(qtbot, win, "View", "Circuit view")
    try:
        assert win.state.circuits and win.registry["view.circuits"].isChecked()
        win.set_view("lateral-left")
        display = visible_link_pixel(win.viewer.scene)
        assert display is not None
        click_3d(qtbot, win, widget_point(win, display))
        text = win.panel.toPlainText()
        assert "↔" in text and ("Named together, not a reported connection" in text or "Reported connection" in text)
    finally:
        qtbot.keyClick(win, Qt.Key.Key_C)
    assert not win.state.circuits and not win.viewer.scene.circuits.GetVisibility()


def test_shortcuts_window_and_themes(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_F1)
    table = win.shortcuts_window.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert {"Present", "Next step", "Blank the screen", "Lateral left", "Export image…"} <= set(rows)
    assert rows["Next step"] == "PgDown, Right, Space"
    win.shortcuts_window.close()
    qtbot.keyClick(win, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tuple(win.viewer.plotter.background_color.int_rgb) == (0, 0, 0)
    qtbot.keyClick(win, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tuple(win.viewer.plotter.background_color.int_rgb) == (255, 255, 255)
    amygdala = win.state.atlas.label_ids_for("amygdala")[0]
    safe = win.viewer.scene.styles[amygdala].color
    click_menu(qtbot, win, "View", "Colour-blind-safe palette (Okabe–Ito)")
    assert win.viewer.scene.styles[amygdala].color != safe and not win.settings.colour_safe
    click_menu(qtbot, win, "View", "Colour-blind-safe palette (Okabe–Ito)")
    assert win.viewer.scene.styles[amygdala].color == safe and win.settings.colour_safe
