"""Circuit view: arcs between teaching regions, drawn as tubes, one actor, pickable per link."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.circuits import Link

LINK_COLOR = (0.55, 0.10, 0.45)


def _ends(atlas: Atlas, region_id: str) -> dict[str, np.ndarray]:
    """Centroid per hemisphere ('midline' for unpaired structures)."""
    out = {}
    for side, ids in atlas.region_labels.get(region_id, {}).items():
        centroid = atlas.centroid(ids)
        if centroid:
            out[side] = np.asarray(centroid)
    return out


def link_arcs(atlas: Atlas, links: list[Link]) -> pv.PolyData:
    """One curved tube per link and hemisphere; cell data 'link' holds the link's index."""
    pieces = []
    for index, link in enumerate(links):
        a_ends, b_ends = _ends(atlas, link.a), _ends(atlas, link.b)
        pairs = [(a_ends[s], b_ends[s]) for s in ("left", "right") if s in a_ends and s in b_ends]
        for side in ("left", "right"):
            if side in a_ends and "midline" in b_ends:
                pairs.append((a_ends[side], b_ends["midline"]))
            if "midline" in a_ends and side in b_ends:
                pairs.append((a_ends["midline"], b_ends[side]))
        for start, end in pairs:
            middle = (start + end) / 2
            outward = middle - np.array([0.0, -18.0, 8.0])
            outward[2] = abs(outward[2]) + 10  # bow upwards and away from the centre
            control = middle + 0.35 * np.linalg.norm(end - start) * outward / np.linalg.norm(outward)
            t = np.linspace(0, 1, 40)[:, None]
            curve = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
            tube = pv.Spline(curve, 60).tube(radius=1.3, n_sides=10)
            tube.cell_data["link"] = np.full(tube.n_cells, index, dtype=np.int32)
            pieces.append(tube)
    if not pieces:
        return pv.PolyData()
    return pv.merge(pieces).extract_surface(algorithm="dataset_surface")
