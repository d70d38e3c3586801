"""Peak tables into the window: File → Open coordinates…, paste from the clipboard, the spheres in
3D, the table dock, choosing a row (the crosshair goes there) and exporting the table as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMessageBox

from explorer.model import agreement
from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError, Problem
from explorer.model.peak_table import table_header, table_row, write_csv
from explorer.model.peaks import Peak, parse_peak_text, peak_record, read_peak_table
from explorer.model.state import AppState
from explorer.qt.crosshair import Crosshair
from explorer.qt.peak_dock import PeakDock

FILTER = "Coordinate tables (*.csv *.tsv *.txt);;All files (*)"


def _records(peaks: list[Peak], atlas: Atlas) -> tuple[list[Atlas], list[dict]]:
    """Every peak looked up in the atlas on screen and every other shipped atlas (run in a worker)."""
    atlases = [atlas, *agreement.other_atlases(atlas)[0]]
    return atlases, [peak_record(peak, atlases) for peak in peaks]


class PeaksControl(QObject):
    """Loads peak tables, draws their spheres, fills the dock and exports it."""

    def __init__(self, state: AppState, dock: QDockWidget, view: PeakDock, crosshair: Crosshair) -> None:
        super().__init__(view)
        self.state, self.dock, self.view, self.crosshair = state, dock, view, crosshair
        self.peaks: list[Peak] = []
        self._worker = None
        view.row_chosen.connect(self.choose_row)
        view.export_requested.connect(self.export_dialog)
        view.clear_requested.connect(self.clear)
        state.atlas_changed.connect(lambda _atlas: self._look_up() if self.peaks else None)

    # --- in ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.view.window(), "Open coordinates", "", FILTER)
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        try:
            peaks, problems = read_peak_table(path)
        except ExplorerError as exc:
            self._show_error(str(exc))
            return
        self.show_peaks(peaks, problems, str(path))

    def paste(self) -> None:
        """The clipboard's text as a peak table (or one coordinate per line)."""
        text = QApplication.clipboard().text()
        try:
            peaks, problems = parse_peak_text(text)
        except ExplorerError as exc:
            self._show_error(f"Pasted text: {exc}")
            return
        self.show_peaks(peaks, problems, "pasted from the clipboard")

    def show_peaks(self, peaks: list[Peak], problems: list[Problem], source: str) -> None:
        """Spheres now; the table once every atlas has been asked (in a worker thread)."""
        self.peaks = peaks
        self.crosshair.markers.show_peaks([peak.mni for peak in peaks])
        self.crosshair.viewer.refresh()
        bad = f", {len(problems)} bad row(s) skipped" if problems else ""
        self.view.show_source(f"{len(peaks)} peak(s) {source}{bad}. Looking them up in every atlas…", problems)
        self._source, self._problems = source, problems
        self.view.show_rows([], [])
        self.dock.show()
        self.dock.raise_()
        self._look_up()

    def _look_up(self) -> None:
        atlas = self.state.atlas
        if atlas is None:
            return
        from superqt.utils import create_worker  # deferred: superqt is not needed before the first frame

        worker = create_worker(_records, list(self.peaks), atlas, _start_thread=False)
        worker.returned.connect(lambda result, peaks=self.peaks: self._fill(peaks, *result))
        self._worker = worker
        worker.start()

    def _fill(self, peaks: list[Peak], atlases: list[Atlas], records: list[dict]) -> None:
        if peaks is not self.peaks:  # a newer table arrived meanwhile
            return
        self.view.show_rows(table_header(atlases), [table_row(r, atlases) for r in records])
        bad = f", {len(self._problems)} bad row(s) skipped (below)" if self._problems else ""
        names = ", ".join(a.manifest.short or a.id for a in atlases)
        self.view.show_source(f"{len(peaks)} peak(s) {self._source}{bad}; labels from {names}.", self._problems)

    def _show_error(self, message: str) -> None:
        self.view.show_source(message, [])
        self.dock.show()
        self.dock.raise_()

    # --- out ---------------------------------------------------------------------------
    def choose_row(self, row: int) -> None:
        if 0 <= row < len(self.peaks):
            self.crosshair.move_to(self.peaks[row].mni, open_panel=True)

    def clear(self) -> None:
        self.peaks = []
        self.crosshair.markers.show_peaks([])
        self.crosshair.viewer.refresh()
        self.view.show_rows([], [])
        self.view.show_source("No coordinates.", [])

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.view.window(), "Export peak table", "peaks.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(Path(path))
            except OSError as exc:
                QMessageBox.warning(self.view.window(), "Cannot export", f"{path}: {exc.strerror or exc}")

    def export_csv(self, path: Path) -> None:
        """The table as shown (header and rows) as CSV, written atomically."""
        model = self.view.model
        header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        write_csv(path, header, self.view.rows())
