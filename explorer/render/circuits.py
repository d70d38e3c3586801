"""Circuit view: arcs between teaching regions, drawn as tubes, one actor, pickable per link."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.circuits import Link

LINK_COLOR = (0.55, 0.10, 0.45)
# Per-link kind: a reported connection is a solid, thick, coloured tube; regions only named
# together in a document are a thin grey dashed line, so nobody reads them as a connection.
KIND_STYLE = {
    "reported": {"radius": 1.3, "rgb": (140, 26, 115), "dashes": 0},
    "named-together": {"radius": 0.6, "rgb": (120, 120, 120), "dashes": 9},
}


def _ends(atlas: Atlas, region_id: str) -> dict[str, np.ndarray]:
    """Centroid per hemisphere ('midline' for unpaired structures)."""
    out = {}
    for side, ids in atlas.region_labels.get(region_id, {}).items():
        centroid = atlas.centroid(ids)
        if centroid:
            out[side] = np.asarray(centroid)
    return out


def _pairs(atlas: Atlas, link: Link) -> list[tuple[np.ndarray, np.ndarray]]:
    a_ends, b_ends = _ends(atlas, link.a), _ends(atlas, link.b)
    pairs = [(a_ends[s], b_ends[s]) for s in ("left", "right") if s in a_ends and s in b_ends]
    for side in ("left", "right"):
        if side in a_ends and "midline" in b_ends:
            pairs.append((a_ends[side], b_ends["midline"]))
        if "midline" in a_ends and side in b_ends:
            pairs.append((a_ends["midline"], b_ends[side]))
    return pairs


def _curve(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """A quadratic arc that bows upwards and away from the centre of the brain."""
    middle = (start + end) / 2
    outward = middle - np.array([0.0, -18.0, 8.0])
    outward[2] = abs(outward[2]) + 10
    control = middle + 0.35 * np.linalg.norm(end - start) * outward / np.linalg.norm(outward)
    t = np.linspace(0, 1, 40)[:, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end


def _tubes(curve: np.ndarray, style: dict) -> list[pv.PolyData]:
    """A solid tube, or `dashes` short tubes with gaps between them."""
    points = pv.Spline(curve, 120).points
    if not style["dashes"]:
        return [pv.Spline(points, 120).tube(radius=style["radius"], n_sides=10)]
    chunks = np.array_split(points, 2 * style["dashes"] - 1)
    return [pv.Spline(chunk, 12).tube(radius=style["radius"], n_sides=8) for chunk in chunks[::2] if len(chunk) > 1]


def link_arcs(atlas: Atlas, links: list[Link]) -> pv.PolyData:
    """Curved tubes per link and hemisphere; cell data 'link' is the link's index, 'rgb' its colour."""
    pieces = []
    for index, link in enumerate(links):
        style = KIND_STYLE.get(link.kind, KIND_STYLE["named-together"])
        for start, end in _pairs(atlas, link):
            for tube in _tubes(_curve(start, end), style):
                tube.cell_data["link"] = np.full(tube.n_cells, index, dtype=np.int32)
                tube.cell_data["rgb"] = np.tile(np.array(style["rgb"], dtype=np.uint8), (tube.n_cells, 1))
                pieces.append(tube)
    if not pieces:
        return pv.PolyData()
    return pv.merge(pieces).extract_surface(algorithm="dataset_surface")
