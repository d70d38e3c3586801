"""The menu bar and toolbar of the main window; every action has a tooltip and, mostly, a key."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QToolBar

from explorer.qt.actions import build_hemisphere_actions, build_view_actions, make_action


def build_menus(w: QMainWindow) -> None:
    """Create menus, toolbar and actions on window `w` (a MainWindow)."""
    menus = w.menuBar()
    file_menu = menus.addMenu("&File")
    file_menu.addAction(make_action(w, "Open atlas file…", "Ctrl+O", w.open_atlas_file,
                                    "Load a label NIfTI with a dseg.tsv, or an atlas manifest"))
    file_menu.addAction(make_action(w, "Export image…", "Ctrl+E", w.export_image,
                                    "Save an annotated image for slides or handouts"))
    file_menu.addAction(make_action(w, "Export handout (PDF)…", "Ctrl+Shift+E", w.export_handout,
                                    "A printable page per teaching region, with your notes"))
    file_menu.addSeparator()
    file_menu.addAction(make_action(w, "Add annotation folder…", None, w.add_pack,
                                    "Load a folder of your own annotations (remembered)"))
    file_menu.addAction(make_action(w, "Forget added annotation folders", None, w.forget_packs))
    file_menu.addSeparator()
    file_menu.addAction(make_action(w, "Quit", "Ctrl+Q", w.close))

    view_menu = menus.addMenu("&View")
    toolbar = QToolBar("Views", w)
    toolbar.setObjectName("toolbar-views")
    w.addToolBar(toolbar)
    w.toolbar = toolbar
    w.view_actions = build_view_actions(w, view_menu, toolbar, w.set_view)
    view_menu.addSeparator()
    toolbar.addSeparator()
    w.hemi_actions = build_hemisphere_actions(w, view_menu, toolbar, w.set_user_hemispheres)
    toolbar.addSeparator()
    w.show_all_action = make_action(w, "Show all regions", "A", w.state.set_show_all,
                                    "Draw every atlas region opaque", checkable=True)
    w.circuit_action = make_action(w, "Circuit view", "C", w.set_circuits,
                                   "Draw the connections the documents describe", checkable=True)
    view_menu.addActions([w.show_all_action, w.circuit_action])
    toolbar.addActions([w.show_all_action, w.circuit_action])
    view_menu.addAction(make_action(w, "Search regions", "Ctrl+F", w.focus_search))
    w.clear_action = make_action(w, "Clear selection", "Esc", lambda: w.state.select(None))
    view_menu.addAction(w.clear_action)
    view_menu.addSeparator()
    view_menu.addAction(make_action(w, "Back", "Alt+Left", w.go_back, "Previous region or topic"))
    view_menu.addAction(make_action(w, "Forward", "Alt+Right", w.go_forward, "Next region or topic"))
    view_menu.addSeparator()
    view_menu.addAction(make_action(w, "Larger text", "Ctrl++", lambda: w.scale_fonts(1.15)))
    view_menu.addAction(make_action(w, "Smaller text", "Ctrl+-", lambda: w.scale_fonts(1 / 1.15)))
    view_menu.addAction(make_action(w, "Normal text size", "Ctrl+0", lambda: w.scale_fonts(None)))
    w.addAction(make_action(w, "Larger text", "Ctrl+=", lambda: w.scale_fonts(1.15)))
    view_menu.addSeparator()
    w.palette_action = make_action(w, "Colour-blind-safe palette (Okabe–Ito)", None, w.set_colour_safe,
                                   "Okabe–Ito colours for the teaching regions", checkable=True)
    w.contrast_action = make_action(w, "High-contrast theme", "Ctrl+Shift+H", w.set_high_contrast,
                                    "Black background, bright regions, bold outline", checkable=True)
    view_menu.addActions([w.palette_action, w.contrast_action])
    view_menu.addSeparator()
    view_menu.addAction(make_action(w, "Notes…", "Ctrl+Shift+N", w.show_notes, "All your notes"))

    w.tour_menu = menus.addMenu("&Tours")
    w.present_action = make_action(w, "Present", "F5", w.present, "Full-screen guided tour for a class")
    w.tour_menu.addAction(w.present_action)
    view_menu.addSeparator()
    view_menu.addAction(w.present_action)  # View > Present, as well as Tours > Present
    w.tour_menu.addSeparator()
    w.tour_group = QActionGroup(w)
    # Presentation keys, as a clicker sends them; only live while presenting.
    w.presenter_actions = [
        make_action(w, "Next step", key, w.presenter.next, "Next step of the tour")
        for key in ("PgDown", "Right", "Space")
    ] + [
        make_action(w, "Previous step", key, w.presenter.previous, "Previous step of the tour")
        for key in ("PgUp", "Left")
    ] + [
        make_action(w, "Blank the screen", "B", w.presenter.toggle_blank, "Black screen, as PowerPoint's B"),
        make_action(w, "Leave presentation", "Esc", w.presenter.stop, "Back to the normal window"),
    ]
    for action in w.presenter_actions:
        action.setEnabled(False)

    quiz_menu = menus.addMenu("&Quiz")
    quiz_menu.addAction(make_action(w, "Start quiz", "Ctrl+K", w.start_quiz, "Questions made from the content"))

    w.atlas_menu = menus.addMenu("&Atlas")
    w.atlas_group = QActionGroup(w)
    for atlas_id, manifest in w.manifests.items():
        action = make_action(w, manifest.name, None, lambda _=False, m=manifest: w.switch_atlas(m), checkable=True)
        action.setData(atlas_id)
        w.atlas_group.addAction(action)
        w.atlas_menu.addAction(action)

    help_menu = menus.addMenu("&Help")
    help_menu.addAction(make_action(w, "Keyboard shortcuts", "F1", w.show_shortcuts))
    help_menu.addAction(make_action(w, "Atlas credits and licences", None, w.show_credits))
    help_menu.addAction(make_action(w, "Content warnings", None, w.show_problems))


def fill_tour_menu(w: QMainWindow) -> None:
    """One entry per tour; a broken tour is listed, disabled, with its file:line problem."""
    for action in list(w.tour_group.actions()):
        w.tour_group.removeAction(action)
        w.tour_menu.removeAction(action)
    for tour in w.tours.tours.values():
        action = QAction(f"{tour.title} ({len(tour.steps)} steps)", w)
        action.setToolTip(tour.description)
        action.setData(tour.id)
        action.triggered.connect(lambda _=False, t=tour: w.presenter.start(t))
        w.tour_group.addAction(action)
        w.tour_menu.addAction(action)
    for stem, problem in w.tours.broken.items():
        action = QAction(f"{stem} (broken: {problem})", w)
        action.setEnabled(False)
        action.setToolTip(str(problem))
        action.setData(None)
        w.tour_group.addAction(action)
        w.tour_menu.addAction(action)
