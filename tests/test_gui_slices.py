"""The slice dock, the shared crosshair, the Go to box and peak tables, driven by real Qt events."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import vtkCoordinate, vtkWindowToImageFilter

from explorer.model.peaks import read_peak_table
from explorer.model.selection import LabelSelection, RegionSelection
from tests.gui_events import click_3d, click_menu, region_point

pytestmark = pytest.mark.gui

# The common MNI152 1 mm grid of the slices: voxel (0, 0, 0) is at (-90, -126, -72) mm; 181 x 217 x 181.
ORIGIN = np.array([-90.0, -126.0, -72.0])
SHAPE = (181, 217, 181)
# Lancaster et al. (2007) icbm2tal, FSL variant (MNI -> Talairach), as published.
ICBM2TAL_FSL = np.array([[0.9464, 0.0034, -0.0026, -1.0680], [-0.0083, 0.9479, -0.0580, -1.0239],
                         [0.0053, 0.0617, 0.9010, 3.1883], [0, 0, 0, 1]])
FIVE_PEAKS = ("Region\tx\ty\tz\tSpace\n"
              "dACC\t-8\t20\t40\tMNI\n"
              "amygdala\t-22\t-4\t-18\tMNI\n"
              "mPFC\t2\t52\t10\tMNI\n"
              "TPJ\t52\t-56\t22\tTalairach\n"
              "not a peak\tq\t1\t2\tMNI\n"
              "insula\t38\t18\t-4\tMNI\n")


@pytest.fixture
def slices(win, qtbot):
    """The window with the slice dock shown from the View menu."""
    if not win.docks["slices"].isVisible():
        click_menu(qtbot, win, "View", "Slices")
    qtbot.waitUntil(lambda: win.slices.images is not None, timeout=20000)
    return win


def deep_amygdala_voxel(atlas) -> tuple[int, int, int]:
    """A voxel of the left amygdala whose 3 x 3 x 3 neighbourhood is all amygdala (AAL3 is on the 1 mm grid)."""
    label = next(i for i, lab in atlas.labels.items() if lab.name == "Amygdala_L")
    assert atlas.data.shape == SHAPE and np.allclose(atlas.affine[:3, 3], ORIGIN)
    inside = atlas.data == label
    core = inside.copy()
    for axis in range(3):
        for shift in (-1, 1):
            core &= np.roll(inside, shift, axis=axis)
    voxels = np.argwhere(core)
    centre = voxels.mean(axis=0)
    i, j, k = voxels[np.argmin(np.linalg.norm(voxels - centre, axis=1))]
    return int(i), int(j), int(k)


def slice_pixel(view, horizontal: int, vertical: int, size: tuple[int, int]) -> QPoint:
    """Widget pixel of a voxel's centre: the image is fitted, centred, square voxels, up is up."""
    width, height = size
    scale = min(view.width() / width, view.height() / height)
    left, top = (view.width() - width * scale) / 2, (view.height() - height * scale) / 2
    return QPoint(int(left + (horizontal + 0.5) * scale), int(top + (height - 1 - vertical + 0.5) * scale))


