"""The panel's "Where it is": atlas labels, centroid, volume, how this atlas draws the region,
and how far the atlases agree on it, all computed from the loaded volumes."""

from __future__ import annotations

from html import escape

from explorer.model.agreement import NO_LABEL, OTHERS, Overlap, agreements, pending
from explorer.model.atlas import Atlas
from explorer.model.selection import RegionSelection, Selection, clicked_label


def region_short(atlas: Atlas, region_id: str) -> str:
    """'MPFC' for 'Medial prefrontal cortex (MPFC)', else the title before any bracket."""
    title = atlas.region_defs[region_id].title if region_id in atlas.region_defs else region_id
    head, _, tail = title.partition(" (")
    abbreviation = tail.rstrip(")")
    return abbreviation if abbreviation.isupper() else head.lower()


def volume_text(atlas: Atlas, label_ids: tuple[int, ...]) -> str:
    """'53.6 cm³', or '157 mm³' for small structures, with any borrowed label's caveat beside it."""
    cm3 = atlas.volume_cm3(label_ids)
    text = f"{cm3:.1f} cm³" if cm3 >= 1 else f"{cm3 * 1000:.0f} mm³"
    notes = {atlas.supplements[i].volume_note for i in label_ids if i in atlas.supplements} - {""}
    return text + "".join(f" <small><i>({escape(note)})</i></small>" for note in sorted(notes))


def _label_row(atlas: Atlas, label_id: int) -> str:
    label = atlas.labels[label_id]
    extra = ""
    if label_id in atlas.derived:
        rule = atlas.derived[label_id]
        extra = f" — the part of {escape(rule.source)} with {escape(rule.rule())}"
    elif label_id in atlas.supplements:
        extra = f" — {escape(atlas.supplements[label_id].note)}"
    return f"<li>{escape(label.name)} <small>({label.hemisphere}{extra})</small></li>"


def _drawing_notes(atlas: Atlas, label_ids: tuple[int, ...], region_id: str | None) -> str:
    """The manifest's note on this region, and the reason behind each clipped label."""
    notes = [atlas.manifest.region_notes.get(region_id, "")] if region_id else []
    notes += [atlas.derived[i].note for i in label_ids if i in atlas.derived]
    unique = list(dict.fromkeys(n for n in notes if n))
    if not unique:
        return ""
    body = " ".join(escape(n) for n in unique)
    return f"<p><small><b>How {escape(atlas.manifest.short or atlas.manifest.name)} draws it:</b> {body}</small></p>"


def where_html(atlas: Atlas, label_ids: tuple[int, ...], selection: Selection | None) -> str:
    """Atlas labels, hemispheres, centroid and volume, computed from the loaded atlas."""
    region_id = selection.region_id if isinstance(selection, RegionSelection) else None
    if region_id in atlas.manifest.absent and not label_ids:
        return (f"<p><b>{escape(atlas.manifest.short or atlas.manifest.name)}:</b> "
                f"{escape(atlas.manifest.absent[region_id])}</p>")
    present = [i for i in label_ids if i in atlas.labels]
    rows = "".join(_label_row(atlas, i) for i in present)
    sides = sorted({atlas.labels[i].hemisphere for i in present})
    centroid = atlas.centroid(label_ids)
    parts = [f"<p>In <b>{escape(atlas.manifest.name)}</b>, made of {len(present)} atlas label(s):</p><ul>{rows}</ul>"]
    parts.append(f"<p>Hemisphere(s): {', '.join(sides)}")
    if centroid:
        parts.append("<br/>MNI centroid: ({:.0f}, {:.0f}, {:.0f}) mm".format(*centroid))
    parts.append(f"<br/>Volume: {volume_text(atlas, label_ids)}</p>")
    parts.append(_drawing_notes(atlas, label_ids, region_id))
    if clicked_label(selection) in atlas.labels:
        clicked = atlas.labels[clicked_label(selection)]
        parts.append(f"<p><small>You clicked <b>{escape(clicked.full_name)}</b>"
                     f" ({escape(clicked.hemisphere)} side).</small></p>")
    if region_id:
        parts.append(agreement_html(atlas, region_id))
    return "".join(parts)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.0f} %" if fraction >= 0.005 else "<1 %"


def _size(voxels: int) -> str:
    """A 1 mm grid's voxel count as a volume: '53.6 cm³' or '157 mm³'."""
    return f"{voxels / 1000:.1f} cm³" if voxels >= 1000 else f"{voxels} mm³"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def overlap_sentence(item: Overlap, region: str) -> str:
    """'69 % of AAL3's MPFC (53.6 cm³) lies inside Harvard-Oxford's MPFC; 21 % has no Harvard-Oxford label, …'."""
    text = (f"<b>{_percent(item.inside)}</b> of {escape(item.source)}’s {escape(region)} "
            f"({_size(item.voxels)}) lies inside {escape(item.target)}’s {escape(region)}")
    rest = []
    for name, share in item.rest:
        if name == NO_LABEL:
            rest.append(f"{_percent(share)} has no {escape(item.target)} label")
        elif name == OTHERS:
            rest.append(f"{_percent(share)} is in other labels")
        else:
            rest.append(f"{_percent(share)} is {escape(name)}")
    return text + (f"; {_join(rest)}." if rest else ".")


def agreement_html(atlas: Atlas, region_id: str) -> str:
    """Both directions of overlap with every other atlas that maps the region (others loaded lazily)."""
    if pending(atlas):  # a worker is counting: say so rather than block the window
        return ("<p><b>Do the atlases agree?</b> <i>Counting, voxel by voxel, how the other atlas draws "
                "this region; the numbers appear here in a few seconds.</i></p>")
    pairs, errors = agreements(atlas, region_id)
    if not pairs and not errors:
        return ""
    region = region_short(atlas, region_id)
    items = []
    for forward, backward in pairs:
        items.append(f"<li>{overlap_sentence(forward, region)}</li><li>{overlap_sentence(backward, region)}</li>")
        if forward.borrowed and forward.borrowed == backward.borrowed:
            items.append(f"<li><i>Both atlases borrow this outline from the same file ({escape(forward.borrowed)}), "
                         "so they agree by construction: this is not independent evidence.</i></li>")
    items += [f"<li><i>Could not load {escape(error)}</i></li>" for error in errors]
    return ("<p><b>Do the atlases agree?</b> <small>Counted voxel by voxel on the MNI152 1 mm grid, "
            "both label volumes resampled (nearest neighbour).</small></p>"
            f"<ul>{''.join(items)}</ul>")
