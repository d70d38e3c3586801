"""Wire the layers together and run the desktop app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from explorer.model.catalog import discover, resolve
from explorer.model.content import load_content
from explorer.model.errors import ExplorerError
from explorer.model.paths import data_dir
from explorer.model.regions import load_regions, with_palette
from explorer.model.state import AppState

NO_DISPLAY = (
    "No display found, so the window cannot open. To make images without a screen, use e.g.:\n"
    "  brain-explorer export --region amygdala --view medial-left --size 1600x1000 -o amygdala.png"
)


def has_display() -> bool:
    """True when Qt can open a window here (X11, Wayland, or a platform chosen on purpose)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def build_window(atlas_arg: str | None = None, packs: list[Path] | None = None):
    """Create the QApplication (if needed) and a fully loaded main window. Used by tests too."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from explorer.qt.loading import load_atlas
    from explorer.qt.main_window import MainWindow
    from explorer.render.views import VIEWS

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Social Brain Explorer")
    app.setOrganizationName("social-brain-explorer")
    # Settings live beside notes and progress in the user data folder (SBX_DATA_DIR overrides).
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))
    settings = QSettings()
    remembered = [Path(p) for p in (settings.value("annotation_packs", []) or [])]
    all_packs = [*remembered, *(packs or [])]
    regions = load_regions()
    manifests, problems = discover()
    last = settings.value("last_atlas", None)
    manifest = resolve(atlas_arg or (last if last in manifests else None), manifests)
    manifests.setdefault(manifest.id, manifest)
    regions = with_palette(regions, settings.value("colour_safe", True) not in (False, "false"))
    content = load_content(all_packs, known_regions=set(regions))
    window = MainWindow(AppState(), content, manifests, regions, problems)
    window.extra_packs = all_packs
    window.apply_font_scale(float(settings.value("font_scale", 1.0)))
    window.restore_window_state()
    window.palette_action.setChecked(settings.value("colour_safe", True) not in (False, "false"))
    window.show()
    atlas, meshes = load_atlas(manifest, regions, window)
    window.show_atlas(atlas, meshes)
    last_view = settings.value("last_view", "default")
    if last_view in VIEWS and last_view != "default":
        window.set_view(last_view)
    if settings.value("high_contrast", False) in (True, "true"):
        window.contrast_action.setChecked(True)
        window.set_high_contrast(True)
    _warm_up_in_background(content)
    return app, window


def _warm_up_in_background(content) -> None:
    """Format every reference once off the main thread, so the first click is as fast as the rest."""
    import threading

    def work() -> None:
        for ref in list(content.references.values()):
            ref.apa(html=True)
            ref.apa(html=False)

    threading.Thread(target=work, name="warm-references", daemon=True).start()


def run(atlas_arg: str | None = None, packs: list[Path] | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        app, window = build_window(atlas_arg, packs)
    except ExplorerError as exc:
        print(f"brain-explorer: error: {exc}", file=sys.stderr)
        return 2
    return app.exec()
