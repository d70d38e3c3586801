"""A tour's steps as slides: one annotated figure per step, with the step's camera and emphasis.

Every highlighted region of a step (a group's member regions one by one) is labelled with a
leader or named in the legend; `callouts` "none" keeps the legend alone, "all" adds every
teaching region. The title says the step once; the tour's name and the step number sit above it, small.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.figure_markers import figure_markers
from explorer.model.figure_text import Callout, FigureText, quote_attribution
from explorer.model.peak_text import peaks_for_selection
from explorer.model.selection import step_focus, step_selection
from explorer.model.tours import Step, Tour
from explorer.render.batch import Loaded
from explorer.render.export import ExportRequest, render_figure, write_figure


def _regions(atlas: Atlas, ids, seen: set[str] | None = None) -> list[str]:
    """The regions named, with each group replaced by its members (in order, once each)."""
    seen = set() if seen is None else seen
    out: list[str] = []
    for rid in ids:
        region = atlas.region_defs.get(rid)
        if region is None or rid in seen:
            continue
        seen.add(rid)
        out.extend(_regions(atlas, region.members, seen) if region.is_group else [rid] if atlas.label_ids_for(rid)
                   else [])
    return out


def step_callouts(atlas: Atlas, step: Step, mode: str = "selected") -> tuple[Callout, ...]:
    """One callout per highlighted region (and, for "all", every other teaching region too)."""
    ids = _regions(atlas, step.highlight)
    if mode == "all":
        ids += [r.id for r in atlas.available_regions() if r.core and r.id not in ids]
    return tuple(Callout(r, atlas.region_defs[r].title, atlas.region_defs[r].color, atlas.label_ids_for(r))
                 for r in ids)


def step_figure_text(loaded: Loaded, tour: Tour, index: int, mode: str = "selected") -> FigureText:
    step = tour.steps[index]
    atlas, content = loaded.atlas, loaded.content
    quote = step.quotes[0] if step.quotes else None
    excerpt = f"“{quote.text}”" if quote else " ".join(step.text.split())
    cite = quote_attribution(quote, content) if quote else None
    keys = [*([quote.source, *quote.refs] if quote else []), *step.references]
    keys += [peak.ref for peak in peaks_for_selection(step_selection(atlas, step), atlas, content)]  # drawn
    refs = [content.references[k] for k in dict.fromkeys(keys) if k in content.references]
    return FigureText(title=step.title, kicker=f"{tour.title} · step {index + 1} of {len(tour.steps)}",
                      excerpt=excerpt, attribution=cite, references=tuple(r.apa() for r in refs),
                      reference_keys=tuple(r.key for r in refs),
                      credit=f"Atlas: {atlas.manifest.credit}. Licence: {atlas.manifest.licence}.",
                      callouts=step_callouts(atlas, step, mode))


def export_step(loaded: Loaded, tour: Tour, index: int, base: ExportRequest, folder: Path,
                fmt: str | None = None) -> Path:
    """Write step `index` as NN-step-title.EXT; `base.callouts` is "selected", "all" or "none" (legend only)."""
    step = tour.steps[index]
    atlas = loaded.atlas
    focus = step_focus(atlas, step)  # the same selection and emphasis as the step on screen
    selection = step_selection(atlas, step)
    request = replace(base, selection=selection, view=step.view, camera=step.camera,
                      hemispheres=step.hemispheres, shown=focus.shown, others=focus.others,
                      markers=figure_markers(selection, atlas, loaded.content))  # its page's study peaks
    slug = re.sub(r"[^a-z0-9]+", "-", step.title.lower()).strip("-")[:40]
    suffix = {"jpeg": ".jpg"}.get(fmt or "png", f".{fmt or 'png'}")
    path = Path(folder) / f"{index + 1:02d}-{slug}{suffix}"
    text = step_figure_text(loaded, tour, index, base.callouts)
    write_figure(render_figure(atlas, loaded.meshes, request, text), path, fmt)
    return path
