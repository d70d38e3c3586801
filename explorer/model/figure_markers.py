"""The 3D markers an exported figure draws, and the caption lines that name them.

The window shows the slice crosshair (a yellow sphere), the peaks of a pasted coordinate table
(magenta) and the peaks the shown page lists from studies (near-black; near-white on a black
background, where black would vanish). An image exported from the window draws the same markers;
a headless export of a region draws that page's study peaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer.model.annotations import StudyPeak
from explorer.model.coordinates import SPACE_NAMES
from explorer.model.peak_text import peaks_for_selection, signed

Point = tuple[float, float, float]
BULLET = "\u25cf"
STUDY_COLOUR_NAMES = {False: "Black", True: "White"}  # on a light or a dark background (render/markers.py)


@dataclass(frozen=True)
class FigureMarkers:
    """Marker positions in MNI mm, and one caption line per kind of marker."""

    study_peaks: tuple[Point, ...] = ()
    crosshair: Point | None = None
    table_peaks: tuple[Point, ...] = ()
    legend: tuple[str, ...] = ()
    dark_legend: tuple[str, ...] = ()  # the same lines for a black background, if the study line differs

    def lines(self, dark: bool) -> tuple[str, ...]:
        """The caption lines for a figure on a dark (black) background or a light one."""
        return self.dark_legend if dark and self.dark_legend else self.legend


def _point(xyz: Sequence[float]) -> Point:
    return (float(xyz[0]), float(xyz[1]), float(xyz[2]))


def study_legend(peaks: Sequence[StudyPeak], references: dict, dark: bool = False) -> str | None:
    """'● Black spheres: peaks reported by Eisenberger et al. (2003) at (−8, 20, 40) (MNI)', grouped by study."""
    if not peaks:
        return None
    by_study: dict[str, list[str]] = {}
    for peak in peaks:
        ref = references.get(peak.ref)
        who = ref.short if ref else peak.ref
        by_study.setdefault(who, []).append(f"{signed(peak.xyz)} ({SPACE_NAMES[peak.space]})")
    parts = [f"{who} at {', '.join(places)}" for who, places in by_study.items()]
    noun = "a peak" if len(peaks) == 1 else "peaks"
    kind = "sphere" if len(peaks) == 1 else "spheres"
    return f"{BULLET} {STUDY_COLOUR_NAMES[dark]} {kind}: {noun} reported by {'; '.join(parts)}"


def figure_markers(selection, atlas, content, crosshair: Sequence[float] | None = None,
                   table_peaks: Sequence[Sequence[float]] = (),
                   study: Sequence[StudyPeak] | None = None) -> FigureMarkers:
    """What to draw for a selection: its page's study peaks (or `study`, the ones the window shows),
    plus the window's crosshair and table peaks."""
    if study is None:
        study = peaks_for_selection(selection, atlas, content) if content is not None else ()
    references = content.references if content else {}
    legend = [line for line in (study_legend(study, references),) if line]
    dark = [line for line in (study_legend(study, references, dark=True),) if line]
    point = _point(crosshair) if crosshair is not None else None
    others = []
    if point is not None:
        others.append(f"{BULLET} Yellow sphere: the crosshair at {signed(point)} (MNI)")
    table = tuple(_point(p) for p in table_peaks)
    if table:
        many = len(table) > 1
        others.append(f"{BULLET} Magenta sphere{'s' if many else ''}: {len(table)} peak{'s' if many else ''} "
                      "from the coordinate table")
    return FigureMarkers(tuple(p.mni for p in study), point, table, tuple(legend + others),
                         tuple(dark + others) if study else ())
