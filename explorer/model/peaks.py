"""Peak tables as papers print them: CSV, TSV or pasted text with x, y, z columns, whatever their
headers are called, an optional label and an optional space (MNI or Talairach) column."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.coordinates import DASHES, SPACE_NAMES, Coordinate, parse_space, point_in_atlas, to_mni
from explorer.model.errors import ExplorerError, Problem

PASTED = Path("<pasted>")
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")
LABEL_WORDS = {"label", "labels", "region", "regions", "name", "structure", "area", "location", "description",
               "anatomy", "roi", "peak", "cluster"}


@dataclass(frozen=True)
class Peak:
    """One row of a peak table: the coordinate as given, its space, and where it came from."""

    xyz: Coordinate
    space: str  # 'mni' or 'tal'
    label: str
    line: int

    @property
    def mni(self) -> Coordinate:
        """The coordinate in MNI space (Talairach converted with icbm2tal, FSL variant)."""
        return to_mni(self.xyz, self.space)


@dataclass
class _Columns:
    """Which cell holds what; axes None means 'the first three numeric cells of each row'."""

    axes: tuple[int, int, int] | None = None
    label: int | None = None
    space: int | None = None
    header_space: str | None = None  # e.g. 'tal' from a header 'x (Talairach)'


def read_peak_table(path: Path | str, space: str | None = None) -> tuple[list[Peak], list[Problem]]:
    """Peaks from a CSV/TSV file, and a file:line problem for each bad row (the others still come out).

    `space` is used for rows that state none (default MNI). Unreadable files raise ExplorerError.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExplorerError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ExplorerError(f"{path}: not a text table (CSV or TSV in UTF-8)") from None
    except OSError as exc:
        raise ExplorerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_peak_text(text, path, space)


def parse_peak_text(text: str, source: Path = PASTED, space: str | None = None) -> tuple[list[Peak], list[Problem]]:
    """Peaks from pasted table text; same rules as read_peak_table."""
    rows = _rows(text)
    if not rows:
        raise ExplorerError(f"{source}: no rows: expected x, y, z columns (CSV, TSV or spaces)")
    columns = _Columns()
    first_line, first = rows[0]
    if not any(_number(c) is not None for c in first):  # a header names columns and holds no numbers
        columns = _header_columns(first)
        rows = rows[1:]
    peaks, problems = [], []
    for line, cells in rows:
        try:
            peaks.append(_peak(cells, line, columns, space))
        except ValueError as exc:
            problems.append(Problem(source, line, str(exc)))
    if not peaks and not problems:
        problems.append(Problem(source, first_line, "a header but no rows of coordinates"))
    return peaks, problems


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank, non-comment line, split by the sniffed delimiter."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    delimiter = _delimiter([line for _n, line in lines[:50]])
    if delimiter is None:
        return [(n, line.split()) for n, line in lines]
    return [(n, [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]) for n, line in lines]


def _delimiter(lines: list[str]) -> str | None:
    """Tab, then semicolon, then comma: the first found on at least half the lines; None for spaces.

    (csv.Sniffer guesses wrongly on short tables whose rows differ in length.)
    """
    for candidate in "\t;,":
        if 2 * sum(candidate in line for line in lines) >= len(lines):
            return candidate
    return None


def _number(cell: str) -> float | None:
    """A number, with any Unicode minus; '-8,5' (a decimal comma, as in semicolon files) is -8.5."""
    text = cell.translate(DASHES).strip()
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _tokens(header: str) -> list[str]:
    return re.findall(r"[a-z]+", header.lower())


def _header_columns(header: list[str]) -> _Columns:
    """Map header names such as 'x', 'X (mm)', 'mni_x', 'coord x', 'Talairach y' to columns."""
    found: dict[str, int] = {}
    columns = _Columns()
    for i, name in enumerate(header):
        words = _tokens(name)
        axis = next((a for a in "xyz" if a in words and a not in found), None)
        if axis:
            found[axis] = i
            columns.header_space = columns.header_space or next(filter(None, map(parse_space, words)), None)
        elif "space" in words or "system" in words:
            columns.space = i if columns.space is None else columns.space
        elif columns.label is None and LABEL_WORDS.intersection(words):
            columns.label = i
    if len(found) == 3:
        columns.axes = (found["x"], found["y"], found["z"])
    return columns


def _peak(cells: list[str], line: int, columns: _Columns, default_space: str | None) -> Peak:
    """One row as a Peak; ValueError with a one-line reason for a bad row."""
    if columns.axes is not None:
        if max(columns.axes) >= len(cells):
            raise ValueError(f"expected x, y, z in columns {', '.join(str(a + 1) for a in columns.axes)}; "
                             f"the row has {len(cells)} cell(s)")
        axes = list(columns.axes)
    else:
        axes = [i for i, c in enumerate(cells) if _number(c) is not None][:3]
        if len(axes) < 3:
            raise ValueError(f"expected three numbers (x, y, z); found {len(axes)} in {' | '.join(cells)!r}")
    values = [_number(cells[i]) for i in axes]
    for axis, i, value in zip("xyz", axes, values, strict=True):
        if value is None:
            raise ValueError(f"{axis} is {cells[i]!r}, not a number")
    space = _row_space(cells, axes, columns) or default_space or "mni"
    label = _row_label(cells, axes, columns)
    x, y, z = values
    return Peak((x, y, z), space, label, line)


def _row_space(cells: list[str], axes: list[int], columns: _Columns) -> str | None:
    if columns.space is not None and columns.space < len(cells) and cells[columns.space]:
        space = parse_space(cells[columns.space])
        if space is None:
            raise ValueError(f"space {cells[columns.space]!r} is neither MNI nor Talairach")
        return space
    if columns.space is None and columns.axes is None:  # no header: any cell saying MNI/TAL
        stated = [parse_space(c) for i, c in enumerate(cells) if i not in axes and c and _is_space_word(c)]
        if stated:
            return stated[0]
    return columns.header_space


def _is_space_word(cell: str) -> bool:
    return cell.strip().lower() in {"mni", "mni152", "icbm", "icbm152", "tal", "talairach"}


def _row_label(cells: list[str], axes: list[int], columns: _Columns) -> str:
    if columns.label is not None:
        return cells[columns.label] if columns.label < len(cells) else ""
    if columns.axes is not None:
        return ""
    rest = [c for i, c in enumerate(cells) if i not in axes and c and not _is_space_word(c) and _number(c) is None]
    return " ".join(rest)


def peak_record(peak: Peak, atlases: list[Atlas]) -> dict:
    """One peak as a plain dict (the JSON of `where --table`): input, MNI, and each atlas's answer."""
    mni = peak.mni
    record = {"line": peak.line, "label": peak.label, "space": SPACE_NAMES[peak.space],
              "input": list(peak.xyz), "mni": [round(v, 1) for v in mni], "atlases": {}}
    for atlas in atlases:
        found = point_in_atlas(atlas, mni)
        nearest = found.nearest_region()
        record["atlases"][atlas.id] = {
            "label": found.label, "outside_volume": found.label_id is None,
            "nearest_label_within_5mm": found.nearest_within_5mm, "teaching_region": found.region,
            "nearest_teaching_region": {"id": nearest[0], "distance_mm": nearest[1]} if nearest else None,
            "distance_mm": found.distance_mm}
    return record
