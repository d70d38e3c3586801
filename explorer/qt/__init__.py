"""Qt layer: windows and panels on top of the model and render layers.

A click, from the VTK pick to the panel's HTML (each hop is `file  Class.method`; paths are
under explorer/):

 1. render/interaction.py  ClickOrDrag._released      a press and release within 4 px is a click
                                                      (a drag rotates instead); calls on_click(x, y)
 2. qt/viewer.py           BrainViewer._clicked       picks at (x, y) and emits label_clicked(hit)
 3. render/picking.py      RegionPicker.pick          ray cast: a RegionHit, a LinkHit (circuit tube)
                                                      or None (empty space)
 4. qt/main_window.py      MainWindow._route_click    a quiz waiting for a click takes it, else
                                                      navigation does (wired in MainWindow._wire)
 5. qt/navigation.py       Navigation.select_hit      a region becomes a Selection
                                                      (model/selection.py selection_for_label)
 6. model/state.py         AppState.select            stores it and emits selection_changed; it is
                                                      the only channel from selecting to showing
 7. qt/navigation.py       Navigation.show_selection  listens to the state and builds the page; for a
                                                      click, once the click's 3D frame is drawn
                                                      (Navigation._fill_after_frame)
 8. model/panel_html.py    region_panel_html          the panel's HTML (page_for finds the page)
 9. qt/annotation_panel.py AnnotationPanel.show_html  the QTextBrowser shows it; its links come
                                                      back to Navigation.choose (step 5's twin)

The other listener of selection_changed is qt/scene_control.py SceneController.restyle, which
restyles the 3D scene (render/scene.py BrainScene.apply) and asks for its frame at once, so the
selection shows in 3D before the panel's text is built; qt/crosshair.py Crosshair.follow_click
moves the slices to the picked point. qt/still_frame.py StillFrame draws the view once more,
anti-aliased, when it has rested; qt/reduced_frames.py ReducedFrames halves the resolution while
the camera rotates or glides.

The other controllers, each built with explicit arguments by MainWindow:
- library.py       content, annotation folders (packs), tours and content warnings.
- presentation.py  Presenter: runs a tour through the state, glides the camera; the band widget.
- full_screen.py   the window's layout while presenting (full screen, band, clicker keys).
- theme.py         high contrast, colour-safe palette, text size.
- quiz_control.py  the quiz panel (quiz_panel.py) tied to the state and to 3D clicks.
- exports.py       export image / handout dialogs (export_dialog.py).
- action_list.py   every command declared once (action_registry.py builds menus, toolbar, keys, F1).
- settings.py      the typed settings object behind QSettings.
- loading.py       atlas loading in a worker thread.
"""

import os

os.environ.setdefault("QT_API", "pyside6")  # pyvistaqt goes through qtpy
