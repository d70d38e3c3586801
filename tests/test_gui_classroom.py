"""Presentation mode, the quiz and notes in the real window (pytest-qt, real keys and clicks)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explorer.render.picking import LinkHit
from explorer.render.views import VIEWS
from tests.visibility import visible_pixel

pytestmark = pytest.mark.gui


def _settle(win, qtbot):
    qtbot.waitUntil(lambda: not win.presenter.animating(), timeout=5000)


def test_clicker_keys_step_the_tour(win, qtbot):
    tour = win.tours.tours["social-brain"]
    win.presenter.start(tour)
    try:
        assert win.band.isVisible() and not win.docks[0].isVisible()
        assert "step 1 / 6" in win.band.counter.text()
        cameras = [win.viewer.scene.camera_state()]
        for index, key in enumerate((Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space), start=1):
            qtbot.keyClick(win, key)
            _settle(win, qtbot)
            step = tour.steps[index]
            assert win.presenter.index == index and f"step {index + 1} / 6" in win.band.counter.text()
            highlighted = {i for i, s in win.viewer.scene.styles.items() if s.highlighted}
            expected = {i for r in step.highlight for i in win.state.atlas.label_ids_for(r)}
            assert highlighted == expected, step.title
            assert win.state.hemispheres == step.hemispheres
            cameras.append(win.viewer.scene.camera_state())
            position, focal, up = cameras[-1]
            direction = np.subtract(position, focal) / np.linalg.norm(np.subtract(position, focal))
            view = VIEWS[step.view]
            np.testing.assert_allclose(direction, np.array(view.direction) / np.linalg.norm(view.direction),
                                       atol=1e-6)  # the step's named view (distance depends on the window)
            np.testing.assert_allclose(up, view.up, atol=1e-6)
            assert step.title in win.band.text.toPlainText()
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
        assert win.menuBar().isVisible()
    finally:
        win.presenter.stop()


def test_transition_frames_stay_fast(win, qtbot):
    tour = win.tours.tours["connection"]
    win.presenter.frame_times.clear()
    win.presenter.start(tour)
    try:
        win.presenter.next()
        _settle(win, qtbot)
        assert len(win.presenter.frame_times) >= 20  # about a second of interpolated frames, not a jump cut
    finally:
        win.presenter.stop()


def test_broken_tour_is_listed_as_broken(win, tmp_path, regions, content):
    from explorer.model.tours import load_tours
    from explorer.qt.menus import fill_tour_menu

    (tmp_path / "oops.yaml").write_text("title: Oops\nsteps:\n  - title: A\n    view: sideways\n")
    saved = win.tours
    win.tours = load_tours(tmp_path, set(regions), content)
    try:
        fill_tour_menu(win)
        broken = [a for a in win.tour_menu.actions() if "broken" in a.text()]
        assert len(broken) == 1 and not broken[0].isEnabled() and "oops.yaml:4" in broken[0].text()
    finally:
        win.tours = saved
        fill_tour_menu(win)


def _click_region(win, qtbot, region):
    atlas = win.state.atlas
    x, y = visible_pixel(win.viewer.scene, atlas.label_ids_for(region))
    widget = win.viewer.plotter
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(x, widget.height() - 1 - y))


def test_quiz_scores_a_right_and_a_wrong_click(win, qtbot):
    win.start_quiz()
    quiz = win.quiz
    clicks = [q for q in quiz.queue if q.kind == "click"]
    assert clicks
    question = clicks[0]
    quiz.queue = [question, question]
    quiz.ask_next()
    win.set_view("medial-left")
    assert quiz.wants_click()
    _click_region(win, qtbot, question.answers[0])
    assert quiz.right == 1 and quiz.asked == 1 and "Right" in quiz.feedback.text()
    quiz.ask_next()
    wrong = next(r for r in ("acc", "mpfc", "amygdala") if r != question.answers[0])
    _click_region(win, qtbot, wrong)
    assert quiz.right == 1 and quiz.asked == 2 and "The answer is" in quiz.feedback.text()
    assert win.state.selection.region_id == question.answers[0]  # the right region is shown
    assert quiz.store.progress[question.id]["box"] == 1


def test_notes_are_saved_and_listed(win, qtbot):
    win.choose("region", "ofc")
    qtbot.keyClicks(win.notes_box.edit, "OFC = value of rewards")
    qtbot.waitUntil(lambda: win.notes.get("region:ofc") == "OFC = value of rewards", timeout=3000)
    from explorer.model.notes import NotesStore

    assert NotesStore(win.notes.path).get("region:ofc") == "OFC = value of rewards"
    win.choose("region", "acc")
    assert win.notes_box.edit.toPlainText() == ""
    win.choose("region", "ofc")
    assert win.notes_box.edit.toPlainText() == "OFC = value of rewards"


def test_circuit_view_links_are_clickable(win, qtbot):
    win.circuit_action.setChecked(True)
    win.set_circuits(True)
    win.set_view("lateral-left")
    scene = win.viewer.scene
    mesh = scene.circuits.mapper.GetInput()
    from explorer.render.visibility import project

    points = np.asarray(mesh.points)
    screen = project(scene, points)
    widget = win.viewer.plotter
    hit = None
    for x, y, _z in screen[:: max(len(screen) // 40, 1)]:
        candidate = win.viewer.pick(int(x), int(y))
        if isinstance(candidate, LinkHit):
            hit = (int(x), int(y))
            break
    assert hit is not None
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(hit[0], widget.height() - 1 - hit[1]))
    text = win.panel.toPlainText()
    assert "↔" in text and ("regulates social behavior" in text or "amygdala and hypothalamus" in text)
    win.circuit_action.setChecked(False)
    win.set_circuits(False)


def test_shortcuts_window_and_themes(win, qtbot):
    win.show_shortcuts()
    rows = {win.shortcuts_window.table.item(r, 0).text() for r in range(win.shortcuts_window.table.rowCount())}
    assert {"Present", "Next step", "Blank the screen", "Lateral left", "Export image…"} <= rows
    win.shortcuts_window.close()
    win.set_high_contrast(True)
    assert tuple(win.viewer.plotter.background_color.int_rgb) == (0, 0, 0)
    win.set_high_contrast(False)
    amygdala = win.state.atlas.label_ids_for("amygdala")[0]
    safe = win.viewer.scene.styles[amygdala].color
    win.set_colour_safe(False)
    assert win.viewer.scene.styles[amygdala].color != safe
    win.set_colour_safe(True)
    assert win.viewer.scene.styles[amygdala].color == safe
