"""Notes and quiz progress shared by two running copies of the app: nobody's save is lost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from explorer.model.notes import NotesStore
from explorer.model.quiz import ProgressStore
from tests.conftest import ROOT

WRITES = 40

# Both copies open the file first (as two windows do), then save in turns that interleave.
WRITER = """
import sys
from pathlib import Path
from explorer.model.notes import NotesStore
from explorer.model.quiz import ProgressStore
kind, path, prefix, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = NotesStore(path) if kind == "notes" else ProgressStore(path)
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    if kind == "notes":
        store.set(f"region:{prefix}{i}", f"{prefix} note {i}")
    else:
        store.answer(f"name:{prefix}{i}", True)
"""


def _run_two_writers(kind: str, path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, kind, str(path), prefix, str(WRITES)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for prefix in ("a", "b")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # both have read the (empty) file before either saves
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.wait(timeout=120) == 0


@pytest.mark.parametrize("kind", ["notes", "progress"])
def test_two_processes_keep_each_others_saves(tmp_path, kind):
    path = tmp_path / f"{kind}.json"
    _run_two_writers(kind, path)
    store = NotesStore(path) if kind == "notes" else ProgressStore(path)
    if kind == "notes":
        expected = {f"region:{p}{i}" for p in "ab" for i in range(WRITES)}
        assert set(store.all()) == expected
        assert store.get("region:a7") == "a note 7" and store.get("region:b39") == "b note 39"
    else:
        expected = {f"name:{p}{i}" for p in "ab" for i in range(WRITES)}
        assert set(store.progress) == expected
        assert sorted(v["seen"] for v in store.progress.values()) == list(range(1, 2 * WRITES + 1))


def test_a_window_sees_notes_saved_by_another(tmp_path):
    path = tmp_path / "notes.json"
    first, second = NotesStore(path), NotesStore(path)
    first.set("region:amygdala", "threat")
    assert second.get("region:amygdala") == "threat"
    second.set("region:ofc", "value")
    first.set("region:amygdala", "")  # deleting one note keeps the other window's note
    assert NotesStore(path).all() == {"region:ofc": "value"}


def test_quiz_turns_count_answers_from_every_window(tmp_path):
    path = tmp_path / "progress.json"
    first, second = ProgressStore(path), ProgressStore(path)
    first.answer("name:acc", True)
    second.answer("name:ofc", False)
    first.answer("name:acc", True)
    progress = ProgressStore(path).progress
    assert progress == {"name:acc": {"box": 3, "seen": 3}, "name:ofc": {"box": 1, "seen": 2}}
    assert first.turn == second.turn == 3
