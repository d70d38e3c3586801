"""A tour's steps as slides: one annotated figure per step, with the step's camera and emphasis."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from explorer.model.figure_text import Callout, FigureText
from explorer.model.markup import html_to_plain
from explorer.model.panel_html import attribution
from explorer.model.selection import step_focus, step_selection
from explorer.model.tours import Tour
from explorer.render.batch import Loaded
from explorer.render.export import ExportRequest, render_figure, write_figure


def step_figure_text(loaded: Loaded, tour: Tour, index: int) -> FigureText:
    step = tour.steps[index]
    atlas, content = loaded.atlas, loaded.content
    quote = step.quotes[0] if step.quotes else None
    excerpt = f"“{quote.text}”" if quote else " ".join(step.text.split())
    cite = html_to_plain(attribution(quote, content)) if quote else None
    refs = [content.references[k] for k in step.references if k in content.references]
    callouts = tuple(Callout(r, atlas.region_defs[r].title, atlas.region_defs[r].color, atlas.label_ids_for(r))
                     for r in step.highlight if atlas.label_ids_for(r) and not atlas.region_defs[r].is_group)
    return FigureText(title=f"{step.title}  ·  {tour.title} ({index + 1}/{len(tour.steps)})", excerpt=excerpt,
                      attribution=cite, references=tuple(r.apa() for r in refs),
                      reference_keys=tuple(r.key for r in refs),
                      credit=f"Atlas: {atlas.manifest.credit}. Licence: {atlas.manifest.licence}.", callouts=callouts)


def export_step(loaded: Loaded, tour: Tour, index: int, base: ExportRequest, folder: Path,
                fmt: str | None = None) -> Path:
    step = tour.steps[index]
    atlas = loaded.atlas
    focus = step_focus(atlas, step)  # the same selection and emphasis as the step on screen
    request = replace(base, selection=step_selection(atlas, step), view=step.view, camera=step.camera,
                      hemispheres=step.hemispheres, callouts="selected" if base.callouts == "none" else base.callouts,
                      shown=focus.shown, others=focus.others)
    slug = re.sub(r"[^a-z0-9]+", "-", step.title.lower()).strip("-")[:40]
    suffix = {"jpeg": ".jpg"}.get(fmt or "png", f".{fmt or 'png'}")
    path = Path(folder) / f"{index + 1:02d}-{slug}{suffix}"
    write_figure(render_figure(atlas, loaded.meshes, request, step_figure_text(loaded, tour, index)), path, fmt)
    return path
