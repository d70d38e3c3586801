"""The headless commands behind the CLI: regions, where, export. No Qt anywhere here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.catalog import discover, resolve
from explorer.model.coordinates import SPACE_NAMES, format_coordinate, to_mni
from explorer.model.errors import ExplorerError
from explorer.model.peak_table import label_cell
from explorer.model.regions import load_regions


def load_atlas(arg: str | None, progress: bool = False) -> Atlas:
    manifests, _problems = discover()
    manifest = resolve(arg, manifests)
    bar = ProgressBar(f"Preparing {manifest.name}") if progress else None
    try:
        return Atlas.load(manifest, load_regions(), bar)
    finally:
        if bar:
            bar.close()


class ProgressBar:
    """tqdm bar driven by the (fraction, message) progress callbacks; silent if never called."""

    def __init__(self, title: str) -> None:
        self.title, self.bar = title, None

    def __call__(self, fraction: float, message: str) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=100, desc=self.title, unit="%", leave=False, disable=None)  # None: only on a TTY
        self.bar.set_postfix_str(message)
        self.bar.n = int(fraction * 100)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _label_record(atlas: Atlas, label_id: int) -> dict:
    label = atlas.labels[label_id]
    stats = atlas.stats.get(label_id)
    region_id = atlas.label_region.get(label_id)
    return {
        "id": label.id,
        "name": label.name,
        "hemisphere": label.hemisphere,
        "teaching_region": region_id,
        "centroid_mni": [round(v, 1) for v in stats.centroid] if stats else None,
    }


def regions(args: argparse.Namespace) -> int:
    atlas = load_atlas(args.atlas, progress=True)
    records = [_label_record(atlas, label.id) for label in atlas.present_labels()]
    if args.json:
        print_json({"atlas": atlas.id, "labels": records})
        return 0
    print(f"{atlas.manifest.name} — {len(records)} labels")
    print(f"{'id':>4}  {'name':<44} {'side':<8} {'teaching region':<22} centroid (MNI mm)")
    for r in records:
        c = "({:.0f}, {:.0f}, {:.0f})".format(*r["centroid_mni"]) if r["centroid_mni"] else "-"
        print(f"{r['id']:>4}  {r['name']:<44} {r['hemisphere']:<8} {r['teaching_region'] or '':<22} {c}")
    return 0


def where(args: argparse.Namespace) -> int:
    given = (args.x, args.y, args.z)
    if args.table is not None:
        if given != (None, None, None):
            raise ExplorerError("where: give either x y z or --table FILE, not both")
        return where_table(args)
    if None in given:
        raise ExplorerError("where: give x y z (mm), or --table FILE")
    atlas = load_atlas(args.atlas, progress=True)
    x, y, z = args.x, args.y, args.z
    if args.space == "tal":
        x, y, z = (round(v, 2) for v in to_mni((x, y, z), "tal"))
        print(f"Talairach {format_coordinate((args.x, args.y, args.z), 1)} is MNI {format_coordinate((x, y, z), 1)}"
              " (icbm2tal, Lancaster et al., 2007)", file=sys.stderr)
    label_id = atlas.label_at(x, y, z)
    if label_id is None:
        raise ExplorerError(f"({x:g}, {y:g}, {z:g}) is outside the atlas volume: not a point in the brain")
    nearest = None
    if label_id == 0:
        nearest = atlas.nearest_label(x, y, z, radius_mm=5.0)
        if nearest is None:
            raise ExplorerError(f"({x:g}, {y:g}, {z:g}) is outside the brain: no atlas label within 5 mm")
    given = {"space": SPACE_NAMES[args.space or "mni"], "xyz": [args.x, args.y, args.z]}
    result = {"atlas": atlas.id, "mni": [x, y, z], "input": given,
              "label": _label_record(atlas, label_id) if label_id else None,
              "nearest_within_5mm": _label_record(atlas, nearest) if nearest else None}
    if args.json:
        print_json(result)
        return 0
    found = result["label"] or result["nearest_within_5mm"]
    region = atlas.region_defs[found["teaching_region"]].title if found["teaching_region"] else "none"
    prefix = "At" if label_id else "No label exactly at; nearest within 5 mm of"
    print(f"{prefix} ({x:g}, {y:g}, {z:g}) in {atlas.manifest.name}: {found['name']} ({found['hemisphere']})")
    print(f"Teaching region: {region}")
    return 0


def where_table(args: argparse.Namespace) -> int:
    """One row per peak of a CSV/TSV: its label in every shipped atlas (or --atlas), teaching region and
    distance to the nearest one. Bad rows go to stderr as file:line; exit 1 if there were any."""
    from explorer.model.peaks import peak_record, read_peak_table

    peaks, problems = read_peak_table(args.table, args.space)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.atlas:
        atlases = [load_atlas(args.atlas, progress=True)]
    else:
        atlases = [load_atlas(atlas_id, progress=True) for atlas_id in discover()[0]]
    records = [peak_record(peak, atlases) for peak in peaks]
    if args.json:
        print_json(records)
    else:
        _print_peak_table(records, atlases)
    return 1 if problems else 0


def _print_peak_table(records: list[dict], atlases: list[Atlas]) -> None:
    """A plain text table; the first atlas gives the teaching region and the nearest-region distance."""
    first = atlases[0]
    names = [a.manifest.short or a.id for a in atlases]
    print("\t".join(["line", "label", "space", "MNI (mm)", *names, f"teaching region ({names[0]})",
                     "nearest region (mm)"]))
    for r in records:
        answers = r["atlases"]
        labels = [label_cell(answers[a.id], "-") for a in atlases]
        own = answers[first.id]
        region = first.region_defs[own["teaching_region"]].title if own["teaching_region"] else "-"
        near = own["nearest_teaching_region"]
        near_text = f"{near['id']} {near['distance_mm']:.1f}" if near else "-"
        print("\t".join([str(r["line"]), r["label"] or "-", r["space"], format_coordinate(r["mni"]), *labels,
                         region, near_text]))


def export(args: argparse.Namespace) -> int:
    """One image, or one per (region, view) pair, annotated; works with no display."""
    from explorer.render.batch import load_everything, plan_jobs, run_jobs
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
    regions = _split(args.regions) or [args.region]
    views = _split(args.views) or [args.view or "default"]
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
        _make_folder(output)
        check_output_path(output / "probe.png")
    bar = ProgressBar("Preparing the atlas")
    loaded = load_everything(args.atlas, args.annotations, bar)
    bar.close()
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

    from explorer.render.batch import load_everything
    from explorer.render.export import check_output_path
    from explorer.render.tour_export import export_step

    _make_folder(output)
    check_output_path(output / "probe.png")
    bar = ProgressBar("Preparing the atlas")
    loaded = load_everything(args.atlas, args.annotations, bar)
    bar.close()
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


def export_web(args: argparse.Namespace) -> int:
    """One self-contained, offline HTML lesson (explorer/render/web_lesson.py)."""
    import time

    from explorer.model.web_content import find_tour
    from explorer.render.batch import load_everything
    from explorer.render.export import check_output_path
    from explorer.render.web_lesson import write_lesson

    clash = [flag for flag in ("output", "region", "view", "views", "quote") if getattr(args, flag)]
    if clash:
        raise ExplorerError(f"--web writes one page with every view; leave out --{clash[0]}")
    path = check_output_path(args.web)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ExplorerError(f"{path}: a web lesson is an HTML page; give a name ending in .html")
    bar = ProgressBar("Preparing the atlas")
    loaded = load_everything(args.atlas, args.annotations, bar)
    bar.close()
    tour = find_tour(loaded.content, args.tour) if args.tour else None
    started = time.perf_counter()
    size = write_lesson(path, loaded.atlas, loaded.meshes, loaded.content, tour, _split(args.regions) or None)
    print(f"wrote {path} ({size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s)")
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


def export_spin(args: argparse.Namespace) -> int:
    """A rotation video (MP4 or GIF): the camera turns once about the brain's vertical axis."""
    from dataclasses import replace

    from tqdm import tqdm

    from explorer.model.figure_text import figure_text
    from explorer.model.state import selection_from_text
    from explorer.render.batch import load_everything, topics_of
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
    bar = ProgressBar("Preparing the atlas")
    loaded = load_everything(args.atlas, args.annotations, bar)
    bar.close()
    selection = selection_from_text(loaded.atlas, args.region, topics_of(loaded.content)) if args.region else None
    text = figure_text(loaded.atlas, loaded.content, selection, args.callouts, not args.no_annotation)
    with tqdm(total=frame_total(request, fmt), desc="Rendering", unit="frame", disable=None) as frames:
        result = write_spin(loaded.atlas, loaded.meshes, replace(request, selection=selection), path, text,
                            lambda _done, _total: frames.update() or True)
    if result.fps < args.fps:
        print(f"note: a GIF is written at {result.fps:g} fps (smaller file; players keep time)", file=sys.stderr)
    print(f"wrote {path} ({result.size[0]}x{result.size[1]}, {result.frames} frames at {result.fps:g} fps)")
    return 0


