"""Export many figures (regions x views, or a tour's steps), in parallel across cores."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.catalog import discover, resolve
from explorer.model.content import ContentLibrary, load_content
from explorer.model.errors import ExplorerError
from explorer.model.figure_markers import figure_markers
from explorer.model.figure_text import figure_text
from explorer.model.regions import load_regions
from explorer.model.state import selection_from_text
from explorer.render.export import ExportRequest, check_output_path, render_figure, write_figure
from explorer.render.mesh_cache import MeshSet, load_meshes
from explorer.render.views import VIEWS


@dataclass(frozen=True)
class Job:
    region: str | None
    request: ExportRequest  # selection is filled in by the worker from `region`
    path: Path
    fmt: str | None = None


@dataclass
class Loaded:
    atlas: Atlas
    meshes: MeshSet
    content: ContentLibrary


def load_everything(atlas_arg: str | None, packs: list[Path] | None = None, progress=None) -> Loaded:
    manifests, _ = discover()
    regions = load_regions()
    atlas = Atlas.load(resolve(atlas_arg, manifests), regions, progress)
    return Loaded(atlas, load_meshes(atlas, progress=progress), load_content(packs, known_regions=set(regions)))


def topics_of(content: ContentLibrary) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {page.id: (page.title, page.regions) for page in content.topics()}


def plan_jobs(regions: list[str | None], views: list[str], output: Path, request: ExportRequest,
              fmt: str | None, loaded: Loaded) -> list[Job]:
    """One job per (region, view); checks every name and the output before anything renders."""
    for view in views:
        if view not in VIEWS:
            raise ExplorerError(f"unknown view {view!r}: choose from {', '.join(VIEWS)}")
    for region in regions:
        if region:
            selection_from_text(loaded.atlas, region, topics_of(loaded.content))
    pairs = [(r, v) for r in regions for v in views]
    if len(pairs) == 1 and not output.is_dir():
        return [Job(pairs[0][0], replace(request, view=pairs[0][1]), check_output_path(output), fmt)]
    if not output.is_dir():
        raise ExplorerError(f"{output}: for {len(pairs)} images give an existing folder")
    check_output_path(output / "probe.png")
    suffix = {"jpeg": ".jpg"}.get(fmt or "png", f".{fmt or 'png'}")
    return [Job(r, replace(request, view=v), output / f"{(r or 'brain').replace(' ', '-')}_{v}{suffix}", fmt)
            for r, v in pairs]


_LOADED: dict[tuple, Loaded] = {}


def run_job(job: Job, atlas_arg: str | None, packs: tuple[Path, ...] = (), loaded: Loaded | None = None) -> Path:
    """Render and write one figure (in this process or a worker, which loads the atlas once)."""
    key = (atlas_arg, packs)
    if loaded is None:
        if key not in _LOADED:
            _LOADED[key] = load_everything(atlas_arg, list(packs))
        loaded = _LOADED[key]
    selection = selection_from_text(loaded.atlas, job.region, topics_of(loaded.content)) if job.region else None
    markers = figure_markers(selection, loaded.atlas, loaded.content)  # the page's study peaks, as in the window
    request = replace(job.request, selection=selection, markers=markers)
    text = figure_text(loaded.atlas, loaded.content, selection, request.callouts, request.annotation,
                       request.quote_index)
    write_figure(render_figure(loaded.atlas, loaded.meshes, request, text), job.path, job.fmt)
    return job.path


def run_jobs(jobs: list[Job], atlas_arg: str | None, loaded: Loaded, workers: int = 0,
             packs: tuple[Path, ...] = (), on_done: Callable[[Path], None] | None = None) -> list[Path]:
    """Run jobs here, or across processes when there are several (spawned: VTK does not fork well)."""
    workers = workers or min(os.cpu_count() or 1, 4)
    done: list[Path] = []
    if len(jobs) < 3 or workers < 2:
        for job in jobs:
            done.append(run_job(job, atlas_arg, packs, loaded))
            if on_done:
                on_done(done[-1])
        return done
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=get_context("spawn")) as pool:
        for path in pool.map(run_job, jobs, [atlas_arg] * len(jobs), [packs] * len(jobs)):
            done.append(path)
            if on_done:
                on_done(path)
    return done
