"""What a school's IT support asks for: versions, the OpenGL renderer, folders, shipped content.

No Qt here: Qt's version is read from the installed PySide6 distribution's metadata.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from importlib import metadata

from explorer import __version__
from explorer.model import paths


def use_egl_if_headless() -> None:
    """On Linux with no X display, render off-screen through EGL (VTK would try X first and warn).

    Windows and macOS render off-screen with their own OpenGL windows; EGL is Linux only.
    """
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def _distribution_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions() -> dict[str, str]:
    """Versions of the app, Python, Qt (PySide6), VTK and PyVista."""
    import pyvista
    from vtkmodules.vtkCommonCore import vtkVersion

    return {
        "Social Brain Explorer": __version__,
        "Python": f"{platform.python_version()} ({sys.executable})",
        "Platform": platform.platform(),
        "Qt (PySide6)": _distribution_version("PySide6-Essentials", "PySide6"),
        "VTK": vtkVersion.GetVTKVersion(),
        "PyVista": pyvista.__version__,
    }


def meets_opengl_32(version: str) -> bool:
    """True if an OpenGL version string such as '4.5 (Core Profile) Mesa 22.3.6' is 3.2 or later."""
    match = re.match(r"\s*(\d+)\.(\d+)", version)
    return bool(match) and (int(match.group(1)), int(match.group(2))) >= (3, 2)


def capabilities() -> tuple[str, str]:
    """VTK's report on a tiny off-screen OpenGL window, and the window's class.

    In-process on purpose: pyvista.GPUInfo re-runs `sys.executable -c ...`, which a
    PyInstaller bundle's executable cannot do.
    """
    use_egl_if_headless()
    import vtkmodules.vtkRenderingOpenGL2  # noqa: F401 - registers the OpenGL window classes
    from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

    window = vtkRenderWindow()
    window.OffScreenRenderingOn()
    window.SetSize(8, 8)
    window.AddRenderer(vtkRenderer())
    window.Render()
    report = window.ReportCapabilities() or ""
    name = window.GetClassName()
    window.Finalize()
    return report, name


def opengl() -> dict[str, str]:
    """The OpenGL renderer, version and vendor, and whether the version meets 3.2."""
    try:
        report, window = capabilities()
    except Exception as exc:  # noqa: BLE001 - any failure is exactly what IT support needs to see
        return {"OpenGL renderer": f"unavailable: {exc}"}
    found = dict(re.findall(r"^OpenGL (renderer|version|vendor) string:\s*(.+?)\s*$", report, re.MULTILINE))
    if "version" not in found:
        return {"OpenGL renderer": f"unavailable: no OpenGL context ({window})"}
    return {
        "OpenGL renderer": found.get("renderer", "?"),
        "OpenGL version": found["version"],
        "OpenGL vendor": found.get("vendor", "?"),
        "Needs OpenGL 3.2": "met" if meets_opengl_32(found["version"]) else "NOT MET: update the graphics driver",
        "VTK window": window,
    }


def folders() -> dict[str, str]:
    """Where the app reads its shipped data and keeps the user's files."""
    return {
        "Shipped data": str(paths.DATA_ROOT),
        "User data (notes, progress)": str(paths.data_dir()),
        "Settings file": str(paths.settings_file()),
        "Cache (meshes)": str(paths.cache_dir()),
    }


def shipped_content() -> dict[str, list[str]]:
    """The shipped content pack (annotations, tours, sources) and the atlases, with their problems."""
    from explorer.model.catalog import discover
    from explorer.model.content import load_content
    from explorer.model.regions import load_regions

    manifests, atlas_problems = discover()
    atlases = [f"{m.id}: {m.name} [{'ok' if m.volume.exists() and m.labels.exists() else 'FILES MISSING'}]"
               for m in manifests.values()]
    library = load_content([], known_regions=set(load_regions()))
    pack = (f"built-in ({paths.ANNOTATION_DIR}): {len(library.annotations)} pages, "
            f"{len(library.sources)} sources, {len(library.references)} references")
    tours = sorted(p.stem for p in (paths.ANNOTATION_DIR / "tours").glob("*.yaml"))
    problems = [str(p) for p in [*atlas_problems, *library.problems]]
    return {"Atlases": atlases, "Content packs": [pack], "Tours": tours, "Content problems": problems or ["none"]}
