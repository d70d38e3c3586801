"""Every command of the window, declared once; menus, toolbar, keys and the F1 window come from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.model.views import VIEWS
from explorer.qt.action_registry import SEPARATOR, ActionSpec

if TYPE_CHECKING:
    from explorer.qt.main_window import MainWindow

HEMISPHERES = (("both", "Both hemispheres", "Alt+B"), ("left", "Left only", "Alt+L"),
               ("right", "Right only", "Alt+R"))


def declare_actions(w: MainWindow) -> list[ActionSpec]:
    """The window's commands, bound to the controllers that carry them out."""
    return [*_file_actions(w), *_view_actions(w), *_other_actions(w)]


def _file_actions(w: MainWindow) -> list[ActionSpec]:
    library = w.library
    return [
        ActionSpec("file.open_atlas", "Open atlas file…", w.open_atlas_file, ("Ctrl+O",),
                   "Load a label NIfTI with a dseg.tsv, or an atlas manifest"),
        ActionSpec("file.export_image", "Export image…", w.exports.export_image, ("Ctrl+E",),
                   "Save an annotated image for slides or handouts"),
        ActionSpec("file.export_handout", "Export handout (PDF)…", w.exports.export_handout, ("Ctrl+Shift+E",),
                   "A printable page per teaching region, with your notes"),
        ActionSpec("file.export_web", "Export as web page…", w.exports.export_web, (),
                   "One HTML file that works offline in any browser: the 3D brain, the texts and a tour"),
        ActionSpec("coords.open", "Open coordinates…", w.peaks.open_dialog, ("Ctrl+Shift+O",),
                   "A CSV/TSV table of peaks (x, y, z; optional label and space): spheres in 3D and a table"),
        ActionSpec("coords.paste", "Paste coordinates", w.peaks.paste, ("Ctrl+Shift+V",),
                   "A table of peaks copied from a paper (x, y, z per line)"),
        ActionSpec("file.export_spin", "Export rotation video…", w.exports.export_spin, (),
                   "An MP4 or GIF of the brain turning once, for slides and web pages"),
        ActionSpec("file.add_pack", "Add annotation folder…", library.add_pack, (),
                   "Load a folder of your own annotations (remembered)"),
        ActionSpec("file.forget_packs", "Forget added annotation folders", library.forget_packs),
        ActionSpec("file.quit", "Quit", w.close, ("Ctrl+Q",)),
    ]


def _view_actions(w: MainWindow) -> list[ActionSpec]:
    scenes, state = w.scenes, w.state
    specs = [ActionSpec(f"view.{name}", view.title, lambda n=name: scenes.set_view(n), (view.key,),
                         f"{view.title} view") for name, view in VIEWS.items()]
    specs += [ActionSpec(f"hemi.{mode}", text, lambda _on, m=mode: state.choose_hemispheres(m), (key,),
                         f"Show {text.lower()}", checkable=True, group="hemispheres")
              for mode, text, key in HEMISPHERES]
    specs += [
        ActionSpec("view.show_all", "Show all regions", state.set_show_all, ("A",), "Draw every atlas region opaque",
                   checkable=True),
        ActionSpec("view.circuits", "Circuit view", state.set_circuits, ("C",),
                   "Draw the connections the documents describe", checkable=True),
        ActionSpec("view.slices", "Slices", w.docks["slices"].toggleViewAction().trigger, ("S",),
                   "Axial, coronal and sagittal slices through the MNI152 template"),
        ActionSpec("view.goto", "Go to coordinate…", w.crosshair.go_to_box, ("Ctrl+G",),
                   "Type an MNI or Talairach coordinate, e.g. -8, 20, 40"),
        ActionSpec("view.focus", "Focus on selection", scenes.focus_selection, ("F",),
                   "Glide the camera to frame the selected region"),
        ActionSpec("view.search", "Search regions", w.region_list.focus_search, ("Ctrl+F",)),
        ActionSpec("view.clear", "Clear selection", lambda: state.select(None), ("Esc",)),
    ]
    return specs


