"""`export`: annotated images (one, a batch, or a tour's slides), a web lesson, a rotation video;
and `handout`, a PDF. All work with no display."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from explorer.commands.common import load_for_export, make_folder, split_list
from explorer.model.errors import ExplorerError


def export(args: argparse.Namespace) -> int:
    """One image, or one per (region, view) pair, annotated; works with no display."""
    from explorer.render.batch import plan_jobs, run_jobs
    from explorer.render.export import ExportRequest, check_output_path, dpi_for_size, parse_size

    if args.web:
        return export_web(args)
    if args.spin is not None:
        return export_spin(args)
    if args.output is None:
        raise ExplorerError("export: give -o FILE (or a folder), --web FILE.html, or --spin FILE.mp4|FILE.gif")
    size_text = args.size or ("slide" if args.tour else "1600x1000")  # a tour's slides are 16:9
    size = parse_size(size_text)
    _check_export_args(args)
    regions = split_list(args.regions) or [args.region]
    views = split_list(args.views) or [args.view or "default"]
    callouts = args.callouts or ("selected" if args.tour else "none")
    request = ExportRequest(None, views[0], size, args.background, args.show_all, callouts,
                            annotation=not args.no_annotation, orientation=not args.no_orientation,
                            quote_index=args.quote - 1 if args.quote else None, dpi=dpi_for_size(size_text))
    output = Path(args.output).expanduser()
    if args.tour:
        return _export_tour(args, request, output)
    if len(regions) * len(views) == 1 and not output.is_dir() and not _names_folder(args.output):
        check_output_path(output)
    else:
        make_folder(output)
        check_output_path(output / "probe.png")
    loaded = load_for_export(args)
    _check_quote(loaded, regions, args.quote)
    jobs = plan_jobs(regions, views, output, request, args.format, loaded)
    from tqdm import tqdm

    with tqdm(total=len(jobs), desc="Exporting", unit="image", disable=None if len(jobs) > 1 else True) as done:
        paths = run_jobs(jobs, args.atlas, loaded, args.jobs, tuple(args.annotations), lambda _p: done.update())
    for path in paths:
        print(f"wrote {path} ({size[0]}x{size[1]})")
    return 0


def _export_tour(args: argparse.Namespace, request, output) -> int:
    """One annotated image per tour step, named NN-step-title.png, in an existing folder."""
    from tqdm import tqdm

    from explorer.render.export import check_output_path
    from explorer.render.tour_export import export_step

    make_folder(output)
    check_output_path(output / "probe.png")
    loaded = load_for_export(args)
    catalog = loaded.content.tours  # the shipped tours and those of any --annotations pack
    if args.tour not in catalog.tours:
        broken = catalog.broken.get(args.tour)
        raise ExplorerError(f"tour {args.tour!r} is broken: {broken}" if broken else
                            f"unknown tour {args.tour!r}: choose from {', '.join(catalog.tours)}")
    tour = catalog.tours[args.tour]
    paths = []
    for index in tqdm(range(len(tour.steps)), desc="Exporting", unit="step", disable=None):
        paths.append(export_step(loaded, tour, index, request, output, args.format))
    for path in paths:
        print(f"wrote {path}")
    return 0


def _check_export_args(args: argparse.Namespace) -> None:
    """Refuse options that contradict each other, before anything loads or renders."""
    from explorer.render.formats import FORMATS, check_background

    if args.tour:
        clash = [flag for flag in ("region", "regions", "view", "views", "quote") if getattr(args, flag)]
        if clash:
            raise ExplorerError(f"--tour sets each slide's regions, view and quote itself; leave out --{clash[0]}")
    if args.quote is not None and not (args.region or args.regions):
        raise ExplorerError("--quote N needs --region: the quote comes from that region's page")
    if args.quote is not None and args.quote < 1:
        raise ExplorerError(f"--quote {args.quote}: quotes are numbered from 1")
    fmt = args.format or FORMATS.get(Path(args.output).suffix.lower(), "png")
    check_background(fmt, args.background)


def _check_quote(loaded, regions: list[str | None], quote: int | None) -> None:
    """--quote N must name a quote that every exported region's page has."""
    if quote is None:
        return
    from explorer.model.panel_html import page_for
    from explorer.model.state import selection_from_text
    from explorer.render.batch import topics_of

    for region in regions:
        selection = selection_from_text(loaded.atlas, region, topics_of(loaded.content))
        page, title = page_for(selection, loaded.atlas, loaded.content)
        count = len(page.quotes) if page else 0
        if quote > count:
            raise ExplorerError(f"--quote {quote}: {title or region} has {count} quote(s); choose 1 to {count}"
                                if count else f"--quote {quote}: {title or region} has no quotes")


