"""Qt layer: windows and panels on top of the model and render layers.

Map (read in this order to follow a click from the VTK pick to the panel's HTML):

- viewer.py        BrainViewer: the QtInteractor. A click (not a drag) is picked by
                   render/picking.py and sent out as `label_clicked(Hit | None)`.
- main_window.py   MainWindow: lays out widgets, creates the controllers below and wires them
                   (`_wire`). `_route_click` gives the click to the quiz, or to navigation.
- navigation.py    Navigation: `select_hit` / `choose` turn a click, a list entry or a link into a
                   Selection and write it to the AppState (model/state.py). It also listens to the
                   state: `show_selection` builds the panel's HTML with model/panel_html.py.
- scene_control.py SceneController: the other listener of the state; restyles the 3D scene.
- annotation_panel.py  the QTextBrowser showing that HTML; its links come back to Navigation.

The other controllers, each built with explicit arguments:
- library.py       content, annotation folders (packs), tours and content warnings.
- presentation.py  Presenter: runs a tour through the state, glides the camera; the band widget.
- theme.py         high contrast, colour-safe palette, text size.
- quiz_control.py  the quiz panel (quiz_panel.py) tied to the state and to 3D clicks.
- exports.py       export image / handout dialogs (export_dialog.py).
- action_list.py   every command declared once (action_registry.py builds menus, toolbar, keys, F1).
- settings.py      the typed settings object behind QSettings.
- loading.py       atlas loading in a worker thread.
"""

import os

os.environ.setdefault("QT_API", "pyside6")  # pyvistaqt goes through qtpy
