"""The headless commands behind the CLI: regions, where, export. No Qt anywhere here."""

from __future__ import annotations

import argparse
import json
import sys

from explorer.model.atlas import Atlas
from explorer.model.catalog import discover, resolve
from explorer.model.errors import ExplorerError
from explorer.model.regions import load_regions
from explorer.model.state import selection_from_text


def load_atlas(arg: str | None, progress: bool = False) -> Atlas:
    manifests, _problems = discover()
    manifest = resolve(arg, manifests)
    bar = _progress_bar(f"Preparing {manifest.name}") if progress else None
    try:
        return Atlas.load(manifest, load_regions(), bar)
    finally:
        if bar:
            bar.close()


class _progress_bar:  # noqa: N801  (used like a function)
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
    atlas = load_atlas(args.atlas, progress=True)
    x, y, z = args.x, args.y, args.z
    label_id = atlas.label_at(x, y, z)
    if label_id is None:
        raise ExplorerError(f"({x:g}, {y:g}, {z:g}) is outside the atlas volume: not a point in the brain")
    nearest = None
    if label_id == 0:
        nearest = atlas.nearest_label(x, y, z, radius_mm=5.0)
        if nearest is None:
            raise ExplorerError(f"({x:g}, {y:g}, {z:g}) is outside the brain: no atlas label within 5 mm")
    result = {"atlas": atlas.id, "mni": [x, y, z], "label": _label_record(atlas, label_id) if label_id else None,
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


def export(args: argparse.Namespace) -> int:
    from explorer.render.export import ExportRequest, check_output_path, parse_size, render_image, write_png
    from explorer.render.mesh_cache import load_meshes
    from explorer.render.views import VIEWS

    size = parse_size(args.size)
    if args.view not in VIEWS:
        raise ExplorerError(f"unknown view {args.view!r}: choose from {', '.join(VIEWS)}")
    output = check_output_path(args.output)
    atlas = load_atlas(args.atlas, progress=True)
    selection = selection_from_text(atlas, args.region) if args.region else None
    bar = _progress_bar("Meshing the atlas")
    meshes = load_meshes(atlas, progress=bar)
    bar.close()
    image = render_image(atlas, meshes, ExportRequest(selection, args.view, size, args.background, args.show_all))
    shown = [atlas.labels[i].name for i in selection.label_ids] if selection else []
    write_png(image, output, {
        "Atlas": f"{atlas.manifest.name} ({atlas.manifest.credit}; {atlas.manifest.licence})",
        "Regions": ", ".join(shown) or "none selected",
        "View": args.view,
    })
    print(f"wrote {output} ({size[0]}x{size[1]})")
    return 0


def check_content(args: argparse.Namespace) -> int:
    """Lint a content pack: one `file:line: message` per problem; exit 1 if there are any."""
    from explorer.model.content import load_content

    folder = args.folder.resolve()
    if not folder.is_dir():
        raise ExplorerError(f"{args.folder}: not a folder")
    lib = load_content([folder], known_regions=set(load_regions()))
    problems = [p for p in lib.problems if p.path.resolve().is_relative_to(folder)]
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0)):
        print(problem)
    pages = sum(1 for a in lib.annotations.values() if a.path.resolve().is_relative_to(folder))
    print(f"{len(problems)} problem(s) in {folder} ({pages} page(s) loaded)", file=sys.stderr)
    return 1 if problems else 0
