"""Background work still running when the app quits ends without a traceback over the clean exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A daemon thread that imports, as the warm-up does, just after the main thread has ended: Python is then
# shutting down (waiting for a non-daemon thread, as for the app's thread pool), and
# concurrent.futures.process cannot register its exit hook.
SCRIPT = '''
import sys
import threading
import time

from explorer.app import quiet_at_exit

def work():
    threading.main_thread().join()
    time.sleep(0.05)
    import concurrent.futures.process  # noqa: F401

target = quiet_at_exit(work) if sys.argv[1] == "quiet" else work
threading.Thread(target=target, daemon=True).start()
threading.Thread(target=time.sleep, args=(1.0,)).start()
'''


def _run(mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})


def test_bare_work_prints_a_traceback_at_exit():
    """The failure the wrapper is for: without it, the import raises in the thread."""
    result = _run("bare")
    if "register atexit after shutdown" not in result.stderr:
        pytest.fail(f"the bare thread did not meet the shutdown error; stderr: {result.stderr!r}")


def test_quiet_work_ends_without_a_traceback():
    result = _run("quiet")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_errors_before_exit_are_raised():
    from explorer.app import quiet_at_exit

    def broken() -> None:
        raise ValueError("a real bug")

    with pytest.raises(ValueError, match="a real bug"):
        quiet_at_exit(broken)()
