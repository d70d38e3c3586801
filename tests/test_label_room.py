"""Cameras that keep room for on-screen labels (explorer/render/views.py `beside_labels`): no label
column may lie over a labelled region, and the brain is made no smaller than that needs."""

from __future__ import annotations

import numpy as np

from explorer.render.views import VIEWS, _pixel_x, beside_labels, camera_for

SIZE = (1280, 1000)
ANGLE = 30.0
COLUMN = 300


def _blob(centre) -> np.ndarray:
    """Points of a small region around an MNI point."""
    offsets = np.array([[dx, dy, dz] for dx in (-4, 4) for dy in (-4, 4) for dz in (-4, 4)], dtype=float)
    return np.asarray(centre, dtype=float) + offsets


def _xs(camera, points) -> np.ndarray:
    return _pixel_x(points, camera, SIZE, ANGLE)


def test_pixel_x_agrees_with_a_vtk_camera():
    import pyvista as pv

    view = VIEWS["lateral-left"]
    camera = camera_for(view, SIZE[0] / SIZE[1], ANGLE)
    plotter = pv.Plotter(off_screen=True, window_size=SIZE)
    try:
        plotter.camera.position, plotter.camera.focal_point = camera["position"], camera["focal_point"]
        plotter.camera.up, plotter.camera.view_angle = camera["up"], ANGLE
        renderer = plotter.renderer
        point = (-40.0, 30.0, 20.0)
        renderer.SetWorldPoint(*point, 1.0)
        renderer.WorldToDisplay()
        expected = renderer.GetDisplayPoint()[0]
    finally:
        plotter.close()
    assert abs(_xs(camera, np.array([point]))[0] - expected) < 0.5


def test_regions_clear_of_the_columns_keep_the_standard_camera():
    view = VIEWS["medial-left"]
    regions = [_blob((-4.0, -20.0, -15.0))]  # deep, near the middle of the view
    assert beside_labels(view, SIZE, ANGLE, COLUMN, regions) == camera_for(view, SIZE[0] / SIZE[1], ANGLE)


def test_a_region_at_the_edge_gets_its_column_kept_free_on_its_side():
    view = VIEWS["medial-left"]
    plain = camera_for(view, SIZE[0] / SIZE[1], ANGLE)
    front = _blob((-6.0, 58.0, -8.0))  # the frontal pole: at the right edge of this view
    assert _xs(plain, front).max() > SIZE[0] - COLUMN, "the probe must start inside the right column"
    camera = beside_labels(view, SIZE, ANGLE, COLUMN, [front])
    xs = _xs(camera, front)
    # Clear of the column, and still on the right (the layout labels it on the side where it lies).
    assert xs.max() <= SIZE[0] - COLUMN and xs.mean() >= SIZE[0] / 2
    # The brain moved over rather than shrinking between two columns: it is larger than that.
    both = camera_for(view, (SIZE[0] - 2 * COLUMN) / SIZE[1], ANGLE)
    dist = [np.linalg.norm(np.subtract(c["position"], c["focal_point"])) for c in (camera, both)]
    assert dist[0] < dist[1]


def test_regions_at_both_edges_get_both_columns():
    view = VIEWS["lateral-left"]
    front, back = _blob((-40.0, 60.0, 0.0)), _blob((-40.0, -100.0, 0.0))
    camera = beside_labels(view, SIZE, ANGLE, COLUMN, [front, back])
    for region in (front, back):
        xs = _xs(camera, region)
        assert xs.min() >= COLUMN and xs.max() <= SIZE[0] - COLUMN
