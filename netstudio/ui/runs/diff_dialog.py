"""Diff two runs (or a run and the project open now): changed settings and graph changes.

The dialog lists every change; the nodes added or changed on the newer side are also marked on
the canvas of the project open now (``GraphScene.set_marks``) while the dialog is open. Removed
nodes are not on the canvas: they are listed, and "Open older project" shows them as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from netstudio.training.run_diff import graph_diff, settings_diff, show_value

from .table import run_date
from ..engine_text import engine_text

ADDED, REMOVED, CHANGED = "#2e7d32", "#c62828", "#e65100"


def _tr(text: str) -> str:
    return QCoreApplication.translate("RunDiff", text)


class RunDiffDialog(QDialog):
    """What changed from ``old`` to ``new`` (project dicts); ``marks()`` says what to mark on the canvas.

    ``open_old_requested`` asks the runs controller to open the older side's project.
    """

    open_old_requested = Signal()

    def __init__(self, old: dict, new: dict, old_label: str, new_label: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("run_diff")
        self.setWindowTitle(QCoreApplication.translate("RunDiff", "Compare runs"))
        self.settings = settings_diff(old, new)
        self.graphs = graph_diff(old, new)
        self.header = QLabel(QCoreApplication.translate("RunDiff", "From <b>%1</b> to <b>%2</b>").replace("%1", old_label).replace("%2", new_label))
        self.header.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([QCoreApplication.translate("RunDiff", "What"), QCoreApplication.translate("RunDiff", "Before"), QCoreApplication.translate("RunDiff", "After")])
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 150)
        self._fill()
        self.legend = QLabel(QCoreApplication.translate("RunDiff", "On the canvas: <span style='color:%1'>■</span> added, "
                                 "<span style='color:%2'>■</span> changed. <span style='color:%3'>■</span> Removed "
                                 "nodes are listed here; \"Open older project\" shows them marked.")
                             .replace("%1", ADDED).replace("%2", CHANGED).replace("%3", REMOVED))
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_old = QPushButton(QCoreApplication.translate("RunDiff", "Open older project"), self)
        buttons.addButton(self.open_old, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_old.clicked.connect(self.open_old_requested)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.legend)
        layout.addWidget(buttons)
        self.resize(640, 460)

    def _item(self, parent, texts, colour: str | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [str(t) for t in texts])
        if colour:
            item.setForeground(0, QBrush(QColor(colour)))
        for col, text in enumerate(texts):
            item.setToolTip(col, str(text))
        return item

    def _fill(self) -> None:
        settings = self._item(self.tree, [QCoreApplication.translate("RunDiff", "Settings (%1 changed)").replace("%1", str(len(self.settings))), "", ""])
        for change in self.settings:
            self._item(settings, [change.key, _shown(change.old), _shown(change.new)], CHANGED)
        if not self.settings:
            self._item(settings, [QCoreApplication.translate("RunDiff", "no setting changed"), "", ""])
        for name, diff in self.graphs.items():
            top = self._item(self.tree, [QCoreApplication.translate("RunDiff", "Graph '%1' (%2 change(s))").replace("%1", name)
                                         .replace("%2", str(diff.count())), "", ""])
            for nid in diff.added:
                self._item(top, [QCoreApplication.translate("RunDiff", "added: %1").replace("%1", nid), "", "✓"], ADDED)
            for nid in diff.removed:
                self._item(top, [QCoreApplication.translate("RunDiff", "removed: %1").replace("%1", nid), "✓", ""], REMOVED)
            for nid, changes in diff.changed.items():
                for param, before, after in changes:
                    self._item(top, [f"{nid}.{param}", _shown(before), _shown(after)], CHANGED)
            for src, sp, dst, dp in diff.edges_added:
                self._item(top, [QCoreApplication.translate("RunDiff", "wire added: %1 → %2").replace("%1", f"{src}:{sp}").replace("%2", f"{dst}:{dp}"),
                                 "", "✓"], ADDED)
            for src, sp, dst, dp in diff.edges_removed:
                self._item(top, [QCoreApplication.translate("RunDiff", "wire removed: %1 → %2").replace("%1", f"{src}:{sp}")
                                 .replace("%2", f"{dst}:{dp}"), "✓", ""], REMOVED)
            if not diff:
                self._item(top, [QCoreApplication.translate("RunDiff", "no change"), "", ""])
        self.tree.expandAll()

    def marks(self) -> dict[str, dict[str, tuple[str, str]]]:
        """Per graph: node id -> ("added" | "changed", tooltip), for ``GraphScene.set_marks``."""
        out: dict[str, dict[str, tuple[str, str]]] = {}
        for name, diff in self.graphs.items():
            marks = {nid: ("added", QCoreApplication.translate("RunDiff", "added since the older run")) for nid in diff.added}
            for nid, changes in diff.changed.items():
                text = ", ".join(f"{p}: {_shown(a)} → {_shown(b)}" for p, a, b in changes)
                marks[nid] = ("changed", QCoreApplication.translate("RunDiff", "changed: %1").replace("%1", text))
            out[name] = marks
        return out


class RunDiffMixin:
    """Diffs for the runs controller: needs ``window``, ``document``, ``info``, ``_run_dict``, ``open_run``."""

    diff: RunDiffDialog | None = None
    _diff_old_path: str | None = None
    _marked: list

    def compare(self, paths: list) -> RunDiffDialog | None:
        """Two runs: older -> newer. One run: the run -> the project open now. Marks the canvas."""
        if self.document is None or not 1 <= len(paths) <= 2:
            return None
        infos = sorted((self.info(p) for p in paths), key=lambda r: r.started or 0.0)
        old = self._run_dict(infos[0].path)
        if old is None:
            self.window.show_error(self.tr("Cannot compare"), self.tr("The run %1 holds no project.nsproj.")
                                   .replace("%1", infos[0].name))
            return None
        if len(infos) == 2:
            new = self._run_dict(infos[1].path)
            if new is None:
                self.window.show_error(self.tr("Cannot compare"), self.tr("The run %1 holds no project.nsproj.")
                                       .replace("%1", infos[1].name))
                return None
            new_label = run_date(infos[1].started)
        else:
            new, new_label = self.document.project.to_dict(), self.tr("the project now")
        self.close_diff()
        self.diff = RunDiffDialog(old, new, run_date(infos[0].started), new_label, self.window)
        self._diff_old_path = str(infos[0].path)
        self.diff.finished.connect(self.close_diff)
        self.diff.open_old_requested.connect(self._open_old)
        self._mark(self.diff.marks())
        self.diff.show()
        return self.diff

    def _mark(self, marks: dict) -> None:
        for name, node_marks in marks.items():
            scene = self.window.scene_of(name)
            if scene is not None:
                scene.set_marks(node_marks)
                self._marked.append(scene)

    @Slot()
    def close_diff(self) -> None:
        """Close the diff and take its marks off the canvas."""
        for scene in self._marked:
            try:
                scene.set_marks({})
            except RuntimeError:     # the scene went with its document
                pass
        self._marked = []
        diff, self.diff = self.diff, None
        if diff is not None:
            diff.finished.disconnect(self.close_diff)
            diff.close()
            diff.deleteLater()

    @Slot()
    def _open_old(self) -> None:
        """Open the older side's project (a new unsaved document) with the nodes the newer side removed marked."""
        path, diff = self._diff_old_path, self.diff
        if not path or diff is None:
            return
        removed = {name: {nid: ("removed", QCoreApplication.translate("RunDiff", "removed in the newer run")) for nid in d.removed}
                   for name, d in diff.graphs.items()}
        self.close_diff()
        if self.open_run(path):
            self._mark(removed)       # cleared by the next comparison or document


def _shown(value) -> str:
    """A setting's value as text, "(not set)" in the interface language."""
    return engine_text(show_value(value))
