"""`regions` and `where`: the atlas's labels, and what lies at a coordinate or at each peak of a table."""

from __future__ import annotations

import argparse
import sys

from explorer.commands.common import load_atlas, print_json
from explorer.model.atlas import Atlas
from explorer.model.catalog import discover
from explorer.model.coordinates import SPACE_NAMES, format_coordinate, to_mni
from explorer.model.errors import ExplorerError
from explorer.model.peak_table import label_cell


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
