"""One self-contained HTML page: the brain in three.js, the app's panels, a tour, no network at all.

The meshes are the app's own (explorer/render/mesh_cache.py): one surface per label, and per hemisphere
the gyral cortex (with each vertex's label and sulcal shading, painted as explorer/render/cortex.py
paints it) and its see-through shell; positions
quantised to 16 bits over the brain's bounding box and triangles as per-label 16-bit indices, all
base64 in a JSON block. three.js (assets/web/vendor, MIT) and the page's scripts are inlined as
classic scripts, and a Content-Security-Policy lets only those exact scripts run (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from pathlib import Path
from string import Template

import numpy as np

from explorer import __version__
from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.paths import ASSET_DIR, atomic_write_bytes
from explorer.model.tours import Tour
from explorer.model.web_content import lesson_content
from explorer.render import colors
from explorer.render.cortex import (
    MIN_PAINTED_VERTICES,
    SAMPLES_PER_REGION,
    SURFACE_TOLERANCE_MM,
    VISIBLE_FRACTION,
    shading,
)
from explorer.render.lighting import LIGHTS
from explorer.render.markers import STUDY_COLOR, STUDY_RADIUS, spheres
from explorer.render.merged import MergedLabels
from explorer.render.mesh_cache import MeshSet
from explorer.render.views import VIEWS, camera_for

WEB_DIR = ASSET_DIR / "web"
SCRIPTS = ("vendor/three.bundle.min.js", "raygrid.js", "scene.js", "lesson.js")
PAGE_ASPECT = 1.5  # the 3D view's usual width/height in the page, for the standard views' framing
FOV = 30.0  # degrees, vertical: the app's (VTK's) view angle


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


Part = tuple[np.ndarray, np.ndarray, np.ndarray]  # points, point normals, triangles (local indices)


def _surfaces(parts: list[Part], low: np.ndarray, scale: np.ndarray) -> dict:
    """Several surfaces packed: uint16 positions, int8 normals (x127), uint16 (or uint32) local indices."""
    big = any(len(points) > 65535 for points, _, _ in parts)
    points = np.vstack([p for p, _, _ in parts])
    normals = np.vstack([n for _, n, _ in parts])
    quantised = np.rint((points - low) / scale).clip(0, 65535).astype("<u2")
    tris = np.concatenate([t.ravel() for _, _, t in parts]).astype("<u4" if big else "<u2")
    spans, vstart, istart = [], 0, 0
    for p, _, t in parts:
        spans.append([vstart, len(p), istart, t.size])
        vstart, istart = vstart + len(p), istart + t.size
    return {"positions": _b64(quantised), "normals": _b64(np.rint(normals * 127).clip(-127, 127).astype("i1")),
            "indices": _b64(tris), "index_bits": 32 if big else 16, "spans": spans}


def _label_parts(merged: MergedLabels, label_ids: list[int]) -> list[Part]:
    parts = []
    for lid in label_ids:
        start, stop = merged.ranges[lid]
        used, local = np.unique(merged.faces[start:stop], return_inverse=True)
        parts.append((merged.points[used], merged.normals[used], local.reshape(-1, 3)))
    return parts


def _mesh_parts(surfaces: dict, sides: list[str]) -> list[Part]:
    return [(np.asarray(mesh.points, np.float32), np.asarray(mesh.point_data["Normals"], np.float32),
             mesh.faces.reshape(-1, 4)[:, 1:]) for mesh in (surfaces[side] for side in sides)]


def cortex_payload(meshes: MeshSet, sides: list[str]) -> dict:
    """Per cortex vertex: its atlas label (uint16) and its sulcal shading (uint8, 255 = a gyral crown)."""
    labels = np.concatenate([np.asarray(meshes.cortex[side].point_data["label"]) for side in sides])
    shade = np.concatenate([shading(meshes.cortex[side].point_data["depth"]) for side in sides])
    return {"vertex_labels": _b64(labels.clip(0, 65535).astype("<u2")),
            "shade": _b64(np.rint(shade * 255).clip(0, 255).astype("u1"))}


def mesh_payload(meshes: MeshSet) -> dict:
    """Every label's surface, per hemisphere the gyral cortex, and the see-through shells (each hemisphere's
    and the whole brain's, 'both'), quantised together."""
    merged = meshes.merged
    label_ids = sorted(merged.ranges)
    glass_sides, cortex_sides = sorted(meshes.shell), sorted(meshes.cortex)
    glass = _mesh_parts(meshes.shell, glass_sides)
    cortex = _mesh_parts(meshes.cortex, cortex_sides)
    every = np.vstack([merged.points, *(p for p, _, _ in glass), *(p for p, _, _ in cortex)])
    low, high = every.min(axis=0), every.max(axis=0)
    scale = np.maximum(high - low, 1e-6) / 65535.0
    return {"low": low.tolist(), "scale": scale.tolist(), "label_ids": label_ids,
            "labels": _surfaces(_label_parts(merged, label_ids), low, scale),
            "glass_sides": glass_sides, "glass": _surfaces(glass, low, scale), "cortex_sides": cortex_sides,
            "cortex": {**_surfaces(cortex, low, scale), **cortex_payload(meshes, cortex_sides)}}


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{int(round(c * 255)):02x}" for c in rgb)


