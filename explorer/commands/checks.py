"""`check-content` (a content pack linted like code) and `info` (what a school's IT support asks for)."""

from __future__ import annotations

import argparse
import sys

from explorer.commands.common import print_json
from explorer.model.errors import ExplorerError
from explorer.model.regions import load_regions


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
