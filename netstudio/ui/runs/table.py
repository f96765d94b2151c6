"""The Runs dock's body: a sortable table of a project's runs and the buttons acting on the selection.

A model/view table filled in one batch (``set_runs``); the panel only reports what the user asks
for (``action_requested``, ``selection_changed``) and the runs controller does it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QItemSelectionModel,
                            QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

PATH_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (QT_TRANSLATE_NOOP("Runs", "Date"), QT_TRANSLATE_NOOP("Runs", "Status"),
           QT_TRANSLATE_NOOP("Runs", "Best"), QT_TRANSLATE_NOOP("Runs", "Changed since"),
           QT_TRANSLATE_NOOP("Runs", "Epochs"), QT_TRANSLATE_NOOP("Runs", "Duration"),
           QT_TRANSLATE_NOOP("Runs", "Device"))
CHANGES = 3      # the column the user reads first after the date, so it comes before the small numbers
CHANGES_WIDTH = 320
HEADER_TIP = QT_TRANSLATE_NOOP("Runs", "What differs between the run's settings and graph and the project open now")
FITTED = (0, 1, 2, 4, 5)   # columns sized to their contents
STATUS = {"finished": QT_TRANSLATE_NOOP("Runs", "finished"), "stopped": QT_TRANSLATE_NOOP("Runs", "stopped"),
          "failed": QT_TRANSLATE_NOOP("Runs", "failed"), "running": QT_TRANSLATE_NOOP("Runs", "running"),
          "interrupted": QT_TRANSLATE_NOOP("Runs", "interrupted"), "unknown": QT_TRANSLATE_NOOP("Runs", "unknown")}
STATUS_COLOURS = {"finished": "#2e7d32", "stopped": "#b26a00", "failed": "#c62828", "running": "#1565c0",
                  "interrupted": "#6d4c41"}
# key, text, needs how many selected runs (1: exactly one, 2: one or two, 0: one or more)
ACTIONS = (("compare", QT_TRANSLATE_NOOP("Runs", "Compare"), 2),
           ("open", QT_TRANSLATE_NOOP("Runs", "Open as it was"), 1),
           ("continue", QT_TRANSLATE_NOOP("Runs", "Continue"), 1),
           ("evaluate", QT_TRANSLATE_NOOP("Runs", "Evaluate"), 1),
           ("export", QT_TRANSLATE_NOOP("Runs", "Export"), 1),
           ("delete", QT_TRANSLATE_NOOP("Runs", "Delete"), 0))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Runs", text)


def run_date(started: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)) if started else "?"


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 10:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}:{s:02d}"
    hours, m = divmod(minutes, 60)
    return f"{hours}:{m:02d}:{s:02d}"


def best_text(info) -> str:
    if info.best_metric is None or info.best_value is None:
        return ""
    from ..metric_names import metric_name

    name = metric_name(info.best_metric)
    value = f"{info.best_value:.1%}" if info.best_metric == "val_acc" else f"{info.best_value:.4g}"
    return f"{name} {value}"


class RunsModel(QAbstractTableModel):
    """Rows: ``(RunInfo, changes text, changes tooltip)``; ``set_runs`` replaces them all at once."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple] = []

    def set_runs(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == CHANGES:
            return _tr(HEADER_TIP)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        info, changes, tip = self.rows[index.row()]
        col = index.column()
        if role == PATH_ROLE:
            return str(info.path)
        if role == Qt.ItemDataRole.DisplayRole:
            return (run_date(info.started), _tr(STATUS.get(info.status, info.status)), best_text(info), changes,
                    str(info.epochs), duration_text(info.duration), info.device)[col]
        if role == SORT_ROLE:
            return (info.started or 0.0, info.status, info.best_value if info.best_value is not None else float("-inf"),
                    changes, info.epochs, info.duration or 0.0, info.device)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == CHANGES:
                return tip or None
            versions = ", ".join(f"{k} {v}" for k, v in info.versions.items() if v)
            return "\n".join(t for t in (str(info.path), info.message, versions) if t)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and info.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[info.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, 5):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class RunsPanel(QWidget):
    """Table and buttons. Signals: ``selection_changed(list)`` (run folder paths, newest first) and
    ``action_requested(str, list)`` (an ``ACTIONS`` key and the selected paths)."""

    selection_changed = Signal(list)
    action_requested = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runs_panel")
        self.model = RunsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)    # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(CHANGES, CHANGES_WIDTH)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, _text, _need in ACTIONS:
            button = QPushButton(self)
            button.clicked.connect(lambda _=False, k=key: self.request(k))
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.live_path: str | None = None
        self.empty_where = ""          # where runs would be, said when there are none
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        for key, text, _need in ACTIONS:
            self.buttons[key].setText(_tr(text))
        self._set_hint()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def _set_hint(self) -> None:
        if self.model.rows:
            self.hint.setText(QCoreApplication.translate("Runs", "Select runs to overlay their curves on the loss plot; select two to compare them."))
        else:
            where = self.empty_where
            self.hint.setText(QCoreApplication.translate("Runs", "No runs of this project yet: press Train. Each run is kept in its own folder "
                                  "under %1.").replace("%1", where) if where else QCoreApplication.translate("Runs", "No project is open."))

    # ----- rows and selection -----
    def set_runs(self, rows: list[tuple], live_path: str | None = None, where: str = "") -> None:
        """Replace the rows (``(RunInfo, changes, tooltip)``), keeping the selected runs selected.

        ``where``: the folder runs go to, named when there are none yet."""
        keep = self.selected_paths()
        self.live_path = live_path
        self.empty_where = where
        self.table.selectionModel().blockSignals(True)
        self.model.set_runs(rows)
        self.select_paths(keep, emit=False)
        self.table.selectionModel().blockSignals(False)
        if len(rows) <= 200:    # cheap for a few hundred rows; the changes column takes the rest
            for col in FITTED:
                self.table.resizeColumnToContents(col)
        self._update_buttons()
        self._set_hint()
        if keep != self.selected_paths():
            self.selection_changed.emit(self.selected_paths())

    def paths(self) -> list[str]:
        """Every run's folder, in the order shown."""
        return [self.proxy.index(r, 0).data(PATH_ROLE) for r in range(self.proxy.rowCount())]

    def selected_paths(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.proxy.index(r, 0).data(PATH_ROLE) for r in rows]

    def select_paths(self, paths, emit: bool = True) -> None:
        """Select exactly these runs (those still listed)."""
        wanted = set(paths)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(PATH_ROLE) in wanted:
                selection.select(self.proxy.index(r, 0), flags)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._update_buttons()
        if emit:
            self.selection_changed.emit(self.selected_paths())

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected_paths())

    def _update_buttons(self) -> None:
        n = len(self.selected_paths())
        for key, _text, need in ACTIONS:
            self.buttons[key].setEnabled(self.enabled_for(key, n))

    def enabled_for(self, key: str, count: int) -> bool:
        need = dict((k, n) for k, _t, n in ACTIONS)[key]
        return count == 1 if need == 1 else (1 <= count <= 2 if need == 2 else count >= 1)

    def request(self, key: str) -> None:
        paths = self.selected_paths()
        if self.enabled_for(key, len(paths)):
            self.action_requested.emit(key, paths)

    def _context_menu(self, pos) -> None:
        menu = self.context_menu()
        if menu.actions():
            menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The per-run actions for the selection (the buttons' twins)."""
        menu = QMenu(self)
        n = len(self.selected_paths())
        if n:
            for key, text, _need in ACTIONS:
                action = menu.addAction(_tr(text), lambda k=key: self.request(k))
                action.setObjectName(f"run_action_{key}")
                action.setEnabled(self.enabled_for(key, n))
        return menu
