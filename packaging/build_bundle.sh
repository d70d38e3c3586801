#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller, then smoke-test it from a folder outside
# the repository with no display: the bundled program runs `info` and a headless `export`.
#   packaging/build_bundle.sh [OUT]     (default OUT: a new temporary folder)
# The bundle lands in OUT/dist/brain-explorer/. By default a fresh venv OUT/venv gets the project
# (from this checkout, not editable) and PyInstaller; set BUNDLE_PYTHON to use an existing
# environment that already has both. Linux here; the same spec builds on Windows and macOS
# (see README), where it must be run on that system.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$(mktemp -d)}"; mkdir -p "$out"; out="$(cd "$out" && pwd)"
case "$out/" in "$repo"/*) echo "build outside the repository, not in $out" >&2; exit 2 ;; esac

if [ -n "${BUNDLE_PYTHON:-}" ]; then py="$BUNDLE_PYTHON"
else
  "${PYTHON:-python3}" -m venv "$out/venv"
  py="$out/venv/bin/python"; [ -x "$out/venv/Scripts/python.exe" ] && py="$out/venv/Scripts/python.exe"
  echo "== installing the project and PyInstaller into $out/venv"
  "$py" -m pip install -q "$repo[bundle]"
fi

echo "== PyInstaller"
start=$SECONDS
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$out/dist" --workpath "$out/work" "$repo/packaging/brain_explorer.spec"
build_seconds=$((SECONDS - start))
bundle="$out/dist/brain-explorer"
exe="$bundle/brain-explorer"; [ -f "$exe.exe" ] && exe="$exe.exe"

echo "== smoke test from an empty folder outside the repository, no display"
run="$(mktemp -d)"; cd "$run"
export SBX_DATA_DIR="$run/data" SBX_CACHE_DIR="$run/cache"
unset DISPLAY WAYLAND_DISPLAY
"$exe" --version
"$exe" info | tee info.txt
grep -q "Shipped data: $bundle" info.txt || { echo "info does not read the bundle's own data" >&2; exit 1; }
grep -q "Needs OpenGL 3.2: met" info.txt || { echo "no OpenGL 3.2 context" >&2; exit 1; }
! grep -q "FILES MISSING" info.txt || { echo "atlas files missing from the bundle" >&2; exit 1; }
"$exe" export --region amygdala --view medial-left --callouts --size 800x500 -o x.png
"$exe" export --region mpfc --atlas harvard-oxford --size 640x400 -o ho.png
for png in x.png ho.png; do
  [ -s "$png" ] && head -c 8 "$png" | od -An -c | grep -q "P   N   G" || { echo "$png missing or not a PNG" >&2; exit 1; }
done
echo "bundle: $bundle"
echo "bundle size: $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files)"
echo "build time: ${build_seconds} s (PyInstaller only)"
echo "smoke test passed (outputs in $run)"
