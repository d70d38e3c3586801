"""Contact sheets of the brain's look: every standard view x the four teaching regions, one montage per background.

    python scripts/contact_sheet.py [-o docs/gallery] [--tile 400x250]

Renders off-screen with the same BrainScene the window and the exports use, each tile at twice its
size and scaled down (so edges are smooth), on white, on black, and transparent composited onto a
light and onto a dark slide colour. Writes contact-white.png, contact-black.png,
contact-transparent-on-light.png and contact-transparent-on-dark.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGIONS = ("amygdala", "mpfc", "ofc", "acc")
SLIDES = {"light": (244, 241, 234), "dark": (30, 36, 48)}
HEADER = 44


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def render_tiles(tile: tuple[int, int]) -> dict[str, dict[tuple[str, str], Image.Image]]:
    """{background: {(region, view): tile}} for white, black and transparent (RGBA)."""
    import pyvista as pv

    from explorer.model.atlas import Atlas
    from explorer.model.catalog import discover, resolve
    from explorer.model.regions import load_regions
    from explorer.model.state import selection_for_region
    from explorer.render.mesh_cache import load_meshes
    from explorer.render.scene import BrainScene
    from explorer.render.views import VIEWS

    manifests, _ = discover()
    atlas = Atlas.load(resolve(None, manifests), load_regions())
    plotter = pv.Plotter(off_screen=True, window_size=(tile[0] * 2, tile[1] * 2))
    scene = BrainScene(plotter, atlas, load_meshes(atlas))
    plotter.show(auto_close=False)
    out: dict[str, dict] = {"white": {}, "black": {}, "transparent": {}}
    for region in REGIONS:
        for name, view in VIEWS.items():
            scene.apply(selection_for_region(atlas, region), show_all=False, hemispheres=view.hemisphere or "both")
            scene.set_view(name)
            for background in ("white", "black"):
                plotter.set_background(background)
                plotter.render()
                image = Image.fromarray(np.asarray(plotter.screenshot(return_img=True))[..., :3])
                out[background][region, name] = image.resize(tile, Image.LANCZOS)
            plotter.set_background("white")
            plotter.render()
            rgba = np.asarray(plotter.screenshot(transparent_background=True, return_img=True))
            out["transparent"][region, name] = Image.fromarray(rgba, "RGBA").resize(tile, Image.LANCZOS)
    plotter.close()
    return out


def montage(tiles: dict[tuple[str, str], Image.Image], tile: tuple[int, int], background: tuple[int, int, int],
            titles: dict[str, str], names: dict[str, str]) -> Image.Image:
    """Regions down, views across, with their names in the margins."""
    from explorer.render.views import VIEWS

    views = list(VIEWS)
    label_w = 190
    sheet = Image.new("RGB", (label_w + tile[0] * len(views), HEADER + tile[1] * len(REGIONS)), background)
    ink = (20, 20, 20) if sum(background) > 382 else (235, 235, 235)
    draw = ImageDraw.Draw(sheet)
    font = _font(22)
    for col, view in enumerate(views):
        draw.text((label_w + col * tile[0] + tile[0] // 2, HEADER // 2), titles[view], fill=ink, font=font, anchor="mm")
    for row, region in enumerate(REGIONS):
        draw.text((12, HEADER + row * tile[1] + tile[1] // 2), names[region], fill=ink, font=font, anchor="lm")
        for col, view in enumerate(views):
            image = tiles[region, view]
            position = (label_w + col * tile[0], HEADER + row * tile[1])
            if image.mode == "RGBA":
                sheet.paste(image, position, image)
            else:
                sheet.paste(image, position)
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "gallery")
    parser.add_argument("--tile", default="400x250", help="tile size WxH in pixels")
    args = parser.parse_args()
    tile = tuple(int(v) for v in args.tile.lower().split("x"))
    from explorer.model.regions import load_regions
    from explorer.render.views import VIEWS

    defs = load_regions()
    names = {r: r.upper() if len(r) <= 4 else defs[r].title for r in REGIONS}
    titles = {name: view.title.replace("Reset view", "Default") for name, view in VIEWS.items()}
    tiles = render_tiles(tile)
    args.out.mkdir(parents=True, exist_ok=True)
    sheets = {"white": (tiles["white"], (255, 255, 255)), "black": (tiles["black"], (0, 0, 0)),
              "transparent-on-light": (tiles["transparent"], SLIDES["light"]),
              "transparent-on-dark": (tiles["transparent"], SLIDES["dark"])}
    for name, (chosen, background) in sheets.items():
        path = args.out / f"contact-{name}.png"
        montage(chosen, tile, background, titles, names).save(path, optimize=True)
        print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
