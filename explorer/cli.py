"""Command line: the app (default), `regions`, `where`, `export`, `handout`, `check-content`, `info`."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

from explorer import __version__
from explorer.model.errors import ExplorerError
from explorer.model.views import VIEW_NAMES


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--atlas", metavar="ID|PATH",
                        help="atlas id (aal3, harvard-oxford), a manifest .toml, or a label .nii(.gz) with dseg.tsv")
    parser = argparse.ArgumentParser(prog="brain-explorer", parents=[common],
                                     description="Social Brain Explorer: a 3D brain atlas annotated from "
                                                 "social-neuroscience sources. With no command, opens the app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--annotations", metavar="DIR", action="append", type=Path, default=[],
                        help="add a folder of annotations (repeatable)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    regions = sub.add_parser("regions", parents=[common], help="list the atlas labels")
    regions.add_argument("--json", action="store_true", help="machine-readable output")
    _add_where(sub.add_parser("where", parents=[common],
                              help="name the label at a coordinate (mm), or for a peak table"))
    _add_export(sub.add_parser("export", parents=[common], help="render annotated images without a display"))
    handout = sub.add_parser("handout", parents=[common], help="a printable PDF, one page per teaching region")
    handout.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    handout.add_argument("--notes", action="store_true", help="include your notes")
    info = sub.add_parser("info", help="versions, OpenGL renderer, folders and shipped content (for IT support)")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    check = sub.add_parser("check-content", help="check a folder of annotations like a linter (file:line: message)")
    check.add_argument("folder", type=Path, help="annotation folder (a content pack)")
    return parser


def _add_where(where: argparse.ArgumentParser) -> None:
    for axis in "xyz":
        where.add_argument(axis, type=float, nargs="?", help=f"{axis} in mm (MNI unless --space tal)")
    where.add_argument("--table", type=Path, metavar="FILE",
                       help="a CSV/TSV of peaks (x, y, z columns; optional label and space): one row per peak")
    where.add_argument("--space", choices=["mni", "tal"],
                       help="space of the coordinate, or of table rows that state none (default mni); "
                            "Talairach is converted with icbm2tal (Lancaster et al., 2007, FSL variant)")
    where.add_argument("--json", action="store_true")


def _add_export(export: argparse.ArgumentParser) -> None:
    export.add_argument("--region", help="teaching region, group, topic or atlas label to highlight")
    export.add_argument("--regions", help="several, comma-separated: one image per region and view")
    export.add_argument("--tour", help="export every step of a tour (annotations/tours/ID.yaml) into a folder")
    export.add_argument("--view", default=None, help=f"one of: {', '.join(VIEW_NAMES)}")
    export.add_argument("--views", help="several views, comma-separated")
    export.add_argument("--size", default=None,
                        help="WIDTHxHEIGHT in pixels, or slide, 4k, a4 (300 dpi), square "
                             "(default 1600x1000; a tour's slides: slide, 1920x1080; --spin: 1280x720)")
    export.add_argument("--background", default="white", choices=["white", "black", "transparent"])
    export.add_argument("--callouts", nargs="?", const="selected", default=None, choices=["none", "selected", "all"],
                        help="label the selected region (or 'all' teaching regions) with leader lines "
                             "(a tour labels each step's highlighted regions unless 'none': then a legend names them)")
    export.add_argument("--no-annotation", action="store_true", help="leave out the title, excerpt and citation")
    export.add_argument("--quote", type=int, metavar="N", help="show quote N (from 1) of the region's annotation")
    export.add_argument("--no-orientation", action="store_true", help="leave out the L/R, A/P, S/I letters")
    export.add_argument("--show-all", action="store_true", help="draw every region opaque")
    export.add_argument("--format", choices=["png", "jpeg", "svg", "pdf"], help="default: from the file name")
    export.add_argument("--jobs", type=int, default=0, help="parallel processes for a batch (default: cores)")
    export.add_argument("-o", "--output",
                        help="file, or folder (ends in /) for one image or a batch; not with --spin or --web")
    spin = export.add_argument_group("rotation video", "the camera turns 360° about the vertical axis")
    spin.add_argument("--spin", type=Path, metavar="FILE.mp4|FILE.gif", help="write a rotation video instead")
    spin.add_argument("--seconds", type=float, default=8.0, help="length of one turn (default 8)")
    spin.add_argument("--fps", type=float, default=30.0,
                      help="frames per second (default 30; a GIF is written at 10 at most)")
    export.add_argument("--web", type=Path, metavar="FILE",
                        help="write one offline web page (.html): the 3D brain, panels, region list and, "
                             "with --tour, the tour; --regions limits the regions it covers")
    export.add_argument("--annotations", metavar="DIR", action="append", type=Path, default=argparse.SUPPRESS,
                        help="add a folder of annotations (repeatable)")


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # spawned workers (batch export, atlas agreement) in a frozen bundle
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            from explorer.app import run

            return run(args.atlas, args.annotations)
        from explorer import commands

        handler = {"regions": commands.regions, "where": commands.where, "export": commands.export,
                   "handout": commands.handout, "check-content": commands.check_content,
                   "info": commands.info}[args.command]
        return handler(args)
    except ExplorerError as exc:
        print(f"brain-explorer: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `brain-explorer regions | head`
        sys.stderr.close()
        return 0
