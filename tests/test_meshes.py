"""Meshing: outward normals under mirrored affines, and the mesh cache (render layer)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from explorer.model.atlas import Atlas
from explorer.model.labels import Label
from explorer.model.manifest import AtlasManifest
from explorer.render import cortex_mesh, mesh_cache
from explorer.render.meshing import label_meshes, signed_volume


def _ball_volume() -> np.ndarray:
    grid = np.indices((30, 30, 30)) - 14.5
    r = np.sqrt((grid**2).sum(axis=0))
    data = np.zeros((30, 30, 30), dtype=np.int16)
    data[r < 8] = 1
    data[(r < 8) & (grid[0] > 3)] = 2  # a second label touching the first
    return data


def _tris(mesh):
    return mesh.faces.reshape(-1, 4)[:, 1:]


@pytest.mark.parametrize("x_sign", [1.0, -1.0], ids=["plain", "mirrored"])
def test_normals_point_outwards(x_sign):
    data = _ball_volume()
    affine = np.diag([x_sign * 2.0, 2.0, 2.0, 1.0])
    meshes = label_meshes(data, affine, [1, 2])
    for lid, mesh in meshes.items():
        volume = signed_volume(np.asarray(mesh.points), _tris(mesh))
        voxels = (data == lid).sum() * 8.0
        assert volume > 0, f"label {lid}: inward normals"
        assert 0.6 < volume / voxels < 1.1  # smoothing shrinks small blobs a little


def test_real_mirrored_atlas_has_outward_normals(harvard_oxford):
    assert np.linalg.det(harvard_oxford.affine[:3, :3]) < 0
    ids = list(harvard_oxford.label_ids_for("amygdala"))
    meshes = label_meshes(harvard_oxford.data, harvard_oxford.affine, ids)
    for lid in ids:
        assert signed_volume(np.asarray(meshes[lid].points), _tris(meshes[lid])) > 0


@pytest.fixture
def toy_atlas(tmp_path, monkeypatch, regions):
    monkeypatch.setenv("SBX_CACHE_DIR", str(tmp_path / "cache"))
    manifest = AtlasManifest(id="toy", name="Toy", path=None, volume=tmp_path / "x.nii", volume_kind="labels",
                             labels=tmp_path / "x.tsv", labels_format="bids", licence="test", credit="test")
    labels = {1: Label(1, "Left_A", "left"), 2: Label(2, "Right_B", "right")}
    # The cortex comes from nilearn's 1 mm MNI152 tissue maps; a small stand-in keeps the test fast.
    # A 30 mm ball centred on the midline whose left half cuts through the toy atlas's labels.
    grid = np.indices((40, 40, 40)).astype(np.float32)
    tissue = (np.sqrt(((grid - 20) ** 2).sum(axis=0)) < 15).astype(np.float32)
    tissue_affine = np.diag([2.0, 2, 2, 1])
    tissue_affine[:3, 3] = (-40, -11, -11)
    monkeypatch.setattr(cortex_mesh, "mni_tissue", lambda: (tissue, tissue_affine))
    return Atlas(manifest, _ball_volume(), np.diag([-2.0, 2, 2, 1]), labels, regions)


def test_cache_miss_then_hit(toy_atlas, monkeypatch):
    path = mesh_cache.cache_path(toy_atlas)
    assert not path.exists()
    built = mesh_cache.load_meshes(toy_atlas)
    assert path.exists() and set(built.merged.ranges) == {1, 2}

    def no_build(*_args, **_kwargs):
        raise AssertionError("cache hit must not rebuild")

    monkeypatch.setattr(mesh_cache, "build_meshes", no_build)
    cached = mesh_cache.load_meshes(toy_atlas)
    for lid in (1, 2):
        np.testing.assert_allclose(cached.merged.mesh(lid).points, built.merged.mesh(lid).points, atol=1e-5)
        np.testing.assert_array_equal(_tris(cached.merged.mesh(lid)), _tris(built.merged.mesh(lid)))
    assert cached.merged.normals.shape == cached.merged.points.shape
    assert set(cached.coarse.ranges) == {1, 2}  # the level-of-detail copy is cached too
    for side in ("left", "right"):  # the cortex and its shells come back with their point data
        for name in ("depth", "label", "Normals"):
            np.testing.assert_allclose(cached.cortex[side].point_data[name], built.cortex[side].point_data[name])
    for side in ("left", "right", "both"):  # each hemisphere's shell, and the whole brain's
        assert cached.shell[side].n_cells == built.shell[side].n_cells > 0
    for side in ("left", "right"):  # the lighter cortex drawn while the camera moves
        moving, full = cached.moving_cortex[side], built.cortex[side]
        assert moving.n_cells == built.moving_cortex[side].n_cells and 0 < moving.n_cells < full.n_cells
        for name in ("depth", "label", "Normals"):
            np.testing.assert_allclose(moving.point_data[name], built.moving_cortex[side].point_data[name])
    # The toy ball sits under the cortex of both halves, so some vertices carry its labels.
    labels = {int(v) for side in ("left", "right") for v in np.unique(built.cortex[side].point_data["label"])}
    assert labels & {1, 2}


def test_corrupt_cache_is_rebuilt_with_a_warning(toy_atlas):
    mesh_cache.load_meshes(toy_atlas)
    path = mesh_cache.cache_path(toy_atlas)
    path.write_bytes(b"this is not an npz file")
    with pytest.warns(UserWarning, match="unreadable"):
        meshes = mesh_cache.load_meshes(toy_atlas)
    assert set(meshes.merged.ranges) == {1, 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mesh_cache.load_meshes(toy_atlas)  # the rebuilt cache is good again


def test_truncated_cache_is_rebuilt(toy_atlas):
    mesh_cache.load_meshes(toy_atlas)
    path = mesh_cache.cache_path(toy_atlas)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.warns(UserWarning):
        meshes = mesh_cache.load_meshes(toy_atlas)
    assert set(meshes.merged.ranges) == {1, 2}


def test_changed_volume_is_a_cache_miss(toy_atlas):
    first = mesh_cache.cache_path(toy_atlas)
    toy_atlas.data[0, 0, 0] = 1
    assert mesh_cache.cache_path(toy_atlas) != first
