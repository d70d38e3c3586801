"""A teacher's pack carries its own tours and circuit links, checked like the shipped ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from explorer.model.circuits import CIRCUITS_FILE, load_links
from explorer.model.content import load_content
from tests.conftest import ROOT

GOOD_TOUR = """title: Our class tour
steps:
  - title: Threat
    view: medial-left
    highlight: [amygdala]
    quotes:
      - text: "The amygdala flags what matters"
        source: class-notes
    references: [teacher2024]
"""

BAD_TOUR = """title: Broken
steps:
  - title: First
    text: We will see the insula-ish next.
  - title: Second
    highlight:
      - amygdala
      - insula-ish
"""

CIRCUITS = """links:
  - from: amygdala
    to: hypothalamus
    caption: Our own link.
    quote: "In stress, the hypothalamus answers the amygdala"
    source: class-notes
"""


def _pack(root: Path, name: str, bad: bool = False) -> Path:
    pack = root / name
    (pack / "tours").mkdir(parents=True)
    (pack / "sources").mkdir()
    (pack / "sources" / "class-notes.txt").write_text(
        "The amygdala flags what matters. In stress, the hypothalamus answers the amygdala.\n")
    (pack / "references.bib").write_text(
        "@article{teacher2024,\n  author = {Teacher, Ann},\n  title = {Notes},\n  journal = {Class},\n"
        "  year = {2024}\n}\n")
    (pack / "tours" / "ours.yaml").write_text(GOOD_TOUR)
    circuits = CIRCUITS
    if bad:
        (pack / "tours" / "broken.yaml").write_text(BAD_TOUR)
        circuits = circuits.replace("to: hypothalamus", "to: hypothalamus-ish")
    (pack / "circuits.yaml").write_text(circuits)
    return pack


def test_pack_tours_and_links_are_loaded_with_the_pack_name(tmp_path, regions):
    pack = _pack(tmp_path, "year-9")
    lib = load_content([pack], known_regions=set(regions))
    assert not lib.problems, lib.problems
    tour = lib.tours.tours["ours"]
    assert (tour.pack, tour.title, tour.steps[0].highlight) == ("year-9", "Our class tour", ("amygdala",))
    assert {"social-brain", "connection"} <= set(lib.tours.tours)  # the shipped tours stay
    assert lib.tours.tours["connection"].pack == "built-in"
    ours = [link for link in lib.links if link.pack == "year-9"]
    assert [(link.a, link.b) for link in ours] == [("amygdala", "hypothalamus")]
    shipped = load_links(None, None, CIRCUITS_FILE)
    assert [(link.a, link.b) for link in lib.links if link.pack == "built-in"] == [(s.a, s.b) for s in shipped]


def test_check_content_reports_pack_tours_and_circuits_at_their_lines(tmp_path):
    pack = _pack(tmp_path, "year-10", bad=True)
    result = subprocess.run([sys.executable, "-m", "explorer", "check-content", str(pack)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{pack / 'circuits.yaml'}:3: link 1: unknown region 'hypothalamus-ish'",
        f"{pack / 'tours' / 'broken.yaml'}:8: step 2: unknown region 'insula-ish' in highlight",
    ]
    assert "1 tour(s)" in result.stderr
    good = _pack(tmp_path, "year-11")
    clean = subprocess.run([sys.executable, "-m", "explorer", "check-content", str(good)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stdout
    assert "0 problem(s)" in clean.stderr and "1 tour(s), 1 circuit link(s)" in clean.stderr
