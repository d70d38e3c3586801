"""The offline web lesson as a file: one self-contained page, strict CSP, the app's panels and meshes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from explorer.model.paths import ASSET_DIR
from explorer.model.web_content import inline_images
from explorer.render.web_lesson import SCRIPTS
from tests.conftest import ROOT

LIMIT_BYTES = 15_000_000


@pytest.fixture(scope="module")
def page(aal3, aal3_meshes, content):
    from explorer.render.web_lesson import lesson_html

    return lesson_html(aal3, aal3_meshes, content, content.tours.tours["social-brain"])


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="lesson-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_page_is_one_file_that_loads_nothing(page):
    assert len(page.encode()) <= LIMIT_BYTES
    tags = re.findall(r"<(script|link|img|iframe|object|embed|source|video|audio)\b[^>]*>", page)
    assert {t for t in tags} <= {"script"}, "only inline scripts: no linked files, frames or media"
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"""\s(src|href)=["']?(https?:|//|file:)""", page.split('id="lesson-data"')[0])
    assert "file://" not in page, "pack images are inlined, never linked"


def test_csp_lets_exactly_the_inline_scripts_run(page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    rules = dict(rule.strip().split(" ", 1) for rule in csp.split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'none'"
    assert rules["img-src"] == "data:"
    allowed = set(re.findall(r"'sha256-([^']+)'", rules["script-src"]))
    scripts = inline_scripts(page)
    assert len(scripts) == len(SCRIPTS) and "'unsafe-inline'" not in rules["script-src"]
    assert {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts} == allowed


def test_vendored_three_matches_its_recorded_checksum():
    vendor = ASSET_DIR / "web" / "vendor"
    recorded = re.search(r"three\.bundle\.min\.js.*?sha256 `([0-9a-f]{64})`", (vendor / "VERSION.md").read_text(), re.S)
    assert hashlib.sha256((vendor / "three.bundle.min.js").read_bytes()).hexdigest() == recorded.group(1)
    assert "MIT License" in (vendor / "LICENSE").read_text()


def test_meshes_decode_to_the_apps_surfaces(page, aal3_meshes):
    meshes = page_data(page)["meshes"]
    low, scale = np.array(meshes["low"]), np.array(meshes["scale"])
    packed = meshes["labels"]
    positions = np.frombuffer(base64.b64decode(packed["positions"]), "<u2").reshape(-1, 3) * scale + low
    normals = np.frombuffer(base64.b64decode(packed["normals"]), "i1").reshape(-1, 3) / 127
    indices = np.frombuffer(base64.b64decode(packed["indices"]), f"<u{packed['index_bits'] // 8}")
    merged = aal3_meshes.merged
    assert meshes["label_ids"] == sorted(merged.ranges)
    for lid, (v0, nv, i0, ni) in zip(meshes["label_ids"], packed["spans"], strict=True):
        start, stop = merged.ranges[lid]
        tris = indices[i0:i0 + ni].reshape(-1, 3)
        assert ni == (stop - start) * 3
        original = merged.points[merged.faces[start:stop]]
        np.testing.assert_allclose(positions[v0:v0 + nv][tris], original, atol=float(scale.max()))
        app_normals = merged.normals[merged.faces[start:stop]]
        cosine = np.sum(normals[v0:v0 + nv][tris] * app_normals, axis=-1)
        unit = np.linalg.norm(app_normals, axis=-1) > 0.5  # a few degenerate points have no normal
        assert cosine[unit].min() > 0.98 and np.abs(normals[v0:v0 + nv][tris][~unit]).max(initial=0) < 0.01


def test_panels_are_the_apps_without_app_only_links(page, aal3, content):
    from explorer.model.panel_html import region_panel_html
    from explorer.model.state import selection_for_region

    data = page_data(page)
    app = region_panel_html(content.for_region("amygdala"), "Amygdala", aal3, selection_for_region(aal3, "amygdala"),
                            content)
    web = data["panels"]["region:amygdala"]
    assert 'href="quote:' in app and "copy-apa:" in app
    assert not re.search(r'href="(quote|copy-apa|copy-bib):', web)
    assert re.sub(r'<a href="(quote|copy-[a-z]+):[^"]*"[^>]*>|</a>', "", app).count("“") == web.count("“")
    for region in aal3.available_regions():
        assert f"region:{region.id}" in data["panels"]
        assert data["selections"][f"region:{region.id}"] == list(aal3.label_ids_for(region.id))
    assert "https://doi.org/" in data["references"]
    assert data["atlas"]["credit"] == aal3.manifest.credit


def test_tour_steps_carry_the_apps_selection_and_emphasis(page, aal3, content):
    from explorer.model.selection import step_focus, step_selection

    tour = content.tours.tours["social-brain"]
    steps = page_data(page)["tour"]["steps"]
    assert [s["title"] for s in steps] == [s.title for s in tour.steps]
    for web, step in zip(steps, tour.steps, strict=True):
        selection = step_selection(aal3, step)
        assert web["selected"] == list(selection.label_ids if selection else ())
        assert web["shown"] == sorted(step_focus(aal3, step).shown)
        assert web["hemispheres"] == step.hemispheres


def test_pack_images_are_inlined_and_others_dropped(tmp_path):
    png = tmp_path / "figure.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    html = inline_images(f'<p><img src="{png.as_uri()}" alt="a"><img src="{(tmp_path / "gone.png").as_uri()}"></p>')
    assert html.startswith('<p><img src="data:image/png;base64,')
    assert html.count("<img") == 1


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_cli_writes_a_lesson_and_explains_bad_requests(tmp_path):
    out = tmp_path / "lesson.html"
    result = run("export", "--web", str(out), "--regions", "amygdala,OFC")
    assert result.returncode == 0, result.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    regions = [item["id"] for group in data["list"] for item in group["items"] if item["kind"] == "region"]
    assert regions == ["amygdala", "ofc"] and data["tour"] is None
    bad = run("export", "--web", str(tmp_path / "x.html"), "--tour", "no-such-tour")
    assert bad.returncode == 2 and "unknown tour 'no-such-tour'" in bad.stderr
    assert "give a name ending in .html" in run("export", "--web", str(tmp_path / "x.png")).stderr
    assert "-o FILE" in run("export").stderr
    assert not (tmp_path / "x.html").exists()



def test_the_lesson_carries_the_apps_lights_and_the_page_draws_those(page):
    """One source for the lights: explorer/render/lighting.py LIGHTS, written into the lesson's data."""
    from explorer.render.lighting import LIGHTS

    lights = page_data(page)["lights"]
    assert [(tuple(light["position"]), light["intensity"]) for light in lights] == [
        (tuple(position), intensity) for position, intensity in LIGHTS]
    scene_js = next(s for s in inline_scripts(page) if "class BrainScene" in s)
    assert "this.data.lights.map(" in scene_js and "DirectionalLight(0xffffff, 0." not in scene_js
