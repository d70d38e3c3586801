"""The command line, run as a user would: `where`, `regions`, `export`, and every bad input."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import ROOT


def run(*args: str, display: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if not display:
        env.pop("DISPLAY", None)  # the CLI must work with no display at all
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


@pytest.mark.parametrize(("xyz", "atlas", "label", "region"), [
    (("23", "-5", "-18"), "aal3", "Amygdala_R", "amygdala"),
    (("-23", "-5", "-18"), "harvard-oxford", "Left_Amygdala", "amygdala"),
    (("-4", "40", "5"), "aal3", "ACC_pre_L", "acc"),
    (("-4", "40", "5"), "harvard-oxford", "Left_Cingulate_Gyrus_anterior_division", "acc"),
    (("-25", "30", "-15"), "harvard-oxford", "Left_Frontal_Orbital_Cortex", "ofc"),
    (("6", "55", "20"), "aal3", "Frontal_Sup_Medial_R", "mpfc"),
])
def test_where_names_label_and_teaching_region(xyz, atlas, label, region):
    result = run("where", *xyz, "--atlas", atlas, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["label"]["name"] == label
    assert data["label"]["teaching_region"] == region


def test_where_text_output_is_readable():
    result = run("where", "23", "-5", "-18")
    assert result.returncode == 0
    assert "Amygdala_R (right)" in result.stdout and "Teaching region: Amygdala" in result.stdout


def test_regions_lists_labels_with_centroids():
    result = run("regions", "--atlas", "harvard-oxford", "--json")
    data = json.loads(result.stdout)
    by_name = {r["name"]: r for r in data["labels"]}
    assert by_name["Left_Amygdala"]["teaching_region"] == "amygdala"
    assert by_name["Left_Amygdala"]["centroid_mni"][0] < 0
    assert by_name["Right_Frontal_Orbital_Cortex"]["hemisphere"] == "right"


@pytest.mark.parametrize(("args", "message"), [
    (("where", "200", "0", "0"), "outside the atlas volume"),
    (("where", "0", "0", "-70"), "outside the brain"),
    (("export", "--region", "hippocampus-ish", "-o", "{tmp}/x.png"), "unknown region"),
    (("export", "--region", "acc", "--view", "sideways", "-o", "{tmp}/x.png"), "unknown view"),
    (("export", "--size", "0x100", "-o", "{tmp}/x.png"), "bad size"),
    (("export", "--size", "20000x100", "-o", "{tmp}/x.png"), "bad size"),
    (("export", "--size", "big", "-o", "{tmp}/x.png"), "bad size"),
    (("export", "-o", "{tmp}/no/such/folder/x.png"), "does not exist"),
    (("export", "--atlas", "nope", "-o", "{tmp}/x.png"), "unknown atlas"),
    (("export", "--region", "amygdala", "--quote", "99", "-o", "{tmp}/x.png"), "--quote 99: Amygdala has"),
    (("export", "--region", "amygdala", "--quote", "0", "-o", "{tmp}/x.png"), "numbered from 1"),
    (("export", "--quote", "2", "-o", "{tmp}/x.png"), "--quote N needs --region"),
    (("export", "--tour", "social-brain", "--region", "acc", "-o", "{tmp}/slides"), "leave out --region"),
    (("export", "--tour", "social-brain", "--views", "superior", "-o", "{tmp}/slides"), "leave out --views"),
    (("export", "--background", "transparent", "-o", "{tmp}/x.jpg"), "JPEG cannot be transparent"),
    (("export", "--background", "transparent", "--format", "jpeg", "-o", "{tmp}/x.png"), "JPEG cannot be"),
])
def test_bad_input_is_one_clear_line_with_exit_code_2(tmp_path, args, message):
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "WARN|" not in line]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not list(tmp_path.iterdir()), "a refused export wrote or created something"


def _main(capsys, *args: str) -> tuple[int, list[str]]:
    """The CLI in this process: exit code and stderr lines (tqdm's bars left out)."""
    from explorer.cli import main

    code = main(list(args))
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.strip() and "WARN|" not in line and "%|" not in line]


def _deny_writes(monkeypatch) -> None:
    """A read-only folder, as the OS reports it: tests may run as root, who may write anywhere."""
    import tempfile

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def test_unwritable_folder_is_refused_before_rendering(tmp_path, monkeypatch, capsys):
    from explorer.render import batch

    def must_not_render(*_args, **_kwargs):
        raise AssertionError("the export loaded and rendered before finding the folder unwritable")

    monkeypatch.setattr(batch, "load_everything", must_not_render)
    _deny_writes(monkeypatch)
    code, lines = _main(capsys, "export", "--region", "acc", "--size", "640x400", "-o", str(tmp_path / "x.png"))
    assert code == 2 and len(lines) == 1, lines
    assert "not writable" in lines[0] and "Permission denied" in lines[0]
    assert not list(tmp_path.iterdir())


def test_unwritable_folder_for_a_batch_or_tour_is_one_clear_line(tmp_path, monkeypatch, capsys):
    _deny_writes(monkeypatch)
    for args in (("--regions", "acc,ofc"), ("--tour", "social-brain")):
        code, lines = _main(capsys, "export", *args, "-o", str(tmp_path))
        assert code == 2 and len(lines) == 1 and "not writable" in lines[0], lines
    assert not list(tmp_path.iterdir())


