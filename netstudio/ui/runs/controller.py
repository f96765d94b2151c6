"""The Runs view's logic: which runs the project has and what the selection overlays (the per-run
actions are in ``actions.py``, the diff in ``diff_dialog.py``).

Plugged in through the window's seams (``add_dock``, ``document_changed``, ``scene_of``,
``set_project``) and the training controller's ``state_changed`` / ``run_ended`` signals.

Signals
-------
evaluate_requested(str, str)  run folder, checkpoint: the Evaluation view scores it
export_requested(str, str)    run folder, checkpoint: export with these weights
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal, Slot

from netstudio.core.errors import NetStudioError
from netstudio.training.run_diff import describe_changes, graph_diff, settings_diff, show_value
from netstudio.training.run_history import (list_runs, load_run_project, project_filter, read_curves, read_run,
                                            run_roots)

from .actions import RunActionsMixin
from .diff_dialog import RunDiffDialog, RunDiffMixin
from .table import RunsPanel
from ..engine_text import engine_text


def app_data_runs() -> Path:
    """Where the window puts runs of unsaved projects (as the training controller's ``_run_dir``)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".netstudio") / "runs"


class RunsController(RunActionsMixin, RunDiffMixin, QObject):
    evaluate_requested = Signal(str, str)
    export_requested = Signal(str, str)

    def __init__(self, window, training) -> None:
        super().__init__(training)
        self.window = window
        self.training = training
        self.panel = RunsPanel()
        self.dock = window.add_dock("runs", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea, shown=False)
        self.runs = []                          # RunInfo, as listed
        self.diff: RunDiffDialog | None = None
        self._diff_old_path: str | None = None
        self._marked: list = []                 # scenes holding marks
        self._cache: dict[str, tuple] = {}      # run path -> (mtime key, project dict or None)
        self._curves: dict[str, tuple] = {}     # run path -> (mtime key, RunCurves)
        self._previous_run: str | None = None   # the last run that ended, overlaid when the next one starts
        self._stale = False
        self._live_seen: str | None = None     # the live run whose start was handled
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self.panel.selection_changed.connect(self.show_overlays)
        self.panel.action_requested.connect(self.do_action)
        self.dock.visibilityChanged.connect(self._visibility)
        window.document_changed.connect(self.set_document)
        window.language_changed.connect(self.retranslate)
        training.state_changed.connect(self._training_state)
        training.run_ended.connect(self._run_ended)
        # until the lead wires them elsewhere: the Evaluation view and File > Export take a run's checkpoint
        self.evaluate_requested.connect(self.evaluate_in_view)
        self.export_requested.connect(self.export_with_weights)
        self.document = None
        self.retranslate()
        self.set_document(window.document)

    def share_width_with(self, live_dock) -> None:
        """The first time the Runs dock shows beside the live views, the plots get 60% of the width
        (before the window is shown Qt ignores ``resizeDocks``)."""
        self._live_dock = live_dock
        self.dock.visibilityChanged.connect(self._first_shown)

    @Slot(bool)
    def _first_shown(self, visible: bool) -> None:
        if not visible or self.window.width() < 200:
            return
        self.dock.visibilityChanged.disconnect(self._first_shown)
        width = self._live_dock.width() + self.dock.width()
        self.window.resizeDocks([self._live_dock, self.dock], [int(width * 0.6), int(width * 0.4)],
                                Qt.Orientation.Horizontal)

    @Slot()
    def retranslate(self) -> None:
        self.dock.setWindowTitle(self.tr("Runs"))
        self.panel.retranslate()

    # ----- which runs -----
    def roots(self) -> list[Path]:
        project = self.document.project if self.document is not None else None
        extra = [self.training.run_root] if self.training.run_root is not None else []
        return run_roots(project.path if project else None, app_data_runs(), extra)

    def live_path(self) -> str | None:
        folder = getattr(self.training.trainer, "run_folder", None) if self.training.running else None
        return str(folder.path) if folder is not None else None

    def shown_live_path(self) -> str | None:
        """The run whose curves the live loss plot shows (training now, or the last run of this window)."""
        folder = getattr(self.training.trainer, "run_folder", None)
        live = self.training.live_built()   # not built yet: no live curves (asking would build them)
        if folder is None or live is None or not len(live.loss.raw):
            return None        # a new document cleared the live curves
        return str(folder.path)

    @Slot(object)
    def set_document(self, doc) -> None:
        if doc is self.document:
            return
        self.close_diff()       # marks belong to the document they were made on
        self.document = doc
        self._previous_run = None
        self.panel.select_paths([], emit=False)
        if self.training.live_built() is not None:   # views not built yet have no overlays to clear
            self.training.live.loss.set_overlays([])
        if doc is not None:
            doc.undo_stack.indexChanged.connect(self._edited)
        self.refresh()

    @Slot(int)
    def _edited(self, _index: int) -> None:
        if self.dock.isVisible():
            self._refresh_timer.start()     # the "changed since" column follows edits, a few at a time
        else:
            self._stale = True              # diffing every run on every edit is for a visible table only

    @Slot(bool)
    def _visibility(self, visible: bool) -> None:
        if visible and self._stale:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """List the project's runs again (keeping the selection)."""
        self._stale = False
        doc = self.document
        if doc is None:
            self.runs = []
            self.panel.set_runs([])
            return
        project = doc.project
        self.runs = list_runs(self.roots(), project_filter(project.name, project.path))  # newest first
        current = project.to_dict()
        rows = []
        for info in self.runs:
            text, tip = self._changes(info, current)
            rows.append((info, text, tip))
        roots = self.roots()
        self.panel.set_runs(rows, self.live_path(), str(roots[0]) if roots else "")

    def _run_dict(self, path: Path) -> dict | None:
        try:
            key = (path / "project.nsproj").stat().st_mtime_ns
        except OSError:
            return None
        cached = self._cache.get(str(path))
        if cached is None or cached[0] != key:
            try:
                data = load_run_project(path).to_dict()
            except (NetStudioError, OSError, ValueError, TypeError, KeyError, RecursionError):
                data = None       # a damaged copy: the row says so instead of failing the whole list
            cached = self._cache[str(path)] = (key, data)
        return cached[1]

    def _changes(self, info, current: dict) -> tuple[str, str]:
        old = self._run_dict(info.path)
        if old is None:
            return self.tr("(no project saved with the run)"), ""
        changes = settings_diff(old, current)
        graphs = graph_diff(old, current)
        nodes = sum(d.count() for d in graphs.values())
        parts = [describe_changes(changes)] if changes else []
        if nodes:
            parts.append(self.tr("%1 graph change(s)").replace("%1", str(nodes)))
        tip = "\n".join(f"{c.key}: {engine_text(show_value(c.old))} → {engine_text(show_value(c.new))}" for c in changes)
        return ("; ".join(parts) or self.tr("same as now")), tip

    def info(self, path: str):
        return next((r for r in self.runs if str(r.path) == path), None) or read_run(path)

    # ----- training -----
    @Slot(str)
    def _training_state(self, state: str) -> None:
        live = self.live_path()
        if state in ("running", "paused") and live:
            new_run = live != self._live_seen      # these states come again with every pause and resume
            self._live_seen = live
            self.refresh()     # the run's folder exists now (a continued run's row says "running")
            previous = self._previous_run
            if new_run and previous and previous != live and previous in self.panel.paths():
                # a second run does not wipe the first from view: it stays overlaid
                self.panel.select_paths(sorted(set(self.panel.selected_paths()) | {previous}))
        elif state == "idle":
            self.refresh()

    @Slot(object)
    def _run_ended(self, _event) -> None:
        folder = getattr(self.training.trainer, "run_folder", None)
        self._previous_run = str(folder.path) if folder is not None else None
        self.refresh()
        self.show_overlays(self.panel.selected_paths())   # a run selected while live is drawn from its file now

    # ----- overlays -----
    @Slot(list)
    def show_overlays(self, paths: list) -> None:
        """Draw the selected runs over the live loss plot; the run the live curves show is not drawn twice."""
        live = self.shown_live_path()
        overlays = []
        for path in paths:
            if path in (live, self.live_path()):    # training now: its curves grow live, not from the file
                continue
            curves = self.curves(path)
            if curves is not None:
                overlays.append((self.label(path), curves))
        self.training.live.loss.set_overlays(overlays, self.label(live) if live else "")
        if overlays:
            self.training.chrome.live_dock.show()

    def label(self, path: str) -> str:
        """A run's name in the plot legend: its start time (the date too when not today)."""
        info = self.info(path)
        if info.started is None:
            return Path(path).name
        today = time.strftime("%Y-%m-%d") == time.strftime("%Y-%m-%d", time.localtime(info.started))
        return time.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M:%S", time.localtime(info.started))

    def curves(self, path: str):
        log = Path(path) / "metrics.jsonl"
        try:
            key = (log.stat().st_mtime_ns, log.stat().st_size)
        except OSError:
            return None
        cached = self._curves.get(path)
        if cached is None or cached[0] != key:
            cached = self._curves[path] = (key, read_curves(path))
        return cached[1]
