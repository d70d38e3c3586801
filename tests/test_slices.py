"""The slice images (render/slices.py), the template on the common grid, and the marker meshes: headless."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.agreement import COMMON_SHAPE
from explorer.model.template import load_template, on_grid, template_path
from explorer.render.colors import hex_to_rgb
from explorer.render.markers import spheres
from explorer.render.slices import PLANES, SliceImages, mni_of, voxel_of

ORIGIN = np.array([-90, -126, -72])


@pytest.fixture(scope="module")
def template():
    return load_template()


@pytest.fixture(scope="module")
def images(template, aal3):
    return SliceImages(template, aal3.data, aal3, opacity=1.0)


def test_the_template_lies_on_the_common_grid(template):
    assert template.shape == COMMON_SHAPE and template.dtype == np.uint8
    import nibabel as nib

    raw = nib.load(str(template_path()))
    data = np.asarray(raw.dataobj)
    rng = np.random.default_rng(12)
    for ijk in rng.integers(0, COMMON_SHAPE, size=(200, 3)):
        mni = ijk + ORIGIN
        source = np.rint(np.linalg.solve(raw.affine, [*mni, 1])[:3]).astype(int)
        assert template[tuple(ijk)] == data[tuple(source)], (ijk, mni)
    assert template[0, 0, 0] == 0 and template[-1, -1, -1] == 0  # corners are outside the head
    # Left-right symmetric template: mirrored voxels have nearly the same intensity.
    assert np.mean(np.abs(template.astype(int) - template[::-1].astype(int))) < 8


def test_a_whole_voxel_shift_is_a_crop():
    data = np.arange(200 * 230 * 190, dtype=np.int64).reshape(200, 230, 190) % 251
    affine = np.diag([1.0, 1, 1, 1])
    affine[:3, 3] = (-98, -134, -72)
    out = on_grid(data.astype(np.uint8), affine)
    assert out.shape == COMMON_SHAPE
    assert out[0, 0, 0] == data[8, 8, 0] and out[10, 20, 30] == data[18, 28, 30]


def test_voxels_and_mni_round_trip():
    assert voxel_of((0, 0, 0)) == (90, 126, 72)
    assert mni_of((90, 126, 72)) == (0.0, 0.0, 0.0)
    assert voxel_of((-500, 0, 900)) == (0, 126, COMMON_SHAPE[2] - 1)  # clamped into the grid


@pytest.mark.parametrize("plane", PLANES, ids=lambda p: p.name)
def test_each_plane_shows_the_amygdala_where_it_is(images, aal3, plane):
    """At full opacity a labelled pixel is the region's colour; the left amygdala is on the image's left."""
    label = next(i for i, lab in aal3.labels.items() if lab.name == "Amygdala_L")
    ijk = np.argwhere(aal3.data == label)[len(np.argwhere(aal3.data == label)) // 2]
    image = images.image(plane, int(ijk[plane.normal]))
    width, height = plane.size()
    assert image.shape == (height, width, 3) and image.flags.c_contiguous
    column, up = ijk[plane.axes[0]], ijk[plane.axes[1]]
    colour = np.rint(np.array(hex_to_rgb(aal3.region_defs["amygdala"].color)) * 255)
    assert np.array_equal(image[height - 1 - up, column], colour)
    if plane.name != "sagittal":
        assert column < width // 2  # neurological convention: the subject's left on the left


def test_opacity_blends_and_outlines_stay(images, aal3, template):
    plane = PLANES[1]  # coronal
    index = voxel_of((0, -4, 0))[1]
    images.restyle(opacity=0.0)
    plain = images.image(plane, index)
    grey = np.take(template, index, axis=1).T[::-1]
    outline = ~np.all(plain == grey[..., None], axis=2)
    assert outline.any() and outline.mean() < 0.1  # only the teaching regions' outlines are coloured
    images.restyle(opacity=1.0)
    assert (~np.all(images.image(plane, index) == grey[..., None], axis=2)).mean() > outline.mean()


def test_peak_spheres_are_one_mesh():
    mesh = spheres([(0, 0, 0), (10, 20, 30), (-8, 20, 40)], radius=3.0)
    ids = mesh.point_data["peak"]
    assert sorted(set(ids.tolist())) == [0, 1, 2]
    centre = mesh.points[ids == 1].mean(axis=0)
    assert np.allclose(centre, (10, 20, 30), atol=0.01)
    assert spheres([]).n_points == 0
