"""Off-screen figures from the same BrainScene the window shows, written atomically."""

from __future__ import annotations

import math
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyvista as pv
from PIL import Image

from explorer import __version__
from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError
from explorer.model.figure_markers import FigureMarkers
from explorer.model.figure_text import FigureText
from explorer.model.state import Selection
from explorer.render import formats
from explorer.render.composition import Frame, annotate, bands, orientation_letters, plan
from explorer.render.diagnostics import use_egl_if_headless
from explorer.render.markers import overlay_for
from explorer.render.mesh_cache import MeshSet
from explorer.render.overlay import Overlay, draw_layer
from explorer.render.scene import BrainScene
from explorer.render.views import VIEWS
from explorer.render.visibility import LabelGrid, frame_grid, with_colours

MAX_SIZE = 16384
MAX_TILE = 4096  # render larger images in tiles (vtkRenderLargeImage) rather than one huge buffer
BACKGROUNDS = {"white": (255, 255, 255, 255), "black": (0, 0, 0, 255), "transparent": (0, 0, 0, 0)}
PRESETS = {"slide": (1920, 1080), "4k": (3840, 2160), "a4": (2480, 3508), "square": (2048, 2048)}
PRINT_DPI = {"a4": 300}  # presets meant for paper: text in points, and the file says its dpi
# Anti-aliasing of the 3D view: MSAA samples of the off-screen framebuffer. It works through VTK's own
# render framebuffer on every platform (EGL on Linux, the native off-screen GL on Windows and macOS),
# and keeps the depth buffer the callouts read. Set here, not left to pyvista's theme.
MSAA_SAMPLES = 4


def dpi_for_size(text: str) -> int | None:
    """The print resolution a size preset implies (A4 at 300 dpi), or None for a screen size."""
    return PRINT_DPI.get(text.lower())


@dataclass(frozen=True)
class ExportRequest:
    selection: Selection | None
    view: str = "default"
    size: tuple[int, int] = (1600, 1000)
    background: str = "white"
    show_all: bool = False
    callouts: str = "none"  # "none" | "selected" | "all"
    annotation: bool = False
    orientation: bool = True
    quote_index: int | None = None
    camera: tuple[tuple[float, float, float], ...] | None = None  # position, focal point, up (the window's)
    hemispheres: str | None = None  # default: as the view implies
    shown: frozenset[int] = frozenset()  # a tour step's labels kept at full strength
    others: float | None = None  # a tour step's opacity for everything else
    dpi: int | None = None  # for print: text sized in points, and the PNG says so
    markers: FigureMarkers | None = None  # crosshair and peak spheres, drawn as the window draws them


@dataclass
class Figure:
    canvas: Image.Image  # background and 3D render, exactly the requested size (RGB, or RGBA if transparent)
    overlay: Overlay  # everything drawn on top
    metadata: dict[str, str]
    dpi: int | None = None
    layer: Image.Image | None = None  # the overlay already drawn into a transparent layer (see overlay.draw)


def parse_size(text: str) -> tuple[int, int]:
    """'1600x1000' or a preset name (slide, 4k, a4, square) -> (width, height), each 1..16384."""
    if text.lower() in PRESETS:
        return PRESETS[text.lower()]
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ExplorerError(f"bad size {text!r}: use WIDTHxHEIGHT (e.g. 1920x1080) or {', '.join(PRESETS)}")
    width, height = (int(p) for p in parts)
    if not (1 <= width <= MAX_SIZE and 1 <= height <= MAX_SIZE):
        raise ExplorerError(f"bad size {text!r}: each side must be between 1 and {MAX_SIZE} pixels")
    return width, height


def check_output_path(path: Path) -> Path:
    """Fail early, with one clear line, if the file cannot be written."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExplorerError(f"{path} is a directory; give a file name such as {path / 'brain.png'}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExplorerError(f"cannot write {path}: folder {parent} does not exist")
    try:  # try it for real: os.access is wrong for root, read-only mounts and Windows ACLs
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise ExplorerError(f"cannot write {path}: folder {parent} is not writable ({exc.strerror})") from None
    return path


def _plotter(width: int, height: int, background: str) -> pv.Plotter:
    """An off-screen plotter with the export's anti-aliasing (MSAA_SAMPLES)."""
    use_egl_if_headless()
    plotter = pv.Plotter(off_screen=True, window_size=(width, height))
    plotter.render_window.SetMultiSamples(MSAA_SAMPLES)  # whatever pyvista's theme says about anti-aliasing
    plotter.set_background("black" if background == "black" else "white")
    return plotter


