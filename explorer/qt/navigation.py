"""Content and navigation: turns clicks, list choices and links into a selection, and a selection into
the panel's HTML, the list's mark, the history and the notes box."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from explorer.model import agreement
from explorer.model.atlas import Atlas
from explorer.model.circuits import Link
from explorer.model.content import ContentLibrary
from explorer.model.history import History
from explorer.model.notes import NotesStore
from explorer.model.panel_html import link_html, page_for, region_panel_html
from explorer.model.selection import (
    LabelSelection,
    RegionSelection,
    Selection,
    TopicSelection,
    selection_for_label,
    selection_for_region,
    selection_for_topic,
)
from explorer.model.state import AppState
from explorer.qt import dialogs
from explorer.qt.annotation_panel import WELCOME, AnnotationPanel
from explorer.qt.notes_box import NotesBox
from explorer.qt.region_list import RegionList
from explorer.qt.source_viewer import SourceViewer
from explorer.render.picking import Hit, LinkHit

PANEL_FALLBACK_MS = 250  # a click's panel fills by then even if no 3D frame comes (a hidden view)
# The fallback is one QTimer kept for the window's life: PySide6's static QTimer.singleShot(msec > 0,
# callable) leaks three references to None on every call (6.11.3), which crept up in the soak.

def list_key(selection: Selection | None) -> tuple[str | None, object]:
    """The (kind, key) a selection has in the region list, the history and the notes."""
    match selection:
        case TopicSelection(topic_id=topic_id):
            return "topic", topic_id
        case RegionSelection(region_id=region_id):
            return "region", region_id
        case LabelSelection(label_id=label_id):
            return "label", label_id
    return None, None


def is_link(hit: Hit | None) -> bool:
    """A click on a circuit tube."""
    return isinstance(hit, LinkHit)


class Navigation(QObject):
    """Selecting things and showing what is selected. The state is the only channel between the two."""

    def __init__(self, state: AppState, content: ContentLibrary, links: list[Link], panel: AnnotationPanel,
                 notes_box: NotesBox, region_list: RegionList, notify: Callable[[str], None],
                 after_frame: Callable[[Callable[[], None]], None] | None = None) -> None:
        super().__init__(panel)
        # A click in 3D shows its frame first and fills the panel after it (`after_frame(work)` calls
        # work once the next 3D frame is drawn): the selection shows in 3D without waiting for the text.
        self._after_frame = after_frame
        self._click_pending = False  # the selection being made comes from a click in 3D
        self.panel_pending = False  # a click's panel waits for its 3D frame
        self._fallback = QTimer(self, singleShot=True, interval=PANEL_FALLBACK_MS)
        self._fallback.timeout.connect(self._fill_pending)
        self.state, self.content, self.links = state, content, links
        self._workers: dict = {}  # running agreement counts: their signals -> (worker, atlas, cancel flag)
        self.panel, self.notes_box, self.region_list, self.notify = panel, notes_box, region_list, notify
        self.history = History()
        self.current_page = None
        self.source_viewer: SourceViewer | None = None
        region_list.chosen.connect(self.choose)
        panel.navigate.connect(self.choose)
        panel.quote_clicked.connect(self.show_quote_source)
        state.selection_changed.connect(self._on_selection)

    # --- into a selection ---------------------------------------------------------------
    def choose(self, kind: str, key: object) -> None:
        """Select by list item or link: exactly what a click on that region would do."""
        atlas = self.state.atlas
        if kind in ("region", "group"):
            if not atlas.label_ids_for(str(key)):
                self.notify(atlas.manifest.absent.get(str(key), f"{key} is not in the {atlas.manifest.name} atlas"))
                return
            self.state.select(selection_for_region(atlas, str(key)))
        elif kind == "label":
            self.state.select(selection_for_label(atlas, int(key)))
        elif kind == "topic" and (page := self.content.annotations.get(str(key))):
            self.state.select(selection_for_topic(atlas, page.id, page.regions))

    def select_hit(self, hit: Hit | None) -> None:
        """A click in 3D: a circuit tube shows its link, a region selects it, empty space clears."""
        if is_link(hit):
            self.show_link(hit.link)
            return
        self._click_pending = self._after_frame is not None
        try:
            self.state.select(selection_for_label(self.state.atlas, hit.label_id) if hit else None)
        finally:
            self._click_pending = False

    def back(self) -> None:
        self._replay(self.history.back())

    def forward(self) -> None:
        self._replay(self.history.forward())

    def _replay(self, entry: tuple[str, object] | None) -> None:
        if entry is not None:
            with self.history.replaying():
                self.choose(*entry)

    # --- out of a selection -------------------------------------------------------------
    def _on_selection(self, selection: Selection | None) -> None:
        if self._click_pending:
            self._fill_after_frame()
        else:
            self.panel_pending = False
            self.show_selection(selection)
        kind, key = list_key(selection)
        self.region_list.mark_current(kind, key)
        if kind is not None:
            self.history.visit((kind, key))

    def _fill_after_frame(self) -> None:
        """Fill the panel once the click's 3D frame is drawn (or after PANEL_FALLBACK_MS at most)."""
        if not self.panel_pending:
            self.panel_pending = True
            self._after_frame(self._fill_pending)
            self._fallback.start()

    def _fill_pending(self) -> None:
        if self.panel_pending:
            self.panel_pending = False
            self._fallback.stop()
            self.show_selection(self.state.selection)

    def show_selection(self, selection: Selection | None) -> None:
        """Fill the panel and the notes box for a selection (the welcome page for none)."""
        self.current_page = None
        kind, key = list_key(selection)
        if kind is None:  # nothing, or several regions with no page of their own (a tour step)
            self.show_message(WELCOME)
            self.notes_box.set_key(None, "")
            return
        atlas, lib = self.state.atlas, self.content
        if isinstance(selection, RegionSelection):
            self._count_agreement(atlas)
        page, title = page_for(selection, atlas, lib)
        self.current_page = page
        html = region_panel_html(page, title, atlas, selection, lib)
        refs = [lib.references[k] for k in (page.references if page else ()) if k in lib.references]
        self.panel.show_html(html, {r.key: r.apa() for r in refs}, {r.key: r.bibtex for r in refs})
        self.notes_box.set_key(f"{kind}:{key}" if kind != "label" else f"label:{atlas.id}:{key}", title)

    def _count_agreement(self, atlas: Atlas) -> None:
        """The first region panel of an atlas starts counting the atlases' agreement in a worker thread;
        the panel shows the numbers when the count is done (it can take seconds the first time)."""
        if not agreement.begin_warm_up(atlas):
            return
        cancel = threading.Event()
        from superqt.utils import create_worker  # deferred: superqt is not needed before the first frame

        worker = create_worker(agreement.warm_up, atlas, cancel=cancel, _start_thread=False)
        worker.finished.connect(self._count_done)
        self._workers[worker.signals] = (worker, atlas, cancel)
        worker.start()

    def _count_done(self) -> None:
        """A count has finished (a slot of this object, so it runs in the GUI thread, and never after
        the window has gone): show the numbers if its atlas is still on screen."""
        _worker, atlas, _cancel = self._workers.pop(self.sender(), (None, None, None))
        if atlas is not None and self.state.atlas is atlas:
            self.show_selection(self.state.selection)

    def stop_workers(self) -> None:
        """Closing: running counts stop at their next check (well under a second) and report to nobody
        (superqt holds each worker until its thread ends)."""
        for worker, _atlas, cancel in self._workers.values():
            cancel.set()
            with contextlib.suppress(RuntimeError, TypeError):
                worker.finished.disconnect(self._count_done)
        self._workers.clear()

    def show_message(self, html: str) -> None:
        self.panel.show_html(html, {}, {})

    def show_link(self, index: int) -> None:
        self.panel.show_html(link_html(self.links[index], self.content, self.state.atlas), {}, {})

    def hover_text(self, label_id: int | None) -> str:
        atlas = self.state.atlas
        if label_id is None or atlas is None or label_id not in atlas.labels:
            return ""
        region_id = atlas.label_region.get(label_id)
        region = f" · {atlas.region_defs[region_id].title}" if region_id else ""
        return f"{atlas.labels[label_id].full_name}{region}"

    def set_content(self, content: ContentLibrary) -> None:
        self.content, self.links = content, content.links
        self.region_list.populate(self.state.atlas, content)
        self.show_selection(self.state.selection)

    def show_quote_source(self, index: int) -> SourceViewer | None:
        page = self.current_page
        if page is None or not 0 <= index < len(page.quotes):
            return None
        source = self.content.sources.get(page.quotes[index].source)
        if source is None:
            return None
        viewer = SourceViewer(source, page.quotes[index].text, self.panel.window())
        viewer.setFont(self.panel.font())
        viewer.show()
        self.source_viewer = viewer
        return viewer

    def show_notes(self, notes: NotesStore) -> None:
        dialog = dialogs.NotesList(self.panel.window(), notes.all(), self.state.atlas, self.content)
        dialog.chosen.connect(self.choose)
        dialog.exec()
