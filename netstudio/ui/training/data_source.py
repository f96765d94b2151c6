"""The user's own data in the Data group: a CSV file or a folder of images, picked, dropped or typed.

The path is stored relative to the project file when the data lies in the project's folder (see
``netstudio.training.datasets.paths``); the CSV options (columns, header, delimiter) and the image
options (size and colour follow the model's Input node) are edited here.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QToolButton, QWidget)

from netstudio.core.data_paths import project_dir, resolve, stored_path

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
DELIMITERS = [(",", ","), (";", ";"), ("\t", "Tab"), ("|", "|"), (" ", "Space")]


def sniff(path: Path) -> tuple[str, bool]:
    """(delimiter, has a header row) guessed from the first lines of a CSV file; (",", True) if unsure."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(8192)
    except (OSError, UnicodeDecodeError):
        return ",", True
    first = sample.splitlines()[0] if sample else ""
    delimiter = max((d for d, _ in DELIMITERS[:4]), key=first.count) if first else ","
    if first.count(delimiter) == 0:
        delimiter = ","
    try:
        header = csv.Sniffer().has_header(sample)
    except csv.Error:
        header = True
    return delimiter, header


def dropped_path(urls: list[QUrl]) -> str | None:
    """The first local file or folder among dropped URLs."""
    for url in urls:
        if url.isLocalFile() and url.toLocalFile():
            return url.toLocalFile()
    return None


