"""The words of a web lesson: region list, panels, tour steps, references and credit, as plain data.

Panels are the app's own sanitised HTML (explorer/model/panel_html.py) without the links only the
app can follow; pack images are inlined as data: URLs, so the page loads nothing.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.errors import ExplorerError
from explorer.model.figure_markers import figure_markers
from explorer.model.panel_html import page_for, references_html, region_panel_html, step_html
from explorer.model.selection import (
    LabelSelection,
    RegionSelection,
    Selection,
    selection_for_region,
    selection_for_topic,
    step_focus,
    step_selection,
)
from explorer.model.state import selection_from_text
from explorer.model.tours import Tour

_FILE_IMG = re.compile(r'src="(file://[^"]+)"')
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml"}


def inline_images(html: str) -> str:
    """Pack images (file:// URLs the sanitiser let through) as data: URLs; any other image is dropped."""
    def data_url(match: re.Match) -> str:
        path = Path(unquote(urlparse(match.group(1)).path))
        kind = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        if not kind or not kind.startswith("image/") or not path.is_file():
            return 'src=""'
        return f'src="data:{kind};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}"'

    return re.sub(r'<img[^>]*src=""[^>]*>', "", _FILE_IMG.sub(data_url, html))


def chosen_regions(atlas: Atlas, lib: ContentLibrary, names: list[str] | None) -> list[str]:
    """Region ids the lesson covers: every one the atlas has, or those named (id, title or alias)."""
    available = [r.id for r in atlas.available_regions()]
    if not names:
        return available
    topics = {p.id: (p.title, p.regions) for p in lib.topics()}
    chosen = []
    for name in names:
        selection = selection_from_text(atlas, name, topics)
        if not isinstance(selection, RegionSelection):
            raise ExplorerError(f"--regions: {name!r} is not a teaching region or group; try one of "
                                f"{', '.join(available)}")
        chosen.append(selection.region_id)
    return list(dict.fromkeys(chosen))


def _panel(selection: Selection, atlas: Atlas, lib: ContentLibrary) -> str:
    page, title = page_for(selection, atlas, lib)
    return inline_images(region_panel_html(page, title, atlas, selection, lib, app_links=False))


def _entry(kind: str, key: str, title: str, tip: str, search: str, color: str | None = None) -> dict:
    return {"kind": kind, "id": key, "title": title, "tip": tip, "search": search.lower(), "color": color}


def region_list(atlas: Atlas, lib: ContentLibrary, region_ids: list[str], topic_ids: list[str]) -> list[dict]:
    """The app's list (explorer/qt/region_list.py): regions by kind, topics, then every atlas label."""
    regions = [atlas.region_defs[r] for r in region_ids]
    groups = {"Teaching regions": [r for r in regions if r.core],
              "Other regions the documents name": [r for r in regions if not r.core and not r.is_group],
              "Groups": [r for r in regions if r.is_group]}
    out = []
    for heading, members in groups.items():
        items = []
        for region in members:
            page = lib.annotations.get(region.id)
            text = "\n".join((region.title, *region.aliases, region.id, page.searchable_text() if page else ""))
            items.append(_entry("region", region.id, region.title, ", ".join(region.aliases), text, region.color))
        out.append({"heading": heading, "collapsed": False, "items": items})
    topics = [lib.annotations[t] for t in topic_ids]
    out.append({"heading": "Topics", "collapsed": False, "items": [
        _entry("topic", p.id, p.title, p.summary, "\n".join((p.title, p.summary, p.searchable_text())))
        for p in topics]})
    labels = sorted(atlas.present_labels(), key=lambda lab: lab.full_name.lower())
    out.append({"heading": "All atlas labels", "collapsed": True, "items": [
        _entry("label", str(lab.id), lab.full_name, lab.name, f"{lab.full_name}\n{lab.name}") for lab in labels]})
    return [group for group in out if group["items"]]


def _step(atlas: Atlas, lib: ContentLibrary, tour: Tour, index: int) -> dict:
    step = tour.steps[index]
    selection = step_selection(atlas, step)
    focus = step_focus(atlas, step)
    key = f"region:{selection.region_id}" if isinstance(selection, RegionSelection) else None
    return {"title": step.title, "html": inline_images(step_html(step, lib, app_links=False)), "view": step.view,
            "camera": [list(v) for v in step.camera] if step.camera else None,
            "selected": list(selection.label_ids) if selection else [], "panel": key,
            "shown": sorted(focus.shown), "others": focus.others, "hemispheres": step.hemispheres}


def tour_data(atlas: Atlas, lib: ContentLibrary, tour: Tour) -> dict:
    return {"id": tour.id, "title": tour.title, "description": tour.description,
            "steps": [_step(atlas, lib, tour, i) for i in range(len(tour.steps))]}


def find_tour(lib: ContentLibrary, tour_id: str) -> Tour:
    """A tour by id, or an error naming the broken file or the tours there are."""
    catalog = lib.tours
    if tour_id in catalog.tours:
        return catalog.tours[tour_id]
    broken = catalog.broken.get(tour_id)
    raise ExplorerError(f"tour {tour_id!r} is broken: {broken}" if broken else
                        f"unknown tour {tour_id!r}: choose from {', '.join(catalog.tours) or 'no tours'}")


def study_markers(atlas: Atlas, lib: ContentLibrary, region_ids: list[str], topic_ids: list[str]) -> dict:
    """For each region or topic whose page lists study peaks: the points (MNI mm) and the caption line
    ("● Black sphere: a peak reported by …"), as the app and its exported images draw and name them."""
    chosen = {f"region:{r}": selection_for_region(atlas, r) for r in region_ids}
    for topic_id in topic_ids:
        chosen[f"topic:{topic_id}"] = selection_for_topic(atlas, topic_id, lib.annotations[topic_id].regions)
    out = {}
    for key, selection in chosen.items():
        markers = figure_markers(selection, atlas, lib)
        if markers.study_peaks:
            out[key] = {"points": [list(p) for p in markers.study_peaks], "caption": markers.legend[0]}
    return out


def lesson_content(atlas: Atlas, lib: ContentLibrary, tour: Tour | None = None,
                   regions: list[str] | None = None) -> dict:
    """Everything the page shows besides the meshes, as JSON-ready data."""
    region_ids = chosen_regions(atlas, lib, regions)
    topic_ids = [p.id for p in lib.topics() if not regions or set(p.regions) & set(region_ids)]
    panels = {f"region:{r}": _panel(selection_for_region(atlas, r), atlas, lib) for r in region_ids}
    selections = {f"region:{r}": list(atlas.label_ids_for(r)) for r in region_ids}
    for topic_id in topic_ids:
        page = lib.annotations[topic_id]
        selection = selection_for_topic(atlas, topic_id, page.regions)
        panels[f"topic:{topic_id}"] = _panel(selection, atlas, lib)
        selections[f"topic:{topic_id}"] = list(selection.label_ids)
    for label in atlas.present_labels():
        panels[f"label:{label.id}"] = _panel(LabelSelection(label.id), atlas, lib)
        selections[f"label:{label.id}"] = [label.id]
    markers = study_markers(atlas, lib, region_ids, topic_ids)
    keys = sorted({k for p in lib.annotations.values() for k in p.references} |
                  ({k for s in tour.steps for k in s.references} if tour else set()))
    manifest = atlas.manifest
    return {
        "title": tour.title if tour else "The social brain",
        "atlas": {"name": manifest.name, "credit": manifest.credit, "licence": manifest.licence,
                  "url": getattr(manifest, "url", None)},
        "labels": {str(lab.id): {"name": lab.full_name, "hemisphere": lab.hemisphere,
                                 "region": atlas.label_region.get(lab.id)} for lab in atlas.present_labels()},
        "regions": {r: {"title": atlas.region_defs[r].title} for r in region_ids},
        "list": region_list(atlas, lib, region_ids, topic_ids),
        "panels": panels,
        "selections": selections,
        "markers": markers,
        "references": f"<h2>References</h2>{references_html(tuple(keys), lib, copy_links=False)}",
        "tour": tour_data(atlas, lib, tour) if tour else None,
    }