def go_to(qtbot, win, text: str) -> None:
    qtbot.keyClick(win, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    edit = win.slices.goto.edit
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    edit.clear()
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_text(widget, text: str) -> None:
    """Key events carrying each character (QTest.keyClicks aborts on characters beyond Latin-1, like '−')."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def display_point(renderer, point) -> tuple[int, int]:
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*point)
    x, y = coord.GetComputedDisplayValue(renderer)
    return int(x), int(y)


def rendered_pixel(window, x: int, y: int) -> tuple[int, int, int]:
    """The colour of display pixel (x, y) (origin bottom-left) in a fresh render of the whole window."""
    window.Render()
    grab = vtkWindowToImageFilter()
    grab.SetInput(window)
    grab.ReadFrontBufferOff()
    grab.Update()
    image = grab.GetOutput()
    width, height, _ = image.GetDimensions()
    pixels = vtk_to_numpy(image.GetPointData().GetScalars()).reshape(height, width, -1)
    r, g, b = (int(v) for v in pixels[y, x, :3])
    return r, g, b


def test_clicking_a_slice_opens_the_label_and_marks_it_in_3d(slices, qtbot):
    win = slices
    atlas = win.state.atlas
    i, j, k = deep_amygdala_voxel(atlas)
    x, y, z = ORIGIN + (i, j, k)
    go_to(qtbot, win, f"0, {y:g}, 60")  # a coronal slice through the amygdala, the crosshair elsewhere
    win.state.select(None)
    view = win.slices.views["coronal"]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=slice_pixel(view, i, k, (SHAPE[0], SHAPE[2])))
    selection = win.state.selection
    assert isinstance(selection, RegionSelection) and selection.region_id == "amygdala"
    qtbot.waitUntil(lambda: not win.navigation.panel_pending, timeout=5000)  # after the 3D frame
    assert win.panel.toPlainText().startswith("Amygdala")
    # A small dock shows more than one voxel per screen pixel: the click lands within one pixel's worth.
    scale = min(view.width() / SHAPE[0], view.height() / SHAPE[2])
    point = np.array(win.crosshair.point)
    assert point[1] == y and np.all(np.abs(point - (x, y, z)) <= max(1.0, 1 / scale)), (point, scale)
    marker = win.crosshair.markers.crosshair
    assert marker.GetVisibility() and np.allclose(marker.position, point)
    # The marker is drawn over the opaque amygdala: its pixel on screen is the marker's yellow.
    plotter = win.viewer.plotter
    px, py = display_point(plotter.renderer, point)
    r, g, b = rendered_pixel(plotter.ren_win, px, py)
    assert r > 200 and g > 170 and b < 90, (r, g, b)


def test_clicking_the_amygdala_in_3d_moves_the_slices_there(slices, qtbot):
    win = slices
    win.set_view("medial-left")
    click_3d(qtbot, win, region_point(win, "amygdala"))
    assert win.state.selection.region_id == "amygdala"
    atlas = win.state.atlas
    voxels = np.argwhere(np.isin(atlas.data, atlas.label_ids_for("amygdala"))) + ORIGIN
    distance = np.min(np.linalg.norm(voxels - np.array(win.crosshair.point), axis=1))
    assert distance <= 3.0, distance
    expected = tuple(int(v) for v in np.clip(np.rint(np.array(win.crosshair.point) - ORIGIN), 0, np.array(SHAPE) - 1))
    assert all(view.voxel == expected for view in win.slices.views.values())


@pytest.mark.parametrize(("plane", "key", "axis", "delta"), [
    ("axial", Qt.Key.Key_Right, 0, 1), ("axial", Qt.Key.Key_Up, 1, 1), ("axial", Qt.Key.Key_PageUp, 2, 1),
    ("coronal", Qt.Key.Key_Down, 2, -1), ("coronal", Qt.Key.Key_PageDown, 1, -1),
    ("sagittal", Qt.Key.Key_Left, 1, -1),
])
def test_keys_step_the_focused_slice_by_one_mm(slices, qtbot, plane, key, axis, delta):
    win = slices
    go_to(qtbot, win, "10, 20, 30")
    view = win.slices.views[plane]
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    before = np.array(win.crosshair.point)
    qtbot.keyClick(view, key)
    moved = np.array(win.crosshair.point) - before
    expected = np.zeros(3)
    expected[axis] = delta
    assert np.allclose(moved, expected), moved


def open_dialogs() -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_go_to_garbage_says_so_in_the_box_without_a_dialog(slices, qtbot):
    win = slices
    before = win.crosshair.point
    go_to(qtbot, win, "near the insula")
    box = win.slices.goto
    assert "Not a coordinate" in box.message.text() and box.message.isVisible()
    assert "border" in box.edit.styleSheet() and box.edit.toolTip()
    assert not open_dialogs()
    assert win.crosshair.point == before
    qtbot.keyClicks(box.edit, "x")  # editing clears the mark
    assert not box.edit.styleSheet()


def test_go_to_a_talairach_point_shows_its_mni(slices, qtbot):
    win = slices
    box = win.slices.goto
    box.space.setCurrentIndex(box.space.findText("Talairach"))
    go_to(qtbot, win, "(\u22128; 20; 40)")  # Unicode minus, semicolons, brackets
    expected = (np.linalg.inv(ICBM2TAL_FSL) @ [-8, 20, 40, 1])[:3]
    assert np.allclose(win.crosshair.point, expected)
    shown = "MNI (" + ", ".join(f"{v:.1f}" for v in expected) + ")"
    assert "Talairach (-8.0, 20.0, 40.0)" in box.message.text() and shown in box.message.text()
    box.space.setCurrentIndex(box.space.findText("MNI"))
    go_to(qtbot, win, "x=-8 y=20 z=40")
    assert win.crosshair.point == (-8.0, 20.0, 40.0)
    assert box.message.text() == "MNI (-8.0, 20.0, 40.0)"


@pytest.fixture
def pasted(win, qtbot):
    QGuiApplication.clipboard().setText(FIVE_PEAKS)
    qtbot.keyClick(win, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: win.peak_view.model.rowCount() == 5, timeout=60000)
    return win


def test_pasting_five_peaks_draws_five_spheres_and_five_rows(pasted):
    win = pasted
    peaks = win.crosshair.markers.peaks
    assert peaks.GetVisibility()
    mesh = peaks.GetMapper().GetInput()
    ids = np.unique(np.asarray(mesh.GetPointData().GetArray("peak")))
    assert list(ids) == [0, 1, 2, 3, 4]
    assert "<pasted>:6" in win.peak_view.problems.text() and win.peak_view.problems.isVisible()
    rows = win.peak_view.rows()
    header = [win.peak_view.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(win.peak_view.model.columnCount())]
    by_label = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    tal = (np.linalg.inv(ICBM2TAL_FSL) @ [52, -56, 22, 1])[:3]
    tpj = by_label["TPJ"]
    assert tpj["Given in"] == "Talairach"
    assert np.allclose([float(tpj[f"{a} (MNI)"]) for a in "xyz"], tal, atol=0.051)
    assert by_label["amygdala"]["AAL3 label"] == "Amygdala_L"
    assert by_label["amygdala"]["Teaching region (AAL3)"] == "Amygdala"
    assert by_label["amygdala"]["Distance (mm)"] == "0.0"
    assert "Harvard-Oxford label" in header
    # Every sphere sits at its peak's MNI point.
    centres = [np.asarray(mesh.points)[np.asarray(mesh.GetPointData().GetArray("peak")) == n].mean(axis=0)
               for n in range(5)]
    table = [[float(row[header.index(f"{a} (MNI)")]) for a in "xyz"] for row in rows]
    assert np.allclose(centres, table, atol=0.06)


def test_choosing_a_row_moves_the_crosshair_there(pasted, qtbot):
    win = pasted
    table = win.peak_view.table
    rect = table.visualRect(win.peak_view.model.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.crosshair.point == (-22.0, -4.0, -18.0)
    assert win.state.selection.region_id == "amygdala"


def test_exported_csv_round_trips(pasted, tmp_path):
    win = pasted
    path = tmp_path / "peaks.csv"
    win.peaks.export_csv(path)
    with open(path, encoding="utf-8", newline="") as fh:
        written = list(csv.reader(fh))
    assert written[1:] == win.peak_view.rows() and len(written) == 6
    again, problems = read_peak_table(path)
    assert not problems
    original = [peak.mni for peak in win.peaks.peaks]
    assert np.allclose([p.mni for p in again], original, atol=0.051)
    assert [p.label for p in again] == [p.label for p in win.peaks.peaks]
    assert not list(tmp_path.glob(".*.part"))


def test_a_point_in_a_label_of_no_teaching_region_opens_its_label_page(slices, qtbot):
    """As a click on it in 3D would: the label's own page, with its name."""
    win = slices
    atlas = win.state.atlas
    label = next(i for i, lab in atlas.labels.items() if lab.name == "Occipital_Mid_L")
    i, j, k = np.argwhere(atlas.data == label)[0]  # any voxel of it: AAL3 lies on the slices' grid
    go_to(qtbot, win, ", ".join(f"{v:g}" for v in ORIGIN + (i, j, k)))
    selection = win.state.selection
    assert isinstance(selection, LabelSelection) and selection.label_id == label
    qtbot.waitUntil(lambda: not win.navigation.panel_pending, timeout=5000)  # after the 3D frame
    assert atlas.labels[label].full_name in win.panel.toPlainText()


def hover(widget, pos: QPoint) -> None:
    """A mouse move event with no button held (QTest.mouseMove goes through the screen, and pytest-xvfb's
    800x600 screen does not reach the slices at the bottom of the 1600x950 window)."""
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_the_status_bar_names_the_label_in_every_atlas_under_the_mouse(slices, qtbot):
    win = slices
    atlas = win.state.atlas
    i, j, k = deep_amygdala_voxel(atlas)
    go_to(qtbot, win, ", ".join(f"{v:g}" for v in ORIGIN + (i, j, k)))
    view = win.slices.views["axial"]
    hover(view, slice_pixel(view, i, j, (SHAPE[0], SHAPE[1])))
    assert win.hover_label.text().startswith("MNI (")
    qtbot.waitUntil(lambda: "Harvard-Oxford:" in win.hover_label.text(), timeout=60000)  # loaded in a worker
    text = win.hover_label.text()
    assert "AAL3: Amygdala_L (Amygdala)" in text
    assert "Harvard-Oxford: Left_Amygdala (Amygdala)" in text, text
    hover(view, QPoint(2, 2))  # the black margin beside the image, or its corner: outside the head
    assert "Amygdala" not in win.hover_label.text()


def test_an_opened_table_lists_its_bad_rows_by_file_and_line(win, qtbot, tmp_path):
    path = tmp_path / "study.tsv"
    path.write_text("x\ty\tz\tlabel\n-8\t20\t40\tdACC\n12\tabc\t4\tbroken\n38\t18\t-4\tinsula\n", encoding="utf-8")
    win.peaks.open_file(path)
    qtbot.waitUntil(lambda: win.peak_view.model.rowCount() == 2, timeout=60000)
    assert f"{path}:3" in win.peak_view.problems.text() and win.docks["peaks"].isVisible()
    assert len(win.crosshair.markers.peak_points) == 2