def style_data(atlas: Atlas, label_ids: list[int]) -> dict:
    """Each label's colour and kind, and the opacities of colors.label_style, for scene.js to restyle with."""
    out = {}
    for lid in label_ids:
        region_id = atlas.label_region.get(lid)
        region = atlas.region_defs.get(region_id) if region_id else None
        base = colors.label_style(atlas.labels[lid], region, None, False)
        out[str(lid)] = {"color": _hex(base.color), "named": region is not None, "core": bool(region and region.core),
                         "region": region_id or ""}
    return {"labels": out, "glass_color": _hex(colors.SHELL_COLOR), "glass_opacity": colors.SHELL_OPACITY,
            "cortex_color": _hex(colors.CORTEX_COLOR),
            "see_through": {"samples": SAMPLES_PER_REGION, "visible_fraction": VISIBLE_FRACTION,
                            "tolerance_mm": SURFACE_TOLERANCE_MM, "min_painted": MIN_PAINTED_VERTICES},
            "opacity": {"core": colors.CORE_OPACITY, "named": colors.NAMED_OPACITY, "context": colors.CONTEXT_OPACITY,
                        "dimmed_region": colors.DIMMED_REGION_OPACITY,
                        "dimmed_context": colors.DIMMED_CONTEXT_OPACITY, "opaque": colors.OPAQUE}}


def view_data() -> dict:
    """The standard views as cameras (position, focal point, up), framed as the app frames them."""
    out = {}
    for name, view in VIEWS.items():
        cam = camera_for(view, aspect=PAGE_ASPECT, view_angle=FOV)
        out[name] = {"title": view.title, "key": view.key, "hemisphere": view.hemisphere,
                     "camera": [list(map(float, cam[k])) for k in ("position", "focal_point", "up")]}
    return out


def _json_block(data: dict) -> str:
    """JSON safe inside <script type="application/json">: no '<' can close the element."""
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def light_data() -> list[dict]:
    """The app's camera lights (key, fill, rim; explorer/render/lighting.py), for the page to light its scene alike:
    each a position in camera space (the camera looks down -z) shining towards the camera's focal point."""
    return [{"position": list(map(float, position)), "intensity": float(intensity)} for position, intensity in LIGHTS]


def marker_data() -> dict:
    """The app's study-peak sphere (its very mesh, centred on 0) and colour, for the page to draw the peaks."""
    sphere = spheres([(0.0, 0.0, 0.0)], STUDY_RADIUS).triangulate()
    return {"color": "#" + "".join(f"{round(c * 255):02x}" for c in STUDY_COLOR), "radius": STUDY_RADIUS,
            "positions": np.round(np.asarray(sphere.points, float), 4).ravel().tolist(),
            "triangles": sphere.faces.reshape(-1, 4)[:, 1:].ravel().tolist()}


def lesson_html(atlas: Atlas, meshes: MeshSet, lib: ContentLibrary, tour: Tour | None = None,
                regions: list[str] | None = None) -> str:
    """The whole page as one string."""
    data = lesson_content(atlas, lib, tour, regions)
    data["meshes"] = mesh_payload(meshes)
    data["style"] = style_data(atlas, data["meshes"]["label_ids"])
    data["views"] = view_data()
    data["fov"] = FOV
    data["marker"] = marker_data()
    data["lights"] = light_data()
    data["version"] = __version__
    scripts = [(WEB_DIR / name).read_text(encoding="utf-8") for name in SCRIPTS]
    page = Template((WEB_DIR / "lesson.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=escape(data["title"]),
        csp=_csp(scripts),
        style=(WEB_DIR / "lesson.css").read_text(encoding="utf-8"),
        data=_json_block(data),
        scripts="\n".join(f"<script>{s}</script>" for s in scripts),
    )


def write_lesson(path: Path, atlas: Atlas, meshes: MeshSet, lib: ContentLibrary, tour: Tour | None = None,
                 regions: list[str] | None = None) -> int:
    """Write the page atomically; returns its size in bytes."""
    html = lesson_html(atlas, meshes, lib, tour, regions).encode("utf-8")
    atomic_write_bytes(Path(path), html)
    return len(html)
