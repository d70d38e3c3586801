"""A script without `if __name__ == "__main__":` that builds the window: a spawned child (the agreement count
starts one) re-runs it, and must not open a second window that shares the settings and writes over the
parent's files (session 4's "start view" screenshots were such a child's)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

UNGUARDED = textwrap.dedent("""
    import multiprocessing, os
    from explorer.app import build_window

    if "SBX_TEST_PARENT" not in os.environ:  # the parent: start a spawned child, as the agreement count does
        os.environ["SBX_TEST_PARENT"] = "1"
        child = multiprocessing.get_context("spawn").Process(target=os.getpid)
        child.start()
        child.join()
        print("child exit code", child.exitcode)
    else:  # the child, re-running this script's top level
        build_window("aal3")
        print("the child built a window", flush=True)
""")


def test_a_spawned_child_re_running_an_unguarded_script_builds_no_window(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SBX_TEST_PARENT", None)
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=300)
    assert "the child built a window" not in result.stdout, result.stdout
    assert "child exit code 1" in result.stdout, (result.stdout, result.stderr[-2000:])
    assert 'if __name__ == "__main__":' in result.stderr, result.stderr[-2000:]


def test_the_app_itself_is_not_a_spawned_child():
    from explorer.app import in_spawned_child

    assert not in_spawned_child()
