"""The command line, run as a user would: `where`, `regions`, `export`, and every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
])
def test_bad_input_is_one_clear_line_with_exit_code_2(tmp_path, args, message):
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "WARN|" not in line]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not list(tmp_path.rglob("*.png")) and not list(tmp_path.rglob("*.part"))


def test_unwritable_folder_is_refused_before_rendering(tmp_path, monkeypatch):
    from explorer.model.errors import ExplorerError
    from explorer.render import export

    # Root may write anywhere, so simulate a read-only folder through the permission check.
    monkeypatch.setattr(export.os, "access", lambda path, mode: False)
    with pytest.raises(ExplorerError, match="not writable"):
        export.check_output_path(tmp_path / "x.png")
    assert not list(tmp_path.iterdir())


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
