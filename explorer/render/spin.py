"""Rotation videos: the camera turns 360° about the brain's vertical (superior) axis, frame by frame.

The frames come from the same off-screen BrainScene as image exports, with the figure's title band and
the atlas credit burned in; each frame goes straight to the video writer.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError
from explorer.model.figure_markers import FigureMarkers
from explorer.model.figure_text import FigureText
from explorer.model.paths import atomic_write
from explorer.model.state import Selection
from explorer.render.composition import annotate, plan
from explorer.render.export import MAX_TILE, ExportRequest, _overlay_markers, _plotter, _stage
from explorer.render.mesh_cache import MeshSet
from explorer.render.overlay import draw
from explorer.render.scene import BrainScene
from explorer.render.video import GIF_MAX_FPS, open_writer, video_format
from explorer.render.views import BRAIN_CENTER, VIEWS, View, camera_for
from explorer.render.visibility import anchor_point, solid_depth

Camera = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]
Progress = Callable[[int, int], bool]  # (frames done, total) -> keep going?


class SpinCancelled(Exception):
    """The user stopped the export; no file was written."""


@dataclass(frozen=True)
class SpinRequest:
    selection: Selection | None = None
    view: str = "default"  # where the turn starts; its elevation is kept all the way round
    size: tuple[int, int] = (1280, 720)
    seconds: float = 8.0
    fps: float = 30.0
    callouts: str = "none"  # "none" | "selected" | "all": labels that follow their regions round
    show_all: bool = False
    background: str = "white"  # or "black"; a video has no transparency
    hemispheres: str | None = None  # default: as the view implies
    markers: FigureMarkers | None = None  # study peaks, crosshair and table peaks, as image exports draw them


@dataclass(frozen=True)
class SpinResult:
    path: Path
    frames: int
    fps: float
    size: tuple[int, int]


def effective_fps(request: SpinRequest, fmt: str) -> float:
    """The frame rate actually written: a GIF is capped at GIF_MAX_FPS."""
    return min(request.fps, GIF_MAX_FPS) if fmt == "gif" else request.fps


def frame_total(request: SpinRequest, fmt: str) -> int:
    """Frames in one turn: the angle step is 360° / frames, so the clip loops without a jump."""
    return max(2, round(request.seconds * effective_fps(request, fmt)))


def check_spin(request: SpinRequest, fmt: str) -> None:
    """One-line errors for a request that cannot make a sensible video."""
    width, height = request.size
    if request.view not in VIEWS:
        raise ExplorerError(f"unknown view {request.view!r}: choose from {', '.join(VIEWS)}")
    if max(width, height) > MAX_TILE or min(width, height) < 64:
        raise ExplorerError(f"video size {width}x{height}: each side must be between 64 and {MAX_TILE} pixels")
    if fmt == "mp4" and (width % 2 or height % 2):
        raise ExplorerError(f"video size {width}x{height}: MP4 needs an even width and height")
    if not (0.25 <= request.seconds <= 120):
        raise ExplorerError(f"--seconds {request.seconds:g}: choose 0.25 to 120")
    if not (1 <= request.fps <= 60):
        raise ExplorerError(f"--fps {request.fps:g}: choose 1 to 60")
    if request.background not in ("white", "black"):
        raise ExplorerError(f"a video cannot have a {request.background} background: choose white or black")


def spin_cameras(view: View, frames: int, aspect: float, view_angle: float) -> list[Camera]:
    """One camera per frame, turned 360°·i/frames about the superior axis through the brain's centre.

    Every frame keeps the distance of the widest one, so the brain does not zoom in and out as it turns.
    """
    turns = [np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
             for a in (2 * math.pi * i / frames for i in range(frames))]
    center = np.asarray(BRAIN_CENTER)
    fits = [camera_for(View(view.name, view.title, tuple(t @ view.direction), tuple(t @ view.up)),
                       aspect=aspect, view_angle=view_angle) for t in turns]
    distance = max(float(np.linalg.norm(np.asarray(c["position"]) - center)) for c in fits)
    # Every frame is the first camera turned exactly about the vertical axis through the centre
    # (the framed cameras' focal points shift a little with the view; a turn must not wobble).
    first = np.asarray(fits[0]["position"]) - center
    first /= np.linalg.norm(first)
    up = np.asarray(fits[0]["up"])
    return [(tuple(center + t @ first * distance), tuple(center), tuple(t @ up)) for t in turns]


def _spin_text(text: FigureText) -> FigureText:
    """A video carries the title and the atlas credit; the excerpt and references belong on a slide."""
    return replace(text, excerpt=None, attribution=None, references=(), reference_keys=())


def render_frames(atlas: Atlas, meshes: MeshSet, request: SpinRequest, text: FigureText,
                  frames: int) -> Iterator[np.ndarray]:
    """Yield the clip's RGB frames one at a time (exactly request.size each)."""
    width, height = request.size
    text = _spin_text(text)
    if request.markers and request.markers.legend:
        # "● Black sphere: a peak reported by …" (white on a black background)
        text = replace(text, markers=request.markers.lines(dark=request.background == "black"))
    labelled = request.callouts != "none"
    frame = plan(width, height, text, callouts=labelled)
    vx, vy, vw, vh = frame.viewport
    if vw < 16 or vh < 16:
        raise ExplorerError(f"size {width}x{height} leaves no room for the brain; choose a larger size")
    plotter = _plotter(vw, vh, request.background)
    plotter.render_window.SetMultiSamples(0)  # 8x MSAA costs software GL 3-4x; the codec softens edges anyway
    try:
        scene = BrainScene(plotter, atlas, meshes)
        styled = None if request.callouts == "all" else request.selection  # as image exports label all
        _stage(scene, styled, ExportRequest(styled, request.view, (vw, vh), show_all=request.show_all,
                                            hemispheres=request.hemispheres))
        layer = None if labelled else draw(Image.new("RGBA", (width, height)), annotate(frame, text, {}, None))
        paper = (0, 0, 0, 255) if request.background == "black" else (255, 255, 255, 255)
        cameras = spin_cameras(VIEWS[request.view], frames, vw / vh, plotter.camera.view_angle)
        plotter.show(auto_close=False)  # until shown, pyvista's render() draws nothing
        _overlay_markers(plotter, request.markers)
        for camera in cameras:
            yield _frame(scene, camera, frame, text, layer, paper, bool(_marked(request.markers)))
    finally:
        plotter.close()


