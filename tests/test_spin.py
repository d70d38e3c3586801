"""Rotation videos, read back from the files: frame count, size, rotation, the region's colour, the loop."""

from __future__ import annotations

import colorsys
import math
import os
import subprocess
import sys

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from explorer.model.errors import ExplorerError
from explorer.model.figure_text import figure_text
from explorer.model.state import selection_for_region
from explorer.render.spin import SpinCancelled, SpinRequest, spin_cameras, write_spin
from explorer.render.views import BRAIN_CENTER, VIEWS
from tests.conftest import ROOT

SIZE = (320, 240)


def _clip(aal3, aal3_meshes, content, path, region="amygdala", **kwargs):
    selection = selection_for_region(aal3, region) if region else None
    request = SpinRequest(selection, size=SIZE, seconds=1, fps=8, **kwargs)
    text = figure_text(aal3, content, selection, request.callouts, True)
    return write_spin(aal3, aal3_meshes, request, path, text), text


@pytest.fixture(scope="module")
def mp4(aal3, aal3_meshes, content, tmp_path_factory):
    path = tmp_path_factory.mktemp("spin") / "amygdala.mp4"
    result, text = _clip(aal3, aal3_meshes, content, path)
    return path, result, text


def _colour(aal3, content, region="amygdala") -> str:
    """The region's highlight colour, as its callout draws it."""
    return figure_text(aal3, content, selection_for_region(aal3, region), "selected").callouts[0].color


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _frames_mp4(path) -> np.ndarray:
    return np.stack(list(iio.imiter(path, plugin="FFMPEG")))  # imageio-ffmpeg's reader


