"""A peak table as the window shows and exports it: one row per peak, one label column per atlas.

The MNI coordinate has a column per axis, headed 'x (MNI)' and so on, and no column is headed
'space', so an exported table opens again as a peak table (explorer/model/peaks.py) in MNI space.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.coordinates import format_coordinate
from explorer.model.paths import atomic_write_bytes


def label_cell(answer: dict, dash: str = "—") -> str:
    """One atlas's answer for a peak as a table cell (`dash`: none there; the CLI prints "-")."""
    if answer["label"]:
        return answer["label"]
    if answer["outside_volume"]:
        return "outside the volume"
    near = answer["nearest_label_within_5mm"]
    return f"{dash} (within 5 mm: {near})" if near else dash


def _short(atlas: Atlas) -> str:
    return atlas.manifest.short or atlas.manifest.name.split(" (")[0]


def table_header(atlases: list[Atlas]) -> list[str]:
    """Column titles; the first atlas (the one on screen) gives the teaching-region columns."""
    first = _short(atlases[0])
    return ["Line", "Label", "Given in", "Given (mm)", "x (MNI)", "y (MNI)", "z (MNI)",
            *(f"{_short(a)} label" for a in atlases),
            f"Teaching region ({first})", f"Nearest teaching region ({first})", "Distance (mm)"]


def table_row(record: dict, atlases: list[Atlas]) -> list[str]:
    """One peak_record (explorer/model/peaks.py) as the table's cells."""
    first = atlases[0]
    own = record["atlases"][first.id]
    region = own["teaching_region"]
    near = own["nearest_teaching_region"]
    near_title = first.region_defs[near["id"]].title if near and near["id"] in first.region_defs else "—"
    return [str(record["line"]), record["label"], record["space"], format_coordinate(record["input"], 1),
            *(f"{round(v, 1) + 0.0:.1f}" for v in record["mni"]),
            *(label_cell(record["atlases"][a.id]) for a in atlases),
            first.region_defs[region].title if region else "—", near_title,
            f"{near['distance_mm']:.1f}" if near else "—"]


def write_csv(path: Path | str, header: list[str], rows: list[list[str]]) -> None:
    """The table as UTF-8 CSV, written atomically (a failed write leaves any old file whole)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write_bytes(Path(path), buffer.getvalue().encode("utf-8"))