def _names_folder(text: str) -> bool:
    """`-o out/`: a trailing separator asks for a folder (Path drops it, so look at the text)."""
    return text.endswith(tuple(sep for sep in (os.sep, os.altsep, "/") if sep))


def export_web(args: argparse.Namespace) -> int:
    """One self-contained, offline HTML lesson (explorer/render/web_lesson.py)."""
    import time

    from explorer.model.web_content import find_tour
    from explorer.render.export import check_output_path
    from explorer.render.web_lesson import write_lesson

    clash = [flag for flag in ("output", "region", "view", "views", "quote") if getattr(args, flag)]
    if clash:
        raise ExplorerError(f"--web writes one page with every view; leave out --{clash[0]}")
    path = check_output_path(args.web)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ExplorerError(f"{path}: a web lesson is an HTML page; give a name ending in .html")
    loaded = load_for_export(args)
    tour = find_tour(loaded.content, args.tour) if args.tour else None
    started = time.perf_counter()
    size = write_lesson(path, loaded.atlas, loaded.meshes, loaded.content, tour, split_list(args.regions) or None)
    print(f"wrote {path} ({size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s)")
    return 0


def export_spin(args: argparse.Namespace) -> int:
    """A rotation video (MP4 or GIF): the camera turns once about the brain's vertical axis."""
    from dataclasses import replace

    from tqdm import tqdm

    from explorer.model.figure_markers import figure_markers
    from explorer.model.figure_text import figure_text
    from explorer.model.state import selection_from_text
    from explorer.render.batch import topics_of
    from explorer.render.export import check_output_path, parse_size
    from explorer.render.spin import SpinRequest, check_spin, frame_total, write_spin
    from explorer.render.video import video_format

    clash = [flag for flag in ("output", "regions", "views", "tour", "quote", "format") if getattr(args, flag)]
    if clash:
        raise ExplorerError(f"--spin writes one video; leave out {'-o' if clash[0] == 'output' else '--' + clash[0]}")
    path = check_output_path(args.spin)
    fmt = video_format(path)
    request = SpinRequest(None, args.view or "default", parse_size(args.size or "1280x720"), args.seconds, args.fps,
                          args.callouts, args.show_all, args.background)
    check_spin(request, fmt)
    loaded = load_for_export(args)
    selection = selection_from_text(loaded.atlas, args.region, topics_of(loaded.content)) if args.region else None
    text = figure_text(loaded.atlas, loaded.content, selection, args.callouts, not args.no_annotation)
    with tqdm(total=frame_total(request, fmt), desc="Rendering", unit="frame", disable=None) as frames:
        markers = figure_markers(selection, loaded.atlas, loaded.content)  # the page's study peaks
        result = write_spin(loaded.atlas, loaded.meshes, replace(request, selection=selection, markers=markers),
                            path, text, lambda _done, _total: frames.update() or True)
    if result.fps < args.fps:
        print(f"note: a GIF is written at {result.fps:g} fps (smaller file; players keep time)", file=sys.stderr)
    print(f"wrote {path} ({result.size[0]}x{result.size[1]}, {result.frames} frames at {result.fps:g} fps)")
    return 0


def handout(args: argparse.Namespace) -> int:
    from explorer.render.export import check_output_path
    from explorer.render.handout import write_handout

    output = check_output_path(args.output)
    if output.suffix.lower() != ".pdf":
        raise ExplorerError(f"{output}: a handout is a PDF; give a name ending in .pdf")
    loaded = load_for_export(args)
    notes = None
    if args.notes:
        from explorer.model.notes import NotesStore

        notes = NotesStore().all()
    pages = write_handout(loaded.atlas, loaded.meshes, loaded.content, output, notes)
    print(f"wrote {output} ({pages} pages)")
    return 0