class DataSource(QWidget):
    """Path, CSV and image options of ``project.data`` for the csv and image_folder datasets."""

    def __init__(self, section) -> None:
        super().__init__(section)
        self.section = section
        self.panel = section.panel
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(self)
        self.path.setClearButtonEnabled(True)
        self.path.setAcceptDrops(False)    # a dropped file goes to the Data group (which stores it), not as text
        self.browse = QToolButton(self)
        self.browse.setText("…")
        path_row = QWidget(self)
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.path_row = path_row
        self.header = QCheckBox(self)
        self.delimiter = QComboBox(self)
        for value, name in DELIMITERS:
            self.delimiter.addItem(name, value)
        self.target = QComboBox(self)
        self.features = QListWidget(self)
        self.features.setMaximumHeight(110)
        self.image_size = QLabel(self)
        self.image_size.setWordWrap(True)
        self.colour = QComboBox(self)
        self.colour.addItem("", 1)
        self.colour.addItem("", 3)
        self.row_labels = {}
        for w in (path_row, self.header, self.delimiter, self.target, self.features, self.image_size, self.colour):
            label = QLabel(self)
            self.row_labels[w] = label
            self.form.addRow(label, w)
        self.columns: list[str] = []
        self._loading = False
        self.path.textEdited.connect(self._path_typed)
        self.browse.clicked.connect(self.pick)
        self.header.toggled.connect(self._header_toggled)
        self.delimiter.currentIndexChanged.connect(self._delimiter_changed)
        self.target.currentIndexChanged.connect(self._target_changed)
        self.features.itemChanged.connect(self._features_changed)
        self.colour.currentIndexChanged.connect(self._colour_changed)

    def retranslate(self) -> None:
        names = {self.path_row: self.tr("File or folder"), self.header: self.tr("Header"),
                 self.delimiter: self.tr("Delimiter"), self.target: self.tr("Target column"),
                 self.features: self.tr("Feature columns"), self.image_size: self.tr("Image size"),
                 self.colour: self.tr("Colour")}
        for w, text in names.items():
            self.row_labels[w].setText(text)
        self.header.setText(self.tr("The first row names the columns"))
        self.browse.setToolTip(self.tr("Choose the file or folder"))
        self.path.setPlaceholderText(self.tr("Choose, type or drop a path here"))
        self.colour.setItemText(0, self.tr("Grey (1 channel)"))
        self.colour.setItemText(1, self.tr("RGB (3 channels)"))
        self.features.setToolTip(self.tr("The columns the model learns from; the target column is left out."))

    # ----- showing -----
    def load(self, data: dict) -> None:
        dataset = data.get("dataset")
        options = data.get("options") if isinstance(data.get("options"), dict) else {}
        csv_on, images_on = dataset == "csv", dataset == "image_folder"
        self.setVisible(csv_on or images_on)
        self._loading = True
        try:
            path = options.get("path") if isinstance(options.get("path"), str) else ""
            if self.path.text() != path:
                self.path.setText(path)
            self.path.setToolTip(str(resolve(path, self.panel.project.path)) if path else "")
            for w in (self.header, self.delimiter, self.target, self.features):
                self.form.setRowVisible(w, csv_on)
            for w in (self.image_size, self.colour):
                self.form.setRowVisible(w, images_on)
            if csv_on:
                self._load_csv(options)
            if images_on:
                self._load_image_info()
        finally:
            self._loading = False

    def _load_csv(self, options: dict) -> None:
        self.header.setChecked(options.get("header", True) is not False)
        i = self.delimiter.findData(options.get("delimiter", ","))
        self.delimiter.setCurrentIndex(max(i, 0))
        self.columns = self._read_columns(options)
        target = options.get("target", self.columns[-1] if self.columns else None)
        self.target.clear()
        for name in self.columns:
            self.target.addItem(name, name)
        if target is not None and self.target.findData(target) < 0:
            self.target.addItem(str(target), target)      # a name the file lacks stays visible (and is reported)
        self.target.setCurrentIndex(max(self.target.findData(target), 0) if target is not None else -1)
        features = options.get("features")
        self.features.clear()
        for name in self.columns:
            item = QListWidgetItem(name, self.features)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            on = name != target and (features is None or name in features)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if name == target:
                item.setFlags(Qt.ItemFlag.NoItemFlags)   # the target cannot be a feature

    def _read_columns(self, options: dict) -> list[str]:
        from netstudio.core.errors import NetStudioError
        from netstudio.training.datasets.base import Context
        from netstudio.training.datasets.csv_table import read_columns

        base = project_dir(self.panel.project.path) or Path.cwd()
        try:
            return read_columns(options, Context(base_dir=base))
        except (NetStudioError, OSError):
            return []   # the panel's problem line says why (netstudio.training.datasets.validate)

    def input_node(self) -> tuple[str | None, str | None, list | None]:
        """(graph, Input node id, its shape) of the graph whose Input the images are resized to."""
        project = self.panel.project
        task = project.task or {}
        graph_name = task.get("discriminator", "discriminator") if task.get("type") == "gan" \
            else task.get("graph", "model")
        graph = project.graphs.get(graph_name)
        if graph is None:
            return graph_name, None, None
        for node in graph:
            if node.type == "Input":
                from netstudio.layers import require_spec

                return graph_name, node.id, list(require_spec("Input").resolved(node.params)["shape"])
        return graph_name, None, None

    def _load_image_info(self) -> None:
        _, node_id, shape = self.input_node()
        ok = bool(shape) and len(shape) == 3 and shape[0] in (1, 3)
        if ok:
            self.image_size.setText(self.tr("%1 × %2 pixels, from the Input node '%3'")
                                    .replace("%1", str(shape[1])).replace("%2", str(shape[2]))
                                    .replace("%3", node_id))
            self.colour.setCurrentIndex(self.colour.findData(shape[0]))
        else:
            self.image_size.setText(self.tr("The Input node needs the shape [channels, height, width] (now %1)")
                                    .replace("%1", str(shape)))
        self.colour.setEnabled(ok)

    def refresh_image_info(self) -> None:
        """The Input node may have changed (a graph edit): show its size and colour again."""
        project = self.panel.project
        if project is not None and (project.data or {}).get("dataset") == "image_folder":
            self._loading = True
            try:
                self._load_image_info()
            finally:
                self._loading = False

    # ----- choosing a path -----
    @Slot()
    def pick(self) -> bool:
        """Ask for the CSV file (csv) or the folder of images (image_folder) with a file dialog."""
        project = self.panel.project
        if project is None:
            return False
        dataset = (project.data or {}).get("dataset")
        current = self.path.text()
        start = str(resolve(current, project.path)) if current else str(project_dir(project.path) or Path.home())
        if dataset == "image_folder":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder of images (one sub-folder "
                                                                    "per class)"), start)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the CSV file"), start,
                                                    self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"))
        return bool(chosen) and self.use_path(chosen)

    def use_path(self, chosen: str) -> bool:
        """Train on ``chosen``: a folder becomes image_folder, a file csv (guessing its delimiter and header)."""
        project = self.panel.project
        if project is None or self.panel.loading:
            return False
        target = Path(chosen)
        data = copy.deepcopy(project.data or {})
        if target.is_dir():
            dataset, options = "image_folder", {}
        elif target.suffix.lower() in CSV_SUFFIXES:
            delimiter, header = sniff(target)
            dataset, options = "csv", {}
            if delimiter != ",":
                options["delimiter"] = delimiter
            if not header:
                options["header"] = False
        else:
            self.panel.show_problem(self.tr("%1 is neither a folder of images nor a CSV file.")
                                    .replace("%1", str(target)))
            return False
        if dataset == "csv":
            data.pop("augment", None)     # image augmentation means nothing for a table (the engine refuses it)
        data["dataset"] = dataset
        data["options"] = {"path": stored_path(target, project.path), **options}
        self.panel.push("data", data, self.tr("Use %1").replace("%1", target.name))
        return True

    def drop(self, urls: list[QUrl]) -> bool:
        path = dropped_path(urls)
        return bool(path) and self.use_path(path)

    # ----- edits -----
    def _options_edit(self, changes: dict, text: str, field: str | None = None) -> None:
        """Set (or, with None, remove) several data.options at once: one undo step."""
        if self._loading or self.panel.project is None:
            return
        data = copy.deepcopy(self.panel.project.data or {})
        options = data.setdefault("options", {})
        for key, value in changes.items():
            if value is None:
                options.pop(key, None)
            else:
                options[key] = value
        self.panel.push("data", data, text, field)

    def _path_typed(self, text: str) -> None:
        self._options_edit({"path": text.strip() or None}, self.tr("Set the data path"), "data_path")

    def _header_toggled(self, on: bool) -> None:   # other column names: the column choice starts over
        self._options_edit({"header": None if on else False, "target": None, "features": None},
                           self.tr("Set the header row"))

    def _delimiter_changed(self, _i: int) -> None:
        value = self.delimiter.currentData()
        self._options_edit({"delimiter": None if value == "," else value, "target": None, "features": None},
                           self.tr("Set the delimiter"))

    def _target_changed(self, _i: int) -> None:
        target = self.target.currentData()
        if target is None:
            return
        options = (self.panel.project.data or {}).get("options") or {}
        features = options.get("features")
        if isinstance(features, list):
            features = [f for f in features if f != target] or None
        self._options_edit({"target": target, "features": features}, self.tr("Set the target column"))

    def _features_changed(self, _item) -> None:
        if self._loading:
            return
        chosen, others = [], []
        for i in range(self.features.count()):
            item = self.features.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                others.append(item.text())
                if item.checkState() == Qt.CheckState.Checked:
                    chosen.append(item.text())
        self._options_edit({"features": None if chosen == others else chosen}, self.tr("Set the feature columns"))

    def _colour_changed(self, _i: int) -> None:
        if self._loading or self.panel.document is None:
            return
        graph, node_id, shape = self.input_node()
        channels = self.colour.currentData()
        if node_id is None or not shape or len(shape) != 3 or shape[0] == channels:
            return
        from netstudio.core import editing

        self.panel.document.edit(editing.set_param, graph, node_id, "shape", [channels, shape[1], shape[2]])