def _make_folder(folder: Path) -> None:
    """Create the folder for a batch or tour (`-o slides/`), with a one-line error if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExplorerError(f"{folder} is a file; give a folder for several images") from None
    except OSError as exc:
        raise ExplorerError(f"cannot create folder {folder}: {exc.strerror or exc}") from None


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def handout(args: argparse.Namespace) -> int:
    from explorer.render.batch import load_everything
    from explorer.render.export import check_output_path
    from explorer.render.handout import write_handout

    output = check_output_path(args.output)
    if output.suffix.lower() != ".pdf":
        raise ExplorerError(f"{output}: a handout is a PDF; give a name ending in .pdf")
    bar = ProgressBar("Preparing the atlas")
    loaded = load_everything(args.atlas, args.annotations, bar)
    bar.close()
    notes = None
    if args.notes:
        from explorer.model.notes import NotesStore

        notes = NotesStore().all()
    pages = write_handout(loaded.atlas, loaded.meshes, loaded.content, output, notes)
    print(f"wrote {output} ({pages} pages)")
    return 0


def check_content(args: argparse.Namespace) -> int:
    """Lint a content pack: one `file:line: message` per problem; exit 1 if there are any."""
    from explorer.model.content import load_content

    folder = args.folder.resolve()
    if not folder.is_dir():
        raise ExplorerError(f"{args.folder}: not a folder")
    from explorer.model.pack_rules import pack_problems

    lib = load_content([folder], known_regions=set(load_regions()))
    problems = [p for p in lib.problems if p.path.resolve().is_relative_to(folder)]
    problems += pack_problems(folder, lib)
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0)):
        print(problem)
    pages = sum(1 for a in lib.annotations.values() if a.path.resolve().is_relative_to(folder))
    tours = sum(1 for t in lib.tours.tours.values() if t.path.resolve().is_relative_to(folder))
    links = sum(1 for link in lib.links if link.path and link.path.resolve().is_relative_to(folder))
    print(f"{len(problems)} problem(s) in {folder} ({pages} page(s), {tours} tour(s), {links} circuit link(s) loaded)",
          file=sys.stderr)
    return 1 if problems else 0


def info(args: argparse.Namespace) -> int:
    """What a school's IT support asks for; works with no display (off-screen EGL on Linux)."""
    from explorer.render import diagnostics

    sections = {"Versions": diagnostics.versions(), "OpenGL": diagnostics.opengl(),
                "Folders": diagnostics.folders(), **diagnostics.shipped_content()}
    if args.json:
        print_json(sections)
        return 0
    for title, body in sections.items():
        print(f"{title}:")
        rows = body.items() if isinstance(body, dict) else (("-", line) for line in body)
        for key, value in rows:
            print(f"  {key}: {value}" if key != "-" else f"  - {value}")
    return 0
