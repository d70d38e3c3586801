"""Tours, quiz, notes, circuits: the model layer, and the files a teacher edits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from explorer.model.circuits import load_links
from explorer.model.notes import NotesStore
from explorer.model.paths import ANNOTATION_DIR
from explorer.model.quiz import ProgressStore, Question, generate, order, record
from explorer.model.tours import load_tours
from explorer.render.transition import camera_path, interpolate
from tests.conftest import ROOT


def test_shipped_tours_load_and_quote_verbatim(regions, content):
    catalog = load_tours(ANNOTATION_DIR / "tours", set(regions), content)
    assert not catalog.broken, catalog.broken
    assert set(catalog.tours) == {"social-brain", "connection"}
    social = catalog.tours["social-brain"]
    assert [s.highlight for s in social.steps][1:5] == [("amygdala",), ("ofc", "acc"), ("mirror-neuron-system",),
                                                        ("amygdala", "hypothalamus")]
    for tour in catalog.tours.values():
        for step in tour.steps:
            for quote in step.quotes:
                assert content.sources[quote.source].contains(quote.text), (tour.id, step.title)


@pytest.mark.parametrize(("body", "line", "message"), [
    ("title: X\nsteps:\n  - title: A\n    view: [unclosed\n", 4, "YAML error"),
    ("title: X\nsteps:\n  - title: A\n    highlight: [hippocampus-ish]\n", 4, "unknown region"),
    ("title: X\nsteps:\n  - title: A\n  - title: B\n    view: sideways\n", 5, "unknown view"),
])
def test_a_broken_tour_is_reported_with_file_and_line(tmp_path, regions, content, body, line, message):
    (tmp_path / "good.yaml").write_text("title: Good\nsteps:\n  - title: One\n    view: anterior\n")
    (tmp_path / "bad.yaml").write_text(body)
    catalog = load_tours(tmp_path, set(regions), content)
    assert "good" in catalog.tours
    problem = catalog.broken["bad"]
    assert problem.path.name == "bad.yaml" and problem.line == line and message in problem.message


def test_leitner_wrong_answers_come_back_first():
    questions = [Question(f"q{i}", "name", "?", ("a",)) for i in range(4)]
    progress: dict = {}
    for turn, (qid, correct) in enumerate([("q0", True), ("q1", True), ("q2", False), ("q3", True),
                                           ("q0", True)], start=1):
        progress = record(progress, qid, correct, turn)
    assert progress["q0"]["box"] == 3 and progress["q2"]["box"] == 1
    ordered = [q.id for q in order(questions, progress)]
    assert ordered[0] == "q2"  # wrong: box 1
    assert ordered[-1] == "q0"  # right twice: highest box
    progress = record(progress, "q0", False, 6)
    assert progress["q0"]["box"] == 1


def test_questions_come_from_the_content(content, aal3):
    questions = generate(content, aal3, "teaching")
    kinds = {q.kind for q in questions}
    assert kinds == {"click", "name", "quote"}
    quotes = [q for q in questions if q.kind == "quote"]
    assert all("▢▢▢" in q.prompt for q in quotes)  # the region's name is hidden
    assert all(set(q.answers) <= set(q.choices) for q in quotes)
    # A teacher's new quote on a page yields a new question, with no code change.
    page = content.for_region("ofc")
    new_quote = replace(page.quotes[0], text="the orbitofrontal cortex and anterior cingulate cortex")
    changed = type(content)({**content.annotations, "ofc": replace(page, quotes=(*page.quotes, new_quote))},
                            content.references, content.sources, [])
    more = generate(changed, aal3, "teaching")
    assert len(more) == len(questions) + 1
    assert len(generate(content, aal3, "all")) > len(questions) + 100  # every atlas label too


def test_circuit_links_rest_on_verbatim_sentences(regions, content, tmp_path):
    links = load_links(set(regions), content)
    assert {(link.a, link.b) for link in links} == {("ofc", "amygdala"), ("ofc", "acc"), ("amygdala", "hypothalamus")}
    for link in links:
        if link.kind == "named-together":
            assert content.sources[link.source].contains(link.quote)
        else:
            assert content.references[link.ref].doi
    bad = tmp_path / "circuits.yaml"
    bad.write_text((ANNOTATION_DIR / "circuits.yaml").read_text().replace("regulates social behavior",
                                                                          "controls social behavior"))
    from explorer.model.errors import ContentError

    with pytest.raises(ContentError, match="not verbatim"):
        load_links(set(regions), content, bad)


def test_notes_survive_a_restart(tmp_path):
    path = tmp_path / "notes.json"
    NotesStore(path).set("region:amygdala", "Threat and reward detector")
    assert NotesStore(path).get("region:amygdala") == "Threat and reward detector"


WRITER = """
import sys
from explorer.model.notes import NotesStore
store = NotesStore(__import__("pathlib").Path(sys.argv[1]))
store.set("region:mpfc", "keep me")
print("ready", flush=True)
i = 0
while True:
    i += 1
    store.set("region:acc", "x" * (i % 5000) + str(i))
