"""No pinholes: the see-through shell is closed, and no region's surface keeps a hole that VTK can patch.

With back faces culled, a hole in a region's surface shows as a bright pinhole through the region (seen
behind the shell at the start view: one in the ACC, at 1280x800). The holes were in the regions' meshes
(surface nets leave a few where a label pinches, decimation a few more), not in the shell.
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.render.meshing import HOLE_MM, close_holes, signed_volume


def _label_mesh(meshes, lid: int):
    return meshes.merged.subset({lid: (0, 0, 0, 255)}, alpha=False)


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_shell_is_closed_and_manifold(aal3_meshes, side):
    shell = aal3_meshes.shell[side]
    assert shell.n_open_edges == 0
    assert shell.is_manifold
    assert shell.connectivity().point_data["RegionId"].max() == 0  # one piece


def test_no_named_region_keeps_a_hole_that_can_be_patched(aal3, aal3_meshes):
    """Every label a document names: patching its holes adds no triangle (there is none left to patch)."""
    open_labels = {}
    for lid in sorted(aal3.label_region):
        mesh = _label_mesh(aal3_meshes, lid)
        patched = mesh.fill_holes(HOLE_MM).n_cells - mesh.n_cells
        if patched:
            open_labels[aal3.labels[lid].name] = patched
    assert open_labels == {}, f"triangles that would patch holes, per label: {open_labels}"


def test_closing_holes_keeps_the_surface_facing_outwards(aal3, aal3_meshes):
    """A patch is wound like its neighbours (VTK winds it the other way, so culling would hide it), and the
    surface is not turned inside out: a hole punched in the amygdala and closed again leaves no open edge,
    each edge used once in each direction, and the same outward volume."""
    lid = aal3.label_ids_for("amygdala")[0]
    closed = _label_mesh(aal3_meshes, lid).extract_surface(algorithm="dataset_surface").clean()
    faces = closed.faces.reshape(-1, 4)[:, 1:]
    holed = closed.remove_cells([0, 1, 2])  # three neighbouring faces around vertex 0 at most: a small hole
    assert holed.n_open_edges > 0
    mended = close_holes(holed)
    tris = mended.faces.reshape(-1, 4)[:, 1:]
    assert mended.n_open_edges == 0
    directed = np.concatenate([tris[:, [0, 1]], tris[:, [1, 2]], tris[:, [2, 0]]])
    assert len(np.unique(directed, axis=0)) == len(directed), "a patch is wound against its neighbours"
    before = signed_volume(np.asarray(closed.points), faces)
    assert before > 0
    assert signed_volume(np.asarray(mended.points), tris) == pytest.approx(before, rel=0.02)