def _other_actions(w: MainWindow) -> list[ActionSpec]:
    nav, theme, presenter, library = w.navigation, w.theme, w.presenter, w.library
    specs = [
        ActionSpec("nav.back", "Back", nav.back, ("Alt+Left",), "Previous region or topic"),
        ActionSpec("nav.forward", "Forward", nav.forward, ("Alt+Right",), "Next region or topic"),
        ActionSpec("text.larger", "Larger text", lambda: theme.scale_fonts(1.15), ("Ctrl++", "Ctrl+=")),
        ActionSpec("text.smaller", "Smaller text", lambda: theme.scale_fonts(1 / 1.15), ("Ctrl+-",)),
        ActionSpec("text.normal", "Normal text size", lambda: theme.scale_fonts(None), ("Ctrl+0",)),
        ActionSpec("theme.colour_safe", "Colour-blind-safe palette (Okabe–Ito)", theme.set_colour_safe, (),
                   "Okabe–Ito colours for the teaching regions", checkable=True),
        ActionSpec("theme.high_contrast", "High-contrast theme", theme.set_high_contrast, ("Ctrl+Shift+H",),
                   "Black background, bright regions, bold outline", checkable=True),
        ActionSpec("notes.list", "Notes…", lambda: nav.show_notes(w.notes), ("Ctrl+Shift+N",), "All your notes"),
        ActionSpec("tour.present", "Present", w.present, ("F5",), "Full-screen guided tour for a class"),
        # Presentation keys, as a clicker sends them; live only while presenting.
        ActionSpec("tour.next", "Next step", presenter.next, ("PgDown", "Right", "Space"), "Next step of the tour",
                   enabled=False),
        ActionSpec("tour.previous", "Previous step", presenter.previous, ("PgUp", "Left"),
                   "Previous step of the tour", enabled=False),
        ActionSpec("tour.blank", "Blank the screen", presenter.toggle_blank, ("B",),
                   "Black screen, as PowerPoint's B", enabled=False),
        ActionSpec("tour.leave", "Leave presentation", presenter.stop, ("Esc",), "Back to the normal window",
                   enabled=False),
        ActionSpec("quiz.start", "Start quiz", w.quiz.start, ("Ctrl+K",), "Questions made from the content"),
        ActionSpec("help.shortcuts", "Keyboard shortcuts", w.show_shortcuts, ("F1",)),
        ActionSpec("help.credits", "Atlas credits and licences", w.show_credits),
        ActionSpec("help.problems", "Content warnings", library.show_problems),
    ]
    specs += [ActionSpec(f"atlas.{atlas_id}", manifest.name, lambda _on, m=manifest: w.switch_atlas(m),
                         checkable=True, group="atlas") for atlas_id, manifest in w.manifests.items()]
    return specs


PRESENTER_KEYS = ("tour.next", "tour.previous", "tour.blank", "tour.leave")
VIEW_IDS = tuple(f"view.{name}" for name in VIEWS)
HEMI_IDS = tuple(f"hemi.{mode}" for mode, _, _ in HEMISPHERES)

MENUS: dict[str, tuple[str, ...]] = {
    "&File": ("file.open_atlas", "file.export_image", "file.export_handout", "file.export_web", "file.export_spin",
              SEPARATOR, "coords.open", "coords.paste", SEPARATOR, "file.add_pack", "file.forget_packs", SEPARATOR,
              "file.quit"),
    "&View": (*VIEW_IDS, SEPARATOR, *HEMI_IDS, "view.show_all", "view.circuits", "view.search", "view.clear",
              "view.focus", SEPARATOR, "view.slices", "view.goto", SEPARATOR, "nav.back", "nav.forward", SEPARATOR,
              "text.larger", "text.smaller", "text.normal",
              SEPARATOR, "theme.colour_safe", "theme.high_contrast", SEPARATOR, "notes.list", SEPARATOR,
              "tour.present"),
    "&Tours": ("tour.present", SEPARATOR),  # the tours themselves follow
    "&Quiz": ("quiz.start",),
    "&Atlas": (),  # one entry per atlas, added with the registry's atlas.* actions
    "&Help": ("help.shortcuts", "help.credits", "help.problems"),
}
TOOLBAR = (*VIEW_IDS, SEPARATOR, *HEMI_IDS, SEPARATOR, "view.show_all", "view.circuits")
