"""Off-screen rendering of the same BrainScene the window shows, written atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer import __version__
from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError
from explorer.model.paths import atomic_write
from explorer.model.state import Selection
from explorer.render.mesh_cache import MeshSet
from explorer.render.scene import BrainScene
from explorer.render.views import VIEWS

MAX_SIZE = 16384
BACKGROUNDS = {"white": "white", "black": "black", "transparent": "white"}


@dataclass(frozen=True)
class ExportRequest:
    selection: Selection | None
    view: str = "default"
    size: tuple[int, int] = (1600, 1000)
    background: str = "white"
    show_all: bool = False


def parse_size(text: str) -> tuple[int, int]:
    """'1600x1000' -> (1600, 1000), each side 1..16384."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ExplorerError(f"bad size {text!r}: use WIDTHxHEIGHT, e.g. 1920x1080")
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
    if not os.access(parent, os.W_OK):
        raise ExplorerError(f"cannot write {path}: folder {parent} is not writable")
    return path


def render_image(atlas: Atlas, meshes: MeshSet, request: ExportRequest) -> np.ndarray:
    """Render at exactly the requested size, off-screen, with the on-screen scene code."""
    if request.view not in VIEWS:
        raise ExplorerError(f"unknown view {request.view!r}: choose from {', '.join(VIEWS)}")
    width, height = request.size
    if not os.environ.get("DISPLAY"):
        # Go straight to EGL: VTK would otherwise try X first and print a warning.
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    plotter = pv.Plotter(off_screen=True, window_size=(width, height))
    try:
        plotter.set_background(BACKGROUNDS.get(request.background, "white"))
        scene = BrainScene(plotter, atlas, meshes)
        hemisphere = VIEWS[request.view].hemisphere or "both"
        scene.apply(request.selection, request.show_all, hemisphere)
        scene.set_view(request.view)
        image = plotter.screenshot(transparent_background=request.background == "transparent",
                                   return_img=True, window_size=(width, height))
    finally:
        plotter.close()
    return np.asarray(image)


def write_png(image: np.ndarray, path: Path, metadata: dict[str, str]) -> None:
    """Save with PNG text chunks, via a temporary file renamed into place."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in {"Software": f"Social Brain Explorer {__version__}", **metadata}.items():
        info.add_text(key, value)
    picture = Image.fromarray(image)
    atomic_write(Path(path), lambda tmp: picture.save(tmp, format="PNG", pnginfo=info))
