"""Image regression: a few key views rendered off-screen and compared with reference PNGs.

Hue and pixel-count checks elsewhere miss a change in shading, framing, text or layout; these
catch it. References live in tests/reference_images/ (640x400, a few tens of kB each).

Tolerance: a view passes when the mean difference is under MEAN_TOLERANCE levels (0-255, the
largest channel per pixel) and under FAR_OFF_SHARE of its pixels differ by more than FAR_OFF
levels, and no BLOCK x BLOCK px square differs by a mean of BLOCK_TOLERANCE or more (a small
region such as the amygdala, drawn in another colour, changes too few pixels for the first two
rules). Measured: the same machine renders identically run to run; rendering the same view in
tiles (another rounding at mesh edges) differs by a mean of 0.6 with 0.04 % of pixels over 40;
its worst 16 px square differs by a mean of 11.5. Shifting the whole image by one pixel puts
0.26-0.62 % of pixels over 48. On failure the rendered image
and a difference image are written next to the reference, as *.actual.png and *.diff.png.

After an intended change of the rendering (or a new view), regenerate the references with:

    SBX_UPDATE_IMAGES=1 python -m pytest tests/test_image_regression.py

then look at the new images before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from explorer.model.figure_text import figure_text
from explorer.model.state import selection_for_region
from explorer.render.export import ExportRequest, render_figure
from explorer.render.overlay import draw

REFERENCES = Path(__file__).parent / "reference_images"
SIZE = (640, 400)
MEAN_TOLERANCE = 1.0
FAR_OFF, FAR_OFF_SHARE = 48, 0.002
BLOCK, BLOCK_TOLERANCE = 16, 32.0
UPDATE = os.environ.get("SBX_UPDATE_IMAGES") == "1"


def compare(name: str, image: Image.Image, folder: Path = REFERENCES, update: bool = UPDATE) -> None:
    """Assert that `image` matches the reference `name`.png, or write it there when updating."""
    reference = folder / f"{name}.png"
    actual = np.asarray(image.convert("RGB")).astype(int)
    for stale in (folder / f"{name}.actual.png", folder / f"{name}.diff.png"):
        stale.unlink(missing_ok=True)
    if update:
        image.convert("RGB").save(reference, optimize=True)
        return
    assert reference.exists(), f"no reference {reference}; create it with SBX_UPDATE_IMAGES=1 (see module doc)"
    expected = np.asarray(Image.open(reference).convert("RGB")).astype(int)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    diff = np.abs(actual - expected).max(axis=2)
    mean, far = float(diff.mean()), float((diff > FAR_OFF).mean())
    h, w = (n // BLOCK * BLOCK for n in diff.shape)
    block = float(diff[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK).mean(axis=(1, 3)).max())
    if mean >= MEAN_TOLERANCE or far >= FAR_OFF_SHARE or block >= BLOCK_TOLERANCE:
        image.convert("RGB").save(folder / f"{name}.actual.png")
        Image.fromarray(np.uint8(np.minimum(diff * 4, 255))).save(folder / f"{name}.diff.png")
        pytest.fail(f"{name}: mean difference {mean:.2f} (limit {MEAN_TOLERANCE}), {far:.2%} of pixels off by "
                    f"more than {FAR_OFF} (limit {FAR_OFF_SHARE:.1%}), worst {BLOCK} px square {block:.1f} "
                    f"(limit {BLOCK_TOLERANCE}); see {name}.actual.png and {name}.diff.png")


@pytest.mark.parametrize(("name", "region", "view", "options"), [
    ("default", None, "default", {}),
    ("amygdala-medial-left", "amygdala", "medial-left", {"callouts": "selected", "annotation": True}),
    ("acc-lateral-left", "acc", "lateral-left", {"callouts": "selected"}),
])
def test_key_view_matches_its_reference(aal3, aal3_meshes, content, name, region, view, options):
    selection = selection_for_region(aal3, region) if region else None
    request = ExportRequest(selection, view=view, size=SIZE, **options)
    text = figure_text(aal3, content, selection, request.callouts, request.annotation, request.quote_index)
    figure = render_figure(aal3, aal3_meshes, request, text)
    compare(name, draw(figure.canvas, figure.overlay))


def test_tour_slide_matches_its_reference(aal3, aal3_meshes, content, tmp_path):
    from explorer.model.paths import ANNOTATION_DIR
    from explorer.model.tours import load_tours
    from explorer.render.batch import Loaded
    from explorer.render.tour_export import export_step

    tour = load_tours(ANNOTATION_DIR / "tours", set(aal3.region_defs), content).tours["social-brain"]
    request = ExportRequest(None, size=SIZE, annotation=True)
    path = export_step(Loaded(aal3, aal3_meshes, content), tour, 1, request, tmp_path)
    compare("tour-social-brain-2", Image.open(path))


def test_the_comparison_can_fail(tmp_path):
    """The tolerance is tight enough to notice one region drawn in another colour."""
    base = np.full((400, 640, 3), 255, np.uint8)
    base[150:250, 250:390] = (213, 94, 0)  # a 140x100 px region: 5 % of the image
    Image.fromarray(base).save(tmp_path / "probe.png")
    compare("probe", Image.fromarray(base), tmp_path, update=False)  # identical: passes
    changed = base.copy()
    changed[150:250, 250:390] = (0, 114, 178)
    with pytest.raises(pytest.fail.Exception, match="probe: mean difference"):
        compare("probe", Image.fromarray(changed), tmp_path, update=False)
    small = base.copy()
    small[190:210, 300:315] = (0, 114, 178)  # 300 px, like the amygdala from the side: 0.1 % of the image
    with pytest.raises(pytest.fail.Exception, match="worst 16 px square"):
        compare("probe", Image.fromarray(small), tmp_path, update=False)
    assert (tmp_path / "probe.diff.png").exists() and (tmp_path / "probe.actual.png").exists()