def _marked(markers: FigureMarkers | None) -> bool:
    return bool(markers and (markers.study_peaks or markers.crosshair or markers.table_peaks))


def _frame(scene: BrainScene, camera: Camera, frame, text: FigureText, layer: Image.Image | None,
           paper: tuple[int, int, int, int], marked: bool) -> np.ndarray:
    """One frame from this camera: the render, with the bands (`layer`) or this frame's callouts on top."""
    plotter = scene.plotter
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = camera
    plotter.reset_camera_clipping_range()
    vx, vy, vw, vh = frame.viewport
    # The marker layer clears the depth buffer: with markers, the callouts read the scene's depth from a
    # frame drawn without them first; without markers, from the very frame shown.
    overlay = _callout_layer(scene, frame, text, (vx, vy), fresh=True) if layer is None and marked else layer
    plotter.render()
    shot = plotter.screenshot(return_img=True)
    if overlay is None:
        overlay = _callout_layer(scene, frame, text, (vx, vy), fresh=False)
    canvas = Image.new("RGBA", (frame.width, frame.height), paper)
    canvas.paste(Image.fromarray(shot[:vh, :vw]).convert("RGBA"), (vx, vy))
    return np.asarray(Image.alpha_composite(canvas, overlay).convert("RGB"))


def _callout_layer(scene: BrainScene, frame, text: FigureText, origin: tuple[int, int],
                   fresh: bool) -> Image.Image:
    """This frame's callouts (their anchors move as the brain turns), drawn on a clear layer.

    `fresh`: draw the scene (without the marker layer) to read its depth; else read the frame just drawn.
    """
    depth = solid_depth(scene, render=fresh)
    height = depth.shape[0]
    anchors: dict[str, tuple[int, int] | None] = {}
    for callout in text.callouts:
        point = anchor_point(scene, callout.label_ids, depth)
        anchors[callout.key] = None if point is None else (origin[0] + point[0], origin[1] + height - 1 - point[1])
    return draw(Image.new("RGBA", (frame.width, frame.height)), annotate(frame, text, anchors, None))


def write_spin(atlas: Atlas, meshes: MeshSet, request: SpinRequest, path: Path, text: FigureText,
               progress: Progress | None = None) -> SpinResult:
    """Render and write the clip atomically; `progress` returning False cancels (SpinCancelled, no file)."""
    path = Path(path)
    fmt = video_format(path)
    check_spin(request, fmt)
    fps, total = effective_fps(request, fmt), frame_total(request, fmt)

    def write(tmp: Path) -> None:
        writer = open_writer(tmp, fmt, fps, {"title": text.title or "Brain atlas view", "comment": text.credit})
        # closing(): a cancel closes the off-screen plotter at once, not when the generator is collected
        with contextlib.closing(render_frames(atlas, meshes, request, text, total)) as frames:
            try:
                for done, image in enumerate(frames, start=1):
                    writer.append(image)
                    if progress is not None and progress(done, total) is False:
                        raise SpinCancelled(f"stopped after {done} of {total} frames")
            finally:
                writer.close()

    atomic_write(path, write)
    return SpinResult(path, total, fps, request.size)