def _stage(scene: BrainScene, selection: Selection | None, request: ExportRequest) -> None:
    """Style and frame the scene as requested: a named view, or the window's own camera."""
    scene.apply(selection, request.show_all, request.hemispheres or VIEWS[request.view].hemisphere or "both",
                request.shown, request.others)
    scene.set_view(request.view)
    if request.camera:
        position, focal_point, up = request.camera
        scene.plotter.camera.position, scene.plotter.camera.focal_point = position, focal_point
        scene.plotter.camera.up = up
        scene.plotter.reset_camera_clipping_range()
        scene.update_shell()  # opaque or see-through for the camera used, not for the named view


def _overlay_markers(plotter: pv.Plotter, markers: FigureMarkers | None) -> None:
    """Study peaks, crosshair and table peaks in the window's marker layer, drawn over the scene.

    Called after the callouts have read the depth buffer: the layer clears it to draw on top.
    """
    if markers is None or not (markers.study_peaks or markers.crosshair or markers.table_peaks):
        return
    layer = overlay_for(plotter)
    layer.show_study_peaks(markers.study_peaks)
    layer.show_crosshair(markers.crosshair)
    layer.show_peaks(markers.table_peaks)
    plotter.render()


def _camera_text(camera) -> str:
    return (f"position={tuple(round(v, 1) for v in camera.position)} "
            f"focal_point={tuple(round(v, 1) for v in camera.focal_point)} "
            f"up={tuple(round(v, 3) for v in camera.up)} view_angle={camera.view_angle}")


def render_figure(atlas: Atlas, meshes: MeshSet, request: ExportRequest, text: FigureText | None = None) -> Figure:
    """Render at exactly the requested size: text bands, 3D viewport, callouts, letters.

    While VTK renders (it lets go of Python's lock), a second thread lays the background and draws
    the text bands into the overlay layer: on a machine with two cores that work costs no time.
    """
    text, frame = _framed(atlas, request, text)
    with ThreadPoolExecutor(max_workers=1) as pool:
        shot = _render(atlas, meshes, request, text, frame, pool)
        canvas, layer, band_items = shot.ground.result()
    vx, vy, vw, vh = frame.viewport
    # Slice, not Image.crop: Pillow's decompression-bomb guard would refuse our own 16384 px render.
    render = Image.fromarray(np.ascontiguousarray(shot.image[:vh, :vw]))
    canvas.paste(render if render.mode == canvas.mode else render.convert(canvas.mode), (vx, vy))
    overlay = annotate(frame, text, shot.anchors, shot.letters)
    if overlay.items[:len(band_items)] == band_items:  # the layer holds the overlay's first items: draw on
        draw_layer(canvas.size, overlay.items[len(band_items):], layer)
    else:
        layer = draw_layer(canvas.size, overlay.items)
    return Figure(canvas, overlay, _metadata(atlas, request, text, shot.camera), request.dpi, layer)


def _framed(atlas: Atlas, request: ExportRequest, text: FigureText | None) -> tuple[FigureText, Frame]:
    """The figure's text (with the markers' caption lines) and its layout, or a clear error."""
    if request.view not in VIEWS:
        raise ExplorerError(f"unknown view {request.view!r}: choose from {', '.join(VIEWS)}")
    text = text or FigureText(credit=f"Atlas: {atlas.manifest.credit}. Licence: {atlas.manifest.licence}.")
    if request.markers and request.markers.legend:
        text = replace(text, markers=request.markers.lines(dark=request.background == "black"))
    width, height = request.size
    frame = plan(width, height, text, callouts=request.callouts != "none", dpi=request.dpi)
    if frame.viewport[2] < 16 or frame.viewport[3] < 16:
        raise ExplorerError(f"size {width}x{height} leaves no room for the brain; choose a larger size")
    return text, frame


@dataclass
class _Shot:
    image: np.ndarray  # the 3D view as rendered (tiles put together), at least the viewport's size
    anchors: dict[str, tuple[int, int] | None]
    letters: dict[str, str] | None
    camera: str
    ground: Future  # (background canvas, overlay layer with the bands drawn, the band items)


