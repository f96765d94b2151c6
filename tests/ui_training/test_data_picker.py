"""The user's own data from the window: a CSV file and a folder of images, picked, dropped, previewed, trained."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from .conftest import _chain, _node, wait_idle

SPECIES = ["setosa"] * 20 + ["virginica"] * 14 + ["versicolor"] * 6


def write_csv(path: Path) -> dict:
    """A table with three numeric columns, a text column and the class; returns the class counts."""
    rng = np.random.default_rng(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["petal_length", "petal_width", "noise", "species"])
        for i, name in enumerate(SPECIES):
            k = ["setosa", "virginica", "versicolor"].index(name)
            w.writerow([f"{k + rng.normal(0, 0.1):.3f}", f"{k * 0.5 + rng.normal(0, 0.1):.3f}",
                        f"{rng.normal():.3f}", name])
    return {name: SPECIES.count(name) for name in ("setosa", "versicolor", "virginica")}


def write_images(root: Path, counts: dict[str, int], size: int = 8) -> None:
    """One folder per class of small PNGs: a ring for the first class, a cross for the second, in varied colours."""
    rng = np.random.default_rng(1)
    for c, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            im = Image.new("RGB", (size, size), tuple(int(v) for v in rng.integers(200, 256, 3)))
            draw = ImageDraw.Draw(im)
            colour = tuple(int(v) for v in rng.integers(0, 160, 3))
            m = size // 5 + int(rng.integers(0, max(1, size // 8)))
            if c == 0:
                draw.ellipse([m, m, size - m, size - m], outline=colour, width=max(1, size // 8))
            else:
                draw.line([m, m, size - m, size - m], fill=colour, width=max(1, size // 8))
                draw.line([m, size - m, size - m, m], fill=colour, width=max(1, size // 8))
            im.save(root / name / f"{i}.png")


def empty_project(input_shape, out_features: int, name: str = "Mine") -> dict:
    nodes = [_node("input", "Input", 0, shape=input_shape), _node("flat", "Flatten", 200),
             _node("fc", "Linear", 400, out_features=out_features), _node("out", "Output", 600)]
    if len(input_shape) == 1:
        nodes.pop(1)
    return {"format": "netstudio-project", "version": 1, "name": name,
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "classify"}, "data": {},
            "training": {"epochs": 1, "batch_size": 8, "threads": 1, "device": "cpu", "seed": 0,
                         "snapshot_every": 0.05, "optimizer": {"type": "adam", "lr": 0.01}}}


def open_new(window, tmp_path, data: dict, folder: str = "proj") -> Path:
    path = tmp_path / folder / "mine.nsproj"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_project(str(path))
    return path


def widen(qtbot, window) -> None:
    """A training dock wide enough for a readable screenshot (the preview lays out at this width)."""
    window.docks["training"].raise_()      # it shares a tab with the inspector
    window.resizeDocks([window.docks["training"]], [480], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.training.panel.width() >= 400, timeout=5000)


def shoot(qtbot, panel, name: str) -> None:
    """Save the panel once its layout has caught up with what was just shown (layout requests are queued)."""
    qtbot.waitUntil(lambda: panel.height() >= panel.minimumSizeHint().height(), timeout=5000)
    if Path("/tmp/shots").is_dir():
        panel.grab().save(f"/tmp/shots/{name}.png")


def choose(box, value) -> None:
    box.setCurrentIndex(box.findData(value))


def train_one_epoch(qtbot, window):
    c = window.training
    assert c.start(), c.last_error
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    return c.last_end


def test_pick_a_csv_choose_columns_preview_and_train(qtbot, trained_window, tmp_path, monkeypatch):
    w = trained_window
    path = open_new(w, tmp_path, empty_project([2], 3))
    counts = write_csv(path.parent / "data" / "flowers.csv")
    panel = w.training.panel
    widen(qtbot, w)
    assert panel.dataset.currentIndex() == -1 and panel.dataset.currentText() == ""   # no dataset yet
    choose(panel.dataset, "csv")
    assert w.document.project.data["dataset"] == "csv"
    assert "Choose the CSV file" in panel.problem_label.text()                      # said at once, not at Train
    assert not panel.show_preview()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path.parent / "data" / "flowers.csv"), "")))
    panel.data.source.browse.click()
    options = w.document.project.data["options"]
    assert options == {"path": "data/flowers.csv", "delimiter": ";"}              # relative, delimiter guessed
    src = panel.data.source
    assert [src.target.itemText(i) for i in range(src.target.count())] == ["petal_length", "petal_width", "noise",
                                                                             "species"]
    assert src.target.currentData() == "species" and src.isVisibleTo(panel)
    noise = src.features.findItems("noise", Qt.MatchFlag.MatchExactly)[0]
    noise.setCheckState(Qt.CheckState.Unchecked)
    assert w.document.project.data["options"]["features"] == ["petal_length", "petal_width"]
    assert panel.check() == ""
    assert panel.show_preview()
    assert panel.preview.shown_kind == "table"
    assert panel.preview.shown_counts == counts                                    # 20 / 6 / 14 as written
    assert "setosa: 20" in panel.data.counts.text() and "40 samples" in panel.data.counts.text()
    assert "petal_length, petal_width" in panel.preview.text.toPlainText()
    shoot(qtbot, panel, "data_picker_csv")
    end = train_one_epoch(qtbot, w)
    assert end.step == 4 and "1 epoch" in end.message          # 32 training rows (80 % of 40), batches of 8


def test_validation_as_you_type(qtbot, trained_window, tmp_path):
    w = trained_window
    path = open_new(w, tmp_path, empty_project([2], 3))
    write_csv(path.parent / "flowers.csv")
    panel = w.training.panel
    choose(panel.dataset, "csv")
    src = panel.data.source
    qtbot.keyClicks(src.path, "nowhere.csv")
    assert "does not exist" in panel.problem_label.text() and "nowhere.csv" in panel.problem_label.text()
    src.path.clear()
    qtbot.keyClicks(src.path, "flowers.csv")
    assert panel.problem_label.text() == ""
    assert w.document.project.data["options"]["path"] == "flowers.csv"
    panel.edit("data", ("options", "target"), "colour", "test")
    assert "'colour' is not a column" in panel.problem_label.text()
    (path.parent / "flat").mkdir()
    (path.parent / "flat" / "a.png").write_bytes(b"")
    choose(panel.dataset, "image_folder")
    qtbot.keyClicks(panel.data.source.path, "flat")
    assert "one sub-folder of images per class" in panel.problem_label.text()
    assert not w.training.start()                                                # Train refuses with that line


def test_pick_an_image_folder_rgb_preview_and_train(qtbot, trained_window, tmp_path, monkeypatch):
    w = trained_window
    path = open_new(w, tmp_path, empty_project([1, 24, 24], 2))
    folder = path.parent / "photos"
    write_images(folder, {"rings": 10, "crosses": 8}, size=24)
    panel = w.training.panel
    widen(qtbot, w)
    choose(panel.dataset, "image_folder")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    panel.data.source.browse.click()
    assert w.document.project.data == {"dataset": "image_folder", "options": {"path": "photos"}}
    src = panel.data.source
    assert "24 × 24 pixels" in src.image_size.text() and src.colour.currentData() == 1
    choose(src.colour, 3)                                                        # RGB: the Input node follows
    assert w.document.project.graph("model").node("input").params["shape"] == [3, 24, 24]
    assert panel.show_preview()
    pv = panel.preview
    assert pv.shown_kind == "image" and pv.shown_counts == {"crosses": 8, "rings": 10}
    assert sorted(set(pv.shown_labels)) == ["crosses", "rings"] and len(pv.shown_labels) == 14  # the training split
    rows, cols = pv.image.image.shape[:2]
    ncol = (cols - 12) // 36
    assert rows == -(-14 // ncol) * 36 + 12                        # all 14 shown, in as many rows as they need
    assert [item.toPlainText() for item in pv.labels[:14]] == pv.shown_labels   # every class name fits, uncut
    assert "crosses: 8 · rings: 10 (18 samples in all)" in panel.data.counts.text()
    panel.data.advanced.set_open(True)
    shoot(qtbot, panel, "data_picker_images")
    end = train_one_epoch(qtbot, w)
    assert end.step == 2 and "1 epoch" in end.message          # 14 training images, two batches


def drop_on(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(widget.width() // 2, widget.height() // 3)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)


def test_drop_a_folder_on_the_panel(qtbot, trained_window, tmp_path):
    w = trained_window
    path = open_new(w, tmp_path, empty_project([1, 8, 8], 2))
    write_images(path.parent / "set", {"bright": 3, "dark": 3})
    panel = w.training.panel
    drop_on(panel, [path.parent / "set"])
    assert w.document.project.data == {"dataset": "image_folder", "options": {"path": "set"}}
    assert panel.dataset.currentData() == "image_folder" and panel.check() == ""
    w.document.undo_stack.undo()                                                 # one undo step
    assert w.document.project.data == {}
    csv_path = tmp_path / "elsewhere" / "t.csv"
    write_csv(csv_path)
    drop_on(panel.data, [csv_path])                                              # on the Data group: the same
    assert w.document.project.data["options"]["path"] == str(csv_path)           # outside the project: absolute


def test_save_as_keeps_the_data_paths_pointing_at_the_same_files(qtbot, trained_window, tmp_path):
    w = trained_window
    path = open_new(w, tmp_path, empty_project([2], 3))
    write_csv(path.parent / "data" / "flowers.csv")
    w.training.panel.data.source.use_path(str(path.parent / "data" / "flowers.csv"))
    assert w.document.project.data["options"]["path"] == "data/flowers.csv"
    other = tmp_path / "other" / "copy.nsproj"
    other.parent.mkdir()
    w.ask_save_path = lambda *a: str(other)
    assert w.save_as()
    stored = json.loads(other.read_text())["data"]["options"]["path"]
    assert Path(stored) == (path.parent / "data" / "flowers.csv").resolve()       # no longer inside: absolute
    assert w.training.panel.data.source.path.text() == stored
    w.ask_save_path = lambda *a: str(path.parent / "back.nsproj")
    assert w.save_as()
    assert json.loads((path.parent / "back.nsproj").read_text())["data"]["options"]["path"] == "data/flowers.csv"


def test_dataset_box_shows_no_dataset_the_project_lacks(qtbot, trained_window):
    w = trained_window
    assert w.new_project()
    panel = w.training.panel
    assert w.document.project.data == {}
    assert panel.dataset.currentIndex() == -1 and panel.dataset.currentText() == ""
    assert panel.dataset.placeholderText() == "choose a dataset"
    assert w.document.project.data == {}                                         # showing it changed nothing


@pytest.fixture(autouse=True)
def _one_thread(one_torch_thread):
    yield


def test_file_new_from_a_template_and_empty(qtbot, trained_window, monkeypatch):
    from netstudio.ui.new_project import NewProjectDialog, template_files

    w = trained_window
    seen = []

    def pick(choice):
        def exec_(dialog):
            assert dialog.select(choice)
            dialog.show()
            qtbot.waitExposed(dialog)
            seen.append(dialog.list.count())
            if Path("/tmp/shots").is_dir() and choice != "":
                dialog.grab().save("/tmp/shots/new_from_template.png")
            return NewProjectDialog.DialogCode.Accepted
        monkeypatch.setattr(NewProjectDialog, "exec", exec_)

    templates = {p.stem: str(p) for p in template_files()}
    assert len(templates) == 7
    pick(templates["image_classifier"])
    w.actions_["new"].trigger()
    project = w.document.project
    assert seen == [8]                                   # seven templates and Empty
    assert project.name == "Image classifier" and project.path is None
    assert [n.type for n in project.graph("model")][:2] == ["Input", "Conv2d"]
    assert w.training.panel.dataset.currentData() == "mnist10k" and w.training.panel.check() == ""
    pick("")
    w.welcome.new_requested.emit()
    assert w.document.project.name == "Untitled" and len(w.document.project.graph("model").nodes) == 0
    assert w.training.panel.dataset.currentIndex() == -1


def test_every_augmentation_and_normalisation_reaches_the_engine(qtbot, trained_window, write_project):
    from netstudio.training.augment import build_transforms
    from netstudio.training.config import AUGMENTS, parse_data

    from .conftest import cnn_project

    w = trained_window
    assert w.open_project(write_project(cnn_project()))
    data = w.training.panel.data
    adv = data.advanced
    assert not adv.body.isVisible()                       # rarely used: folded away
    adv.toggle.click()
    assert adv.body.isVisibleTo(data)
    data.rotation.setValue(15)
    data.crop.setValue(2)
    data.flip.setChecked(True)
    adv.flip_p.setValue(0.3)
    adv.scale_min.setValue(0.9)
    adv.scale_max.setValue(1.2)
    adv.jitter["brightness"].setValue(0.2)
    adv.jitter["contrast"].setValue(0.1)
    aug = w.document.project.data["augment"]
    assert aug == {"rotation": 15, "random_crop": 2, "horizontal_flip": 0.3, "affine_scale": [0.9, 1.2],
                   "color_jitter": {"brightness": 0.2, "contrast": 0.1}}
    assert set(aug) == set(AUGMENTS) and build_transforms(parse_data(w.document.project.data).augment, (1, 28, 28))
    data.normalize.setCurrentIndex(data.normalize.findData("custom"))
    assert w.document.project.data["normalize"] == {"mean": [0.0], "std": [1.0]}
    adv.mean.clear()
    qtbot.keyClicks(adv.mean, "0.13")
    adv.std.clear()
    qtbot.keyClicks(adv.std, "0.31")
    assert w.document.project.data["normalize"] == {"mean": [0.13], "std": [0.31]}
    data.normalize.setCurrentIndex(data.normalize.findData("none"))
    assert w.document.project.data["normalize"] == "none"
    adv.on_device.setChecked(False)
    assert w.document.project.data["on_device"] is False and w.training.panel.check() == ""
    w.document.undo_stack.undo()
    assert "on_device" not in w.document.project.data and adv.on_device.isChecked()   # undo follows


def test_csv_without_header_row_and_a_regression_target_range(tmp_path):
    """The engine side of the header and delimiter options; a regression preview shows the targets' range."""
    import netstudio
    from netstudio.training.datasets import preview_samples

    from .conftest import _chain, _node

    rows = [f"{i};{i * 0.5};{2 * i + 1}" for i in range(20)]
    (tmp_path / "plain.csv").write_text("\n".join(rows) + "\n")
    nodes = [_node("x", "Input", 0, shape=[2]), _node("fc", "Linear", 200, out_features=1), _node("y", "Output", 400)]
    project = netstudio.project_from_dict({
        "format": "netstudio-project", "version": 1, "name": "r",
        "graphs": {"model": {"nodes": nodes, "edges": _chain(["x", "fc", "y"])}}, "task": {"type": "regress"},
        "data": {"dataset": "csv", "options": {"path": str(tmp_path / "plain.csv"), "header": False,
                                               "delimiter": ";"}}})
    preview = preview_samples(project)
    assert preview["columns"] == ["column 1", "column 2"] and preview["size"] == 20       # all 20 rows are data
    assert preview["target_range"] == (1.0, 39.0)
    x = np.asarray(preview["x"])
    np.testing.assert_allclose(x[:, 1], x[:, 0] * 0.5, atol=1e-4)    # rows in the file's units, not normalised
    assert set(np.round(x[:, 0]).astype(int)) <= set(range(20))