def _frames_gif(path) -> np.ndarray:
    image = Image.open(path)
    frames = []
    for i in range(image.n_frames):
        image.seek(i)
        frames.append(np.asarray(image.convert("RGB")))
    return np.stack(frames)


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def _pixels_of_colour(frame: np.ndarray, hex_colour: str) -> int:
    """Saturated pixels within a small hue distance of the colour."""
    target = colorsys.rgb_to_hsv(*(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    hsv = np.asarray(Image.fromarray(frame).convert("HSV")).astype(float) / 255
    close = np.abs((hsv[..., 0] - target + 0.5) % 1 - 0.5) < 0.03
    return int((close & (hsv[..., 1] > 0.5) & (hsv[..., 2] > 0.25)).sum())


def test_mp4_has_the_frames_and_size_asked_for(mp4):
    path, result, _ = mp4
    frames = _frames_mp4(path)
    assert result.frames == 8 and frames.shape == (8, SIZE[1], SIZE[0], 3)
    assert iio.immeta(path, plugin="FFMPEG")["fps"] == pytest.approx(8)
    probe = subprocess.run([_ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, text=True)
    assert "title           : Amygdala" in probe.stderr and "Licence:" in probe.stderr  # stored, not only burned in


def test_the_brain_turns_and_the_loop_has_no_jump(mp4):
    frames = _frames_mp4(mp4[0])
    steps = [_diff(frames[i], frames[i + 1]) for i in range(len(frames) - 1)]
    quarter = _diff(frames[0], frames[2])  # 8 frames: frame 2 is 90° on
    assert quarter > 2.0  # mean over every pixel, white margins included: a real turn, not codec noise
    closing = _diff(frames[-1], frames[0])  # 315° -> 360° (= the first frame again)
    assert closing < 1.5 * max(steps), (closing, steps)


def test_the_cameras_close_the_circle_about_the_superior_axis():
    cameras = spin_cameras(VIEWS["lateral-left"], 4, 1.6, 30.0)
    center = np.asarray(BRAIN_CENTER)
    offsets = [np.asarray(position) - center for position, _, _ in cameras]
    heights = {round(o[2], 6) for o in offsets}
    assert len(heights) == 1  # the turn is about the vertical axis: the camera never rises or falls
    radii = {round(float(np.linalg.norm(o)), 6) for o in offsets}
    assert len(radii) == 1  # nor zooms
    for a, b in zip(offsets, offsets[1:] + offsets[:1], strict=True):
        angle = math.degrees(math.atan2(b[1], b[0]) - math.atan2(a[1], a[0])) % 360
        assert angle == pytest.approx(90)  # four equal steps: the fifth would be the first again


def test_the_selected_region_colour_is_in_the_frames(mp4, aal3, aal3_meshes, content, tmp_path):
    colour = _colour(aal3, content)
    path = mp4[0]
    frames = _frames_mp4(path)
    other = _frames_mp4(_clip(aal3, aal3_meshes, content, tmp_path / "acc.mp4", region="acc")[0].path)
    shown = [_pixels_of_colour(f, colour) for f in frames]
    faint = [_pixels_of_colour(f, colour) for f in other]  # the amygdala is only faint context there
    assert min(shown) > 50 and min(shown) > 10 * max(max(faint), 1), (shown, faint)


def test_gif_is_written_frame_by_frame_at_a_capped_rate(aal3, aal3_meshes, content, tmp_path):
    path = tmp_path / "amygdala.gif"
    result, text = _clip(aal3, aal3_meshes, content, path)
    image = Image.open(path)
    assert image.size == SIZE and image.n_frames == result.frames == 8  # 8 fps is under the cap
    assert image.info["loop"] == 0 and b"Licence:" in image.info["comment"]
    durations = []
    for i in range(image.n_frames):
        image.seek(i)
        durations.append(image.info["duration"])
    assert set(durations) == {120, 130} and sum(durations) == 1000  # whole centiseconds, exact in total
    frames = _frames_gif(path)
    assert _diff(frames[0], frames[2]) > 2.0
    assert min(_pixels_of_colour(f, _colour(aal3, content)) for f in frames) > 25  # one shared palette


def test_gif_rate_is_capped(aal3, aal3_meshes, content, tmp_path):
    selection = selection_for_region(aal3, "amygdala")
    request = SpinRequest(selection, size=(160, 120), seconds=1, fps=30)
    result = write_spin(aal3, aal3_meshes, request, tmp_path / "x.gif", figure_text(aal3, content, selection))
    assert result.fps == 10 and Image.open(tmp_path / "x.gif").n_frames == 10


def test_cancel_leaves_no_file_and_keeps_an_old_one(aal3, aal3_meshes, content, tmp_path):
    path = tmp_path / "old.mp4"
    path.write_bytes(b"the teacher's earlier clip")
    seen = []

    def stop_after_three(done, total):
        seen.append(done)
        return done < 3

    with pytest.raises(SpinCancelled):
        write_spin(aal3, aal3_meshes, SpinRequest(None, size=SIZE, seconds=1, fps=8), path,
                   figure_text(aal3, content, None), stop_after_three)
    assert seen == [1, 2, 3]
    assert path.read_bytes() == b"the teacher's earlier clip"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.mp4"]  # no temporary file left behind


@pytest.mark.parametrize(("name", "kwargs", "message"), [
    ("x.avi", {}, ".mp4 or .gif"),
    ("x.mp4", {"size": (321, 240)}, "even width and height"),
    ("x.mp4", {"size": (8000, 240)}, "between 64 and"),
    ("x.gif", {"background": "transparent"}, "white or black"),
    ("x.mp4", {"seconds": 0}, "--seconds"),
    ("x.mp4", {"view": "sideways"}, "unknown view"),
])
def test_bad_requests_are_refused_before_rendering(aal3, aal3_meshes, content, tmp_path, name, kwargs, message):
    request = SpinRequest(None, **{"size": SIZE, **kwargs})
    with pytest.raises(ExplorerError, match=message):
        write_spin(aal3, aal3_meshes, request, tmp_path / name, figure_text(aal3, content, None))
    assert not list(tmp_path.iterdir())


def test_cli_spin_writes_a_video_with_the_credit_burned_in(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}  # no display at all
    target = tmp_path / "ofc.gif"
    result = subprocess.run([sys.executable, "-m", "explorer", "export", "--spin", str(target), "--region", "ofc",
                             "--size", "320x240", "--seconds", "1", "--fps", "30"], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "10 frames at 10 fps" in result.stdout and "a GIF is written at 10 fps" in result.stderr
    first = _frames_gif(target)[0]
    footer = first[-20:]  # the atlas credit: dark text on the white footer band
    assert (footer.min(axis=2) < 120).sum() > 30
    clash = subprocess.run([sys.executable, "-m", "explorer", "export", "--spin", str(tmp_path / "a.mp4"),
                            "-o", str(tmp_path / "a.png")], capture_output=True, text=True, env=env, cwd=ROOT,
                           timeout=120)
    assert clash.returncode == 2
    assert clash.stderr.strip() == "brain-explorer: error: --spin writes one video; leave out -o"
