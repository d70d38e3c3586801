"""The standard views, defined once: names, titles, keys, directions and the hemisphere they show.

The CLI, tour files, the toolbar and the renderer all read these; `render/views.py` turns a
view into a camera.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    name: str
    title: str
    direction: tuple[float, float, float]  # from the focal point towards the camera
    up: tuple[float, float, float]
    hemisphere: str | None = None  # medial views show one hemisphere only
    key: str = ""


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("lateral-left", "Lateral left", (-1, 0, 0), (0, 0, 1), None, "1"),
        View("lateral-right", "Lateral right", (1, 0, 0), (0, 0, 1), None, "2"),
        View("medial-left", "Medial left", (1, 0, 0), (0, 0, 1), "left", "3"),
        View("medial-right", "Medial right", (-1, 0, 0), (0, 0, 1), "right", "4"),
        View("anterior", "Anterior", (0, 1, 0), (0, 0, 1), None, "5"),
        View("posterior", "Posterior", (0, -1, 0), (0, 0, 1), None, "6"),
        View("superior", "Superior", (0, 0, 1), (0, 1, 0), None, "7"),
        View("inferior", "Inferior", (0, 0, -1), (0, 1, 0), None, "8"),
        View("default", "Reset view", (-0.62, 0.55, 0.36), (0, 0, 1), None, "0"),
    )
}

VIEW_NAMES: tuple[str, ...] = tuple(VIEWS)