def test_write_failing_after_the_render_is_one_clear_line(tmp_path, monkeypatch, capsys):
    """The folder was writable when checked, then the disk filled up: no traceback, no partial file."""
    from explorer.render import formats

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(formats, "_png", disk_full)
    target = tmp_path / "x.png"
    code, lines = _main(capsys, "export", "--region", "acc", "--size", "640x400", "-o", str(target))
    assert code == 2 and len(lines) == 1, lines
    assert lines[0] == f"brain-explorer: error: cannot write {target}: No space left on device"
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/sys, where no one may create a file, is Linux's")
def test_writing_into_a_system_folder_is_one_clear_line():
    result = run("export", "--region", "acc", "--size", "640x400", "-o", "/sys/x.png")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "WARN|" not in line]
    assert lines == ["brain-explorer: error: cannot write /sys/x.png: folder /sys is not writable "
                     "(Permission denied)"], result.stderr


def test_output_inside_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    result = run("export", "-o", str(tmp_path / "notes.txt" / "x.png"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_failed_render_leaves_no_partial_file_and_keeps_the_old_one(tmp_path):
    from explorer.model.paths import atomic_write

    target = tmp_path / "slide.png"
    target.write_bytes(b"previous good image")

    def explode(tmp):
        tmp.write_bytes(b"half an image")
        raise RuntimeError("renderer died")

    with pytest.raises(RuntimeError):
        atomic_write(target, explode)
    assert target.read_bytes() == b"previous good image"
    assert [p.name for p in tmp_path.iterdir()] == ["slide.png"]


def test_app_without_display_says_so_in_one_line():
    result = run()
    assert result.returncode == 2
    assert "No display found" in result.stderr and "brain-explorer export" in result.stderr
    assert "Traceback" not in result.stderr and "xcb" not in result.stderr


def _highlight_mask(image: np.ndarray, rgb: tuple[int, int, int]) -> np.ndarray:
    """Pixels whose hue is the region's colour (shading changes brightness, not hue much)."""
    import colorsys

    target_h = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))[0]
    img = image[..., :3].astype(float) / 255
    mx, mn = img.max(axis=2), img.min(axis=2)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0)
    hsv = np.array([colorsys.rgb_to_hsv(*px) for px in img.reshape(-1, 3)[::1]]).reshape(img.shape)
    hue_close = np.abs(((hsv[..., 0] - target_h) + 0.5) % 1.0 - 0.5) < 0.03
    return hue_close & (sat > 0.55) & (mx > 0.2)


def test_export_png_exact_size_and_highlight_differs(tmp_path):
    from explorer.model.regions import load_regions

    colors = load_regions()
    shots = {}
    for region in ("amygdala", "acc"):
        out = tmp_path / f"{region}.png"
        result = run("export", "--region", region, "--view", "medial-left", "--size", "640x400", "-o", str(out))
        assert result.returncode == 0, result.stderr
        image = np.asarray(Image.open(out).convert("RGB"))
        assert image.shape == (400, 640, 3)
        assert image.std() > 10, "image is blank"
        shots[region] = image
    amy_rgb = tuple(int(colors["amygdala"].color[i:i + 2], 16) for i in (1, 3, 5))
    acc_rgb = tuple(int(colors["acc"].color[i:i + 2], 16) for i in (1, 3, 5))
    amy_in_amy = _highlight_mask(shots["amygdala"], amy_rgb).sum()
    amy_in_acc = _highlight_mask(shots["acc"], amy_rgb).sum()
    acc_in_acc = _highlight_mask(shots["acc"], acc_rgb).sum()
    acc_in_amy = _highlight_mask(shots["amygdala"], acc_rgb).sum()
    assert amy_in_amy > 3 * max(amy_in_acc, 1), (amy_in_amy, amy_in_acc)
    assert acc_in_acc > 3 * max(acc_in_amy, 1), (acc_in_acc, acc_in_amy)
    meta = Image.open(tmp_path / "acc.png").text
    assert "ACC_pre_L" in meta["Regions"] and "AAL3" in meta["Atlas"] and meta["View"] == "medial-left"


def test_tests_use_temporary_user_folders():
    """Data, cache and settings of a test run live in its own temp folder (deleted at the end)."""
    import platformdirs

    from explorer.model.paths import APP_NAME, cache_dir, data_dir
    from tests import conftest

    root = conftest._SESSION_ROOT.resolve()
    folders = [data_dir(), cache_dir()]
    if sys.platform.startswith("linux"):  # Qt's and platformdirs' own folders follow XDG_* there
        folders += [Path(platformdirs.user_config_dir(APP_NAME)), Path(platformdirs.user_data_dir(APP_NAME))]
    for folder in folders:
        assert folder.resolve().is_relative_to(root), folder


@pytest.mark.parametrize("existing", [False, True])
def test_output_folder_for_one_image(tmp_path, existing):
    """`-o out/` (or an existing folder) names a folder: the image goes inside it, named as in a batch."""
    folder = tmp_path / "out"
    if existing:
        folder.mkdir()
    given = str(folder) if existing else f"{folder}{os.sep}"
    result = run("export", "--region", "amygdala", "--size", "640x400", "-o", given)
    assert result.returncode == 0, result.stderr
    assert folder.is_dir() and [p.name for p in folder.iterdir()] == ["amygdala_default.png"]
    assert Image.open(folder / "amygdala_default.png").size == (640, 400)
