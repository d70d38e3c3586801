#!/usr/bin/env bash
# One-step set-up for Social Brain Explorer from a clone: Debian/Ubuntu (installs the system
# libraries too), macOS, or Windows in Git Bash (Python 3.11+ must be installed there).
#   ./bootstrap.sh app [ARGS]   install everything, then launch the app (ARGS go to brain-explorer)
#   ./bootstrap.sh test         install everything, then run lint, layer contracts, deptry and the tests under Xvfb
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-app}"; shift || true

# System libraries that Qt's xcb plugin, VTK and Xvfb need (missing on a bare Debian image).
SYS_PKGS=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libegl1 libgl1
          libfontconfig1 libdbus-1-3 poppler-utils)
# The web lesson's browser test (test mode only): Debian's Chromium and its driver. Ubuntu ships Chromium
# as a snap, not a .deb: there (and on macOS and Windows) tests/browser.py uses an installed Chrome.
WEB_PKGS=(chromium chromium-driver)

install_system() {
  [ "$(uname -s)" = Linux ] || return 0   # macOS and Windows need no extra system libraries
  command -v dpkg-query >/dev/null || { echo "note: not a Debian system; install Xvfb and Qt's xcb libraries yourself" >&2; return; }
  local missing=() wanted=("${SYS_PKGS[@]}")
  [ "$mode" = test ] && wanted+=("${WEB_PKGS[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  local available=()
  for p in "${missing[@]}"; do
    if [[ " ${WEB_PKGS[*]} " == *" $p "* ]] && ! apt-cache show "$p" >/dev/null 2>&1; then
      echo "note: no apt package $p here; the browser test will look for an installed Chrome" >&2
    else
      available+=("$p")
    fi
  done
  missing=("${available[@]}")
  [ ${#missing[@]} -eq 0 ] && return
  echo "Installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  local py="${PYTHON:-python3}"
  [ -d .venv ] || "$py" -m venv .venv
  BIN=.venv/bin; [ -d .venv/Scripts ] && BIN=.venv/Scripts   # Windows venvs keep scripts in Scripts/
  local hash; hash="$("$BIN/python" -c "import hashlib; print(hashlib.sha256(open('pyproject.toml','rb').read()).hexdigest()[:16])")"
  local stamp=".venv/.installed-$hash"
  if [ ! -f "$stamp" ]; then
    echo "Installing Python packages into .venv ..."
    "$BIN/python" -m pip install -q --upgrade pip
    "$BIN/python" -m pip install -q -e ".[test]"
    rm -f .venv/.installed-*; touch "$stamp"
  fi
}

install_system
install_python

case "$mode" in
  app)
    exec "$BIN/brain-explorer" "$@" ;;
  test)
    export QT_API=pyside6 PYVISTA_OFF_SCREEN=false
    "$BIN/ruff" check explorer tests bench
    "$BIN/lint-imports"
    "$BIN/deptry" .
    exec "$BIN/python" -m pytest "$@" ;;
  *)
    echo "usage: ./bootstrap.sh app [ARGS] | test [PYTEST ARGS]" >&2; exit 2 ;;
esac