"""


def test_killing_a_save_midway_never_loses_earlier_notes(tmp_path):
    path = tmp_path / "notes.json"
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, cwd=ROOT)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(0.05 + 0.07 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with _no_warning():
            store = NotesStore(path)
        assert store.get("region:mpfc") == "keep me"
        assert store.get("region:acc")  # some complete earlier version
        assert not list(tmp_path.glob("*.corrupt"))


class _no_warning:  # noqa: N801
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)


@pytest.mark.parametrize("store_class", [NotesStore, ProgressStore])
def test_corrupt_files_are_moved_aside_not_overwritten(tmp_path, store_class):
    path = tmp_path / "data.json"
    path.write_text("{ this is not json")
    with pytest.warns(UserWarning, match="kept it as"):
        store = store_class(path)
    kept = list(tmp_path.glob("data.json.*.corrupt"))
    assert len(kept) == 1 and kept[0].read_text() == "{ this is not json"
    if isinstance(store, NotesStore):
        store.set("topic:oxytocin", "new")
    else:
        store.answer("name:amygdala", True)
    assert kept[0].read_text() == "{ this is not json"
    assert path.exists() and path.read_text() != "{ this is not json"


def test_camera_transition_is_smooth_and_exact():
    start = ((-400.0, 0, 0), (0, -17, 10), (0, 0, 1))
    end = ((0.0, 0, -400), (0, -17, 10), (0, 1, 0))
    path = camera_path(start, end, 30)
    np.testing.assert_allclose(path[-1][0], end[0], atol=1e-6)
    positions = np.array([p[0] for p in path])
    steps = np.linalg.norm(np.diff(positions, axis=0), axis=1)
    assert steps.max() < 3 * steps.mean()  # no jump cut
    for position, focal, up in path:
        view = np.subtract(focal, position)
        assert abs(np.dot(view, up)) < 1e-6 * np.linalg.norm(view)
        assert np.linalg.norm(up) == pytest.approx(1.0)
    middle = interpolate(start, end, 0.5)
    distances = [np.linalg.norm(np.subtract(c[0], c[1])) for c in (start, end)]
    assert np.linalg.norm(np.subtract(middle[0], middle[1])) == pytest.approx(np.mean(distances))


def test_tour_exports_one_slide_per_step(tmp_path):
    result = subprocess.run([sys.executable, "-m", "explorer", "export", "--tour", "connection", "--size",
                             "640x400", "-o", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    from PIL import Image

    files = sorted(Path(tmp_path).iterdir())
    assert [f.name[:3] for f in files] == ["01-", "02-", "03-", "04-", "05-"]
    assert all(Image.open(f).size == (640, 400) for f in files)
