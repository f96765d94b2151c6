"""The Lessons dock with the real widgets: a lesson opened from its file loads its project as a copy, a
prediction is checked, and the step's checks turn green after the student's edits."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt

from netstudio import project_from_dict
from netstudio.core import editing
from netstudio.core.graph import Node

NODES = [("image", "Input", {"shape": [1, 28, 28]}), ("conv1", "Conv2d", {"out_channels": 32, "kernel_size": 3}),
         ("relu1", "ReLU", {}), ("flatten", "Flatten", {}), ("fc", "Linear", {"out_features": 10}),
         ("logits", "Output", {})]

LESSON = textwrap.dedent('''
    id = "tiny-pool"
    title = { en = "Tiny pooling", zh = "小池化" }
    summary = { en = "Pool a feature map.", zh = "池化一张特征图。" }
    minutes = 5
    [[steps]]
    project = "start.nsproj"
    text = { en = "A 3x3 convolution loses a border.", zh = "3x3 卷积会少一圈边。" }
    action = { en = "Predict conv1's output shape.", zh = "预测 conv1 的输出形状。" }
      [[steps.checks]]
      kind = "prediction"
      question = { en = "conv1's output shape?", zh = "conv1 的输出形状？" }
      answer_from = "output_shape:conv1"
    [[steps]]
    text = { en = "**Max pooling** halves the map.", zh = "**最大池化** 把特征图减半。" }
    action = { en = "Insert a MaxPool2d after relu1.", zh = "在 relu1 之后插入 MaxPool2d。" }
    hints = { en = ["kernel_size = 2", "13 = 26 / 2"], zh = ["kernel_size = 2", "13 = 26 / 2"] }
      [[steps.checks]]
      kind = "output_shape"
      type = "MaxPool2d"
      shape = [32, 13, 13]
      label = { en = "the pool outputs 32x13x13", zh = "池化层输出 32x13x13" }
      [[steps.checks]]
      kind = "param_count"
      max = 60000
      [[steps.checks]]
      kind = "setting"
      key = "training.optimizer"
      equals = "sgd"
    ''')


def write_lesson(folder):
    ids = [n[0] for n in NODES]
    project = project_from_dict({
        "format": "netstudio-project", "version": 1, "name": "Tiny pooling (start)",
        "graphs": {"model": {"nodes": [{"id": i, "type": t, "params": p, "pos": [k * 200, 0]}
                                       for k, (i, t, p) in enumerate(NODES)],
                             "edges": [{"from": a, "to": b} for a, b in zip(ids, ids[1:])]}},
        "task": {"type": "classify"}, "data": {"dataset": "mnist10k"},
        "training": {"epochs": 1, "optimizer": {"type": "adam", "lr": 0.001}}})
    project.save(folder / "start.nsproj")
    (folder / "lesson.toml").write_text(LESSON, encoding="utf-8")
    return folder / "lesson.toml"


def insert_pool(doc):
    """The student's edit: relu1 -> pool1 (MaxPool2d 2) -> flatten."""
    graph = doc.graph("model")
    edge = next(e for e in graph.edges if e.src == "relu1")
    assert doc.edit(editing.disconnect, "model", [edge])
    assert doc.edit(editing.add_node, "model", Node("pool1", "MaxPool2d", {"kernel_size": 2}, (500, 120)),
                    connect_from=("relu1", 0))
    assert doc.edit(editing.connect, "model", "pool1", 0, "flatten", 0)


def test_a_lesson_runs_through_the_panel(window, qtbot, tmp_path):
    path = write_lesson(tmp_path)
    lessons = window.lessons
    panel = lessons.panel
    window.docks["lessons"].show()                               # View > Lessons
    qtbot.waitExposed(panel)
    assert lessons.open_file(str(path))
    assert window.document.project.path is None                 # a copy: the lesson's file stays intact
    assert window.document.project.name == "Tiny pooling (start)"
    assert panel.stack.currentIndex() == 1 and panel.progress.text() == "Step 1 of 2"
    assert "loses a border" in panel.text.text()
    row = panel.rows["1.1"]
    qtbot.waitUntil(lambda: lessons.evaluations >= 1, timeout=60000)    # the shapes came from the shape service
    assert not row.mark.passed and "Type your answer" in row.detail.text()

    row.answer.setText("32x13x13")                               # wrong: the convolution keeps 26
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    assert not row.mark.passed and "the answer is 32x26x26" in row.detail.text()
    row.answer.setText("32 x 26 x 26")
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    assert row.mark.passed and "right" in row.detail.text()
    assert panel.done_label.isVisibleTo(panel)

    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.progress.text() == "Step 2 of 2"
    rows = panel.rows
    qtbot.waitUntil(lambda: "the model has no MaxPool2d yet" in rows["2.1"].detail.text(), timeout=60000)
    assert not any(r.mark.passed for r in rows.values())
    assert "216,650" in rows["2.2"].detail.text()
    assert not panel.hints.isVisibleTo(panel)
    qtbot.mouseClick(panel.hint_button, Qt.MouseButton.LeftButton)
    assert "kernel_size = 2" in panel.hints.text() and "13 = 26" not in panel.hints.text()

    insert_pool(window.document)                                 # the shape and the count turn green
    qtbot.waitUntil(lambda: rows["2.1"].mark.passed and rows["2.2"].mark.passed, timeout=60000)
    assert "32x13x13" in rows["2.1"].detail.text() and "54,410" in rows["2.2"].detail.text()
    assert not rows["2.3"].mark.passed and not panel.done_label.isVisibleTo(panel)

    training = dict(window.document.project.training, optimizer={"type": "sgd", "lr": 0.1})
    window.document.project.set_section("training", training)   # as the Training panel does
    qtbot.waitUntil(lambda: rows["2.3"].mark.passed, timeout=30000)
    assert panel.done_label.isVisibleTo(panel)

    assert window.document.edit(editing.remove, "model", ["pool1"])   # the pool goes again: its checks go grey
    qtbot.waitUntil(lambda: not rows["2.1"].mark.passed, timeout=60000)

    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.progress.text() == "Step 1 of 2" and panel.rows["1.1"].answer.text() == "32 x 26 x 26"
    assert "relu1" in window.document.graph("model")   # Back never reloads (or discards) the project
    assert window.document.project.name == "Tiny pooling (start)"


