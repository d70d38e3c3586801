#!/usr/bin/env bash
# Wheel smoke test, as a new user would meet the project:
# build the wheel from this checkout, install it into a fresh virtual environment outside the
# checkout, then, from an empty folder outside the checkout and with no display, run
# `brain-explorer info`, `regions --json` and a headless `export`, and check the PNG.
#   packaging/wheel_smoke.sh              (temporary folder, removed afterwards)
#   SMOKE_DIR=/tmp/sbx packaging/wheel_smoke.sh   (keep the venv there, e.g. to open the app)
# Works on Linux, macOS and Windows (Git Bash). PYTHON picks the interpreter (default python3).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="${PYTHON:-python3}"
if [ -n "${SMOKE_DIR:-}" ]; then work="$SMOKE_DIR"; rm -rf "$work"; mkdir -p "$work"
else work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
start=$SECONDS

echo "== building the wheel from $repo"
"$py" -m pip wheel -q --no-deps -w "$work/dist" "$repo"
wheel="$(ls "$work"/dist/*.whl)"

echo "== installing $(basename "$wheel") into a fresh venv in $work/venv"
"$py" -m venv "$work/venv"
bin="$work/venv/bin"; [ -d "$work/venv/Scripts" ] && bin="$work/venv/Scripts"
"$bin/python" -m pip install -q "$wheel"

run="$work/run"; mkdir -p "$run" "$work/data" "$work/cache"; cd "$run"
export SBX_DATA_DIR="$work/data" SBX_CACHE_DIR="$work/cache"
unset DISPLAY WAYLAND_DISPLAY
exe="$bin/brain-explorer"

echo "== the package and its data come from the venv, not the checkout"
"$bin/python" - "$repo" <<'PY'
import sys
from pathlib import Path
import explorer
from explorer.model import paths
repo = Path(sys.argv[1]).resolve()
for p in (Path(explorer.__file__), paths.ATLAS_DIR, paths.ANNOTATION_DIR, paths.ASSET_DIR):
    assert not p.resolve().is_relative_to(repo), f"{p} is inside the checkout"
    assert p.exists(), f"{p} is missing"
print("ok:", paths.DATA_ROOT)
PY

echo "== brain-explorer --version / info"
"$exe" --version
"$exe" info | tee info.txt
grep -q "Needs OpenGL 3.2: met" info.txt || { echo "info found no OpenGL 3.2 context" >&2; exit 1; }
! grep -q "FILES MISSING" info.txt || { echo "atlas files missing" >&2; exit 1; }

echo "== brain-explorer regions --json"
"$exe" regions --json > regions.json
"$bin/python" -c "
import json; d = json.load(open('regions.json'))
assert d['atlas'] == 'aal3' and len(d['labels']) > 100, d['atlas']
assert any(r['teaching_region'] == 'amygdala' for r in d['labels'])
print('ok:', len(d['labels']), 'labels')"

echo "== brain-explorer export (headless)"
"$exe" export --region amygdala --view medial-left --callouts --size 800x500 -o x.png
"$bin/python" -c "
from PIL import Image; im = Image.open('x.png'); im.load()
assert im.size == (800, 500), im.size
assert len(im.convert('RGB').getcolors(1 << 24)) > 50, 'the image is blank'
print('ok: x.png', im.size)"
[ -z "$(ls -A "$work/run" | grep -v -e '^x.png$' -e '^regions.json$' -e '^info.txt$')" ] || { echo "stray files in $run" >&2; exit 1; }
echo "wheel smoke test passed in $((SECONDS - start)) s"
