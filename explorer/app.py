"""Wire the layers together and run the desktop app."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from explorer.model.errors import ExplorerError

EXIT_WAIT_MS = 60_000  # a cap only: closing the window cancels the agreement count, which then stops in < 1 s

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


SPAWNED_CHILD = (
    "build_window() was called while a spawned child process re-ran the main script (the app counts the "
    "atlases' agreement in such a process). Put the script's window code under `if __name__ == \"__main__\":`, "
    "or the child opens a second, hidden window that runs the whole script again."
)


def in_spawned_child() -> bool:
    """Is this a spawned child process re-running the parent's main script, before its own work starts?

    multiprocessing marks that phase with `_inheriting` (its own "bootstrapping phase" check reads it).
    """
    multiprocessing = sys.modules.get("multiprocessing")  # never imported here just to ask
    return multiprocessing is not None and bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def build_window(atlas_arg: str | None = None, packs: list[Path] | None = None):
    """Create the QApplication (if needed) and a fully loaded main window. Used by tests too.

    Refused in a spawned child process: there, an unguarded script's second window would share the
    user's settings, start on whatever view the parent saved last and write over its files.
    """
    if in_spawned_child():
        raise ExplorerError(SPAWNED_CHILD)
    with _collector_paused():
        return _build(atlas_arg, packs)


@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection while the window is built, and the objects it made kept out of later
    passes. Start-up makes ~250,000 long-lived objects (modules, classes, widgets, the scene) and no
    cyclic garbage (a full collection right after it finds none), so each pass of the collector during
    it (0.1-0.2 s for a full one on a school laptop), or the first pass after it, would only scan them
    for nothing. The first build of a process freezes them (`gc.freeze`, in O(1)) until its first frame is
    on screen (`_after_first_frame`); later builds (tests) only pause, so no garbage of earlier windows is
    frozen with them. Reference counting frees as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if enabled and gc.get_freeze_count() == 0:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _build(atlas_arg: str | None, packs: list[Path] | None):
    """build_window's work: the QApplication, the window, the atlas on screen."""
    from PySide6.QtWidgets import QApplication

    from explorer.model.catalog import discover, resolve
    from explorer.model.content import load_content
    from explorer.model.paths import data_dir
    from explorer.model.regions import load_regions, with_palette
    from explorer.model.state import AppState
    from explorer.qt.loading import load_atlas
    from explorer.qt.main_window import MainWindow
    from explorer.qt.settings import Settings, use_data_folder

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Social Brain Explorer")
    app.setOrganizationName("social-brain-explorer")
    use_data_folder(data_dir())  # settings live beside notes and progress (SBX_DATA_DIR overrides)
    settings = Settings.load()
    all_packs = [*settings.pack_paths(), *(packs or [])]
    manifests, problems = discover()
    last = settings.last_atlas if settings.last_atlas in manifests else None
    manifest = resolve(atlas_arg or last, manifests)
    manifests.setdefault(manifest.id, manifest)
    regions = with_palette(load_regions(), settings.colour_safe)
    content = load_content(all_packs, known_regions=set(regions))
    window = MainWindow(AppState(), content, manifests, regions, problems, settings, all_packs)
    window.theme.apply_font_scale(settings.font_scale)
    window.restore_window_state()
    window.show()
    atlas, meshes = load_atlas(manifest, regions, window)
    window.show_atlas(atlas, meshes)
    if settings.high_contrast:
        window.registry["theme.high_contrast"].trigger()
    window.viewer.after_next_frame(lambda: _after_first_frame(content, atlas))
    return app, window


def _after_first_frame(content, atlas) -> None:
    """Invisible work waits until the brain's first frame is on screen."""
    # Start-up's frozen objects join the oldest generation again: what they hold can be collected later
    # (e.g. the first atlas, once the user switches to another one; frozen, it would be kept for good).
    gc.unfreeze()
    _warm_up_in_background(content, atlas)


def _warm_up_in_background(content, atlas) -> None:
    """Format every reference once and build the atlas's region trees (where a study peak lies) off the
    main thread, so the first click and the first tour step are as fast as the rest.

    Started after the first frame: it imports citeproc, lxml and scipy, and holds the GIL while it works.
    """
    import importlib
    import threading
    import weakref

    from explorer.model import coordinates

    atlas_ref = weakref.ref(atlas)  # a switch to another atlas meanwhile must be able to free this one

    def work() -> None:
        for ref in list(content.references.values()):
            ref.apa(html=True)
            ref.apa(html=False)
        for module in ("markdown_it", "explorer.render.tour_export"):  # a panel's Markdown, a tour's labels
            importlib.import_module(module)
        current = atlas_ref()  # last: the thread ends, and lets go of it, once the trees are built
        if current is not None:
            coordinates.prepare(current)

    threading.Thread(target=quiet_at_exit(work), name="warm-references", daemon=True).start()


def quiet_at_exit(work: Callable[[], None]) -> Callable[[], None]:
    """`work` for a daemon thread: an error it raises once the main thread has ended is dropped.

    The work is only ever ahead of need. When the window closes while it runs, Python shuts down
    around the thread, and an import it makes then fails ("can't register atexit after shutdown"):
    that is no error to print over a clean exit. Before then, errors are raised as usual.
    """
    import threading

    def run() -> None:
        try:
            work()
        except Exception:
            if threading.main_thread().is_alive():
                raise

    return run


def run(atlas_arg: str | None = None, packs: list[Path] | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        app, window = build_window(atlas_arg, packs)
    except ExplorerError as exc:
        print(f"brain-explorer: error: {exc}", file=sys.stderr)
        return 2
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    # A background count still running when the window closed was cancelled (MainWindow.closeEvent);
    # it stops at its next check, well under a second, before Python tears down Qt under it.
    QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS)
    return code