def _render(atlas: Atlas, meshes: MeshSet, request: ExportRequest, text: FigureText, frame: Frame,
            pool: ThreadPoolExecutor) -> _Shot:
    """The 3D view, the callouts' anchors and the orientation letters; the ground is prepared in `pool`."""
    vx, vy, vw, vh = frame.viewport
    tiles = max(1, math.ceil(max(vw, vh) / MAX_TILE))
    base_w, base_h = math.ceil(vw / tiles), math.ceil(vh / tiles)
    plotter = _plotter(base_w, base_h, request.background)
    try:
        scene = BrainScene(plotter, atlas, meshes)
        # Labelling every teaching region: draw them all solid, none dimmed by the selection.
        _stage(scene, None if request.callouts == "all" else request.selection, request)
        ground = pool.submit(_ground, frame, request.background)  # started now: it runs while VTK renders
        plotter.show(auto_close=False)
        # The frame show() has just drawn, before the markers' layer clears depth: no second render.
        grid = frame_grid(scene) if request.callouts != "none" and text.callouts else None
        _overlay_markers(plotter, request.markers)
        camera = plotter.camera
        letters = orientation_letters(camera.position, camera.focal_point, camera.up) if request.orientation else None
        image = plotter.screenshot(transparent_background=request.background == "transparent", return_img=True,
                                   scale=tiles if tiles > 1 else None)
        anchors = {} if grid is None else _anchors(with_colours(grid, image, tiles), text, (vx, vy), base_h, tiles)
        return _Shot(image, anchors, letters, _camera_text(camera), ground)
    finally:
        plotter.close()


def _ground(frame: Frame, background: str) -> tuple[Image.Image, Image.Image, list]:
    """The background canvas (RGB when opaque: nothing to blend, a quarter less to handle and encode;
    RGBA if transparent) and the overlay layer with the text bands drawn, and those band items."""
    mode = "RGBA" if background == "transparent" else "RGB"
    canvas = Image.new(mode, (frame.width, frame.height), BACKGROUNDS[background][:len(mode)])
    items = bands(frame).items
    return canvas, draw_layer(canvas.size, items), items


def _anchors(grid: LabelGrid, text: FigureText, origin: tuple[int, int], base_h: int,
             tiles: int) -> dict[str, tuple[int, int] | None]:
    """Each callout's anchor in the final image (None: not visible), on a part that shows its colour."""
    anchors: dict[str, tuple[int, int] | None] = {}
    for callout in text.callouts:
        point = grid.anchor(callout.label_ids, callout.color)
        anchors[callout.key] = None if point is None else (
            origin[0] + point[0] * tiles, origin[1] + (base_h - 1 - point[1]) * tiles)
    return anchors


def _metadata(atlas: Atlas, request: ExportRequest, text: FigureText, camera_text: str) -> dict[str, str]:
    """The PNG text chunks: what a colleague needs to trace the image."""
    shown = [atlas.labels[i].name for i in request.selection.label_ids] if request.selection else []
    return {
        "Software": f"Social Brain Explorer {__version__}",
        "Title": text.title or "Brain atlas view",
        "Atlas": f"{atlas.manifest.name} ({atlas.manifest.credit}; {atlas.manifest.licence})",
        "Regions": ", ".join(shown) or "none selected",
        "View": request.view,
        "Camera": camera_text,
        "References": " | ".join(text.references) or "none",
        "Markers": " | ".join(text.markers) or "none",
    }


def write_figure(figure: Figure, path: Path, fmt: str | None = None) -> None:
    formats.write(figure.canvas, figure.overlay, figure.metadata, path, formats.format_for(path, fmt), figure.dpi,
                  figure.layer)


def plain_screenshot(atlas: Atlas, meshes: MeshSet, request: ExportRequest) -> np.ndarray:
    """The same scene as a bare pyvista screenshot: the baseline the benchmark compares with."""
    width, height = request.size
    plotter = _plotter(width, height, request.background)
    try:
        scene = BrainScene(plotter, atlas, meshes)
        _stage(scene, request.selection, request)
        return plotter.screenshot(return_img=True)
    finally:
        plotter.close()