def test_the_list_shows_the_shipped_lessons_in_the_interface_language(window):
    from netstudio.ui import app as appmod

    lessons = window.lessons
    assert lessons.lessons, "no shipped lesson"
    first = lessons.lessons[0]
    assert lessons.panel.list.item(0).text().startswith(first.text("title", "en"))
    window.actions_["lang_zh_CN"].trigger()
    assert appmod.current_language() == "zh_CN"
    assert lessons.panel.list.item(0).text().startswith(first.text("title", "zh"))
    assert lessons.dock.windowTitle() and lessons.dock.toggleViewAction() in window.menus["view"].actions()


def test_a_bad_lesson_file_is_one_sentence(window, tmp_path):
    path = write_lesson(tmp_path)
    path.write_text(LESSON.replace("shape = [32, 13, 13]", "shape = 13"), encoding="utf-8")
    assert not window.lessons.open_file(str(path))
    text = window.lessons.panel.list_error.text()
    assert "steps[2].checks[1].shape" in text and str(path) in text and "\n" not in text


RUN_LESSON = textwrap.dedent('''
    id = "tiny-train"
    title = { en = "Train it", zh = "训练" }
    [[steps]]
    project = "start.nsproj"
    text = { en = "Train the model twice, once with SGD.", zh = "训练两次。" }
      [[steps.checks]]
      kind = "metric"
      name = "val_acc"
      min = 0.9
      [[steps.checks]]
      kind = "runs"
      min = 1
    ''')


def write_run(folder, project, val_acc):
    """A finished run folder as the engine writes it (run.json through RunRecord, the metrics.jsonl lines)."""
    import json
    import time

    from netstudio.training.run_history import run_slug
    from netstudio.training.run_record import RunRecord

    run = folder / f"{run_slug(project.name)}-{time.strftime('%Y%m%d-%H%M%S')}"
    run.mkdir(parents=True)
    (run / "project.nsproj").write_text(project.to_json(), encoding="utf-8")
    record = RunRecord(run, project)
    now = time.time()
    for line in ({"event": "started", "time": now, "device": "cpu"},
                 {"event": "epoch", "epoch": 1, "step": 5, "val_acc": val_acc, "val_loss": 0.3},
                 {"event": "finished", "step": 5, "seconds": 1.0, "time": now + 1}):
        with open(run / "metrics.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")
        record.observe(line)


def test_run_checks_turn_green_when_a_run_ends(window, qtbot, tmp_path):
    write_lesson(tmp_path)
    (tmp_path / "lesson.toml").write_text(RUN_LESSON, encoding="utf-8")
    window.training.run_root = tmp_path / "runs"                  # where this window's runs go
    lessons = window.lessons
    assert lessons.open_file(str(tmp_path / "lesson.toml"))
    rows = lessons.panel.rows
    qtbot.waitUntil(lambda: "no finished run" in rows["1.1"].detail.text(), timeout=60000)
    assert "0 finished run(s)" in rows["1.2"].detail.text()
    write_run(tmp_path / "runs", window.document.project, 0.95)
    window.training.run_ended.emit(None)                          # as the training controller does at the end
    qtbot.waitUntil(lambda: rows["1.1"].mark.passed and rows["1.2"].mark.passed, timeout=30000)
    assert "0.95" in rows["1.1"].detail.text()


def test_the_shipped_mlp_lesson_starts_from_the_welcome_view(window, qtbot):
    """View > Lessons on the welcome view, pick the MLP lesson, Start: its project opens as a copy and the first
    prediction (Flatten's output size) is checked."""
    lessons = window.lessons
    assert window.document is None
    window.docks["lessons"].toggleViewAction().trigger()
    assert window.docks["lessons"].isVisible()
    row = next(i for i, l in enumerate(lessons.lessons) if l.id == "mlp-digits")
    start = lessons.lessons[row].step_project(0)
    before = start.read_bytes()
    lessons.panel.list.setCurrentRow(row)
    qtbot.mouseClick(lessons.panel.start_button, Qt.MouseButton.LeftButton)
    assert window.document is not None and window.document.project.path is None
    assert window.docks["lessons"].isVisible() and lessons.panel.progress.text().startswith("Step 1 of ")
    key = lessons.lesson.steps[0].checks[0].key
    answer = lessons.panel.rows[key]
    answer.answer.setText("784")
    qtbot.waitUntil(lambda: lessons.evaluations >= 1, timeout=60000)
    qtbot.mouseClick(answer.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answer.mark.passed, timeout=30000)
    assert start.read_bytes() == before                       # the lesson's own file is never written
