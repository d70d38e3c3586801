"""The panel's sentences about the peaks a page lists: where each shipped atlas puts them.

"Eisenberger et al. (2003) report a peak at (−8, 20, 40) (MNI). AAL3 puts it in
Frontal_Sup_Medial_L, which this app counts as MPFC; Harvard-Oxford puts it in ...": computed
live from the loaded atlases with the same lookup as `brain-explorer where`.
"""

from __future__ import annotations

from html import escape

from explorer.model.agreement import short_name
from explorer.model.annotations import Annotation, StudyPeak
from explorer.model.atlas import Atlas
from explorer.model.coordinates import SPACE_NAMES, format_coordinate, point_in_atlas
from explorer.model.references import Reference

MINUS = "\u2212"


def signed(xyz) -> str:
    """'(−8, 20, 40)' with a true minus sign, as papers print it."""
    return format_coordinate(xyz).replace("-", MINUS)


def atlas_clause(atlas: Atlas, mni: tuple[float, float, float]) -> str:
    """'AAL3 puts it in Frontal_Sup_Medial_L, which this app counts as MPFC' (plain text)."""
    from explorer.model.where import region_short

    found = point_in_atlas(atlas, mni)
    name = short_name(atlas)
    if found.label_id is None:
        return f"{name} does not reach it (outside its volume)"
    if found.label is None:
        near = f" (the nearest label within 5 mm is {found.nearest_within_5mm})" if found.nearest_within_5mm else ""
        return f"{name} gives it no label{near}"
    text = f"{name} puts it in {found.label}"
    if found.region:
        text += f", which this app counts as {region_short(atlas, found.region)}"
    return text


def peak_sentence(peak: StudyPeak, who: str, atlases: list[Atlas]) -> str:
    """One peak as plain text: who reports it, where, and what each atlas calls that place."""
    space = SPACE_NAMES[peak.space]
    where = f"{signed(peak.xyz)} ({space})"
    if peak.space != "mni":
        where += f", {signed(peak.mni)} in MNI after the icbm2tal conversion"
    label = f" in the {peak.label}" if peak.label else ""
    clauses = "; ".join(atlas_clause(atlas, peak.mni) for atlas in atlases)
    return f"{who} report a peak{label} at {where}. {clauses[0].upper() + clauses[1:]}."


def peaks_for_selection(selection, atlas: Atlas, lib) -> tuple[StudyPeak, ...]:
    """The peaks of the page that describes a selection (the markers the 3D view draws for it)."""
    from explorer.model.panel_html import page_for

    if selection is None:
        return ()
    page, _title = page_for(selection, atlas, lib)
    return page.peaks if page else ()


def peaks_html(page: Annotation, atlases: list[Atlas], references: dict[str, Reference]) -> str:
    """The "Peaks from studies" section: one sentence per peak and where it was checked."""
    if not page.peaks:
        return ""
    items = []
    for peak in page.peaks:
        ref = references.get(peak.ref)
        who = ref.short if ref else peak.ref
        sentence = escape(peak_sentence(peak, who, atlases))
        source = f"{escape(peak.table)}; checked in {escape(peak.verified)}"
        items.append(f"<li>{sentence} <small><i>({source})</i></small></li>")
    names = ", ".join(short_name(a) for a in atlases)
    return ("<h3>Peaks from studies</h3><p><small>The same coordinate, looked up in each atlas "
            f"({escape(names)}): atlases name places differently. The peaks are drawn as small "
            f"spheres in 3D.</small></p><ul>{''.join(items)}</ul>")
