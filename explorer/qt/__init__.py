"""Qt layer: windows and panels on top of the model and render layers."""

import os

os.environ.setdefault("QT_API", "pyside6")  # pyvistaqt goes through qtpy
