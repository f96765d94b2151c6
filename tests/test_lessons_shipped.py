"""The nine shipped lessons: each loads in both languages; every graph and settings check passes on the lesson's
solution project and at least one fails on its start project; every prediction has a computable answer; the
metric names the lessons check are logged by a real (tiny) training of the solution; and, opt-in (``long``), the
student's path through each lesson trained for real makes every metric and runs check pass."""

from __future__ import annotations

import copy
import json
import time

import pytest

from netstudio import load_project, project_from_dict
from netstudio.lessons import evaluate, load_lesson, shipped_dir, shipped_lessons
from netstudio.lessons.checks import check_prediction, shape_str, true_answer
from netstudio.lessons.history import project_runs

IDS = ["mlp-digits", "conv-pooling", "overfitting", "optimizers-race", "lstm-text", "autoencoder", "dcgan",
       "residual-vanishing", "attention-transformer"]
PROJECT_KINDS = ("contains", "output_shape", "param_count", "node_param", "connected", "setting")
RUN_KINDS = ("metric", "runs")


def _lesson(lesson_id):
    return load_lesson(shipped_dir() / lesson_id / "lesson.toml")


def _checks(lesson, kinds):
    return [c for step in lesson.steps for c in step.checks if c.kind in kinds]


def test_the_nine_lessons_are_shipped_in_course_order():
    assert [lesson.id for lesson in shipped_lessons()] == IDS


@pytest.mark.parametrize("lesson_id", IDS)
def test_lesson_is_complete_in_english_and_chinese(lesson_id):
    lesson = _lesson(lesson_id)
    assert 4 <= len(lesson.steps) <= 8 and lesson.solution and lesson.file(lesson.solution).is_file()
    assert lesson.steps[0].project and lesson.step_project(0).is_file()
    for field in ("title", "summary"):
        en, zh = lesson.text(field, "en"), lesson.text(field, "zh")
        assert en and zh and en != zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), field
    for i, step in enumerate(lesson.steps, 1):
        for name in ("text", "action"):
            texts = getattr(step, name)
            assert texts.get("en") and texts.get("zh") and texts["en"] != texts["zh"], f"step {i} {name}"
        assert len(step.hints.get("en", [])) == len(step.hints.get("zh", [])) >= 1, f"step {i} hints"
        for check in step.checks:
            assert check.label.get("en") and check.label.get("zh"), f"step {i} check {check.key} label"
            if check.kind == "prediction":
                assert check.get("question").get("zh"), f"step {i} question"
    # every kind of check the course needs is used somewhere
    kinds = {c.kind for step in lesson.steps for c in step.checks}
    assert kinds & set(PROJECT_KINDS) and kinds & set(RUN_KINDS)


@pytest.mark.parametrize("lesson_id", IDS)
def test_project_checks_pass_on_the_solution_and_one_fails_on_the_start(lesson_id):
    lesson = _lesson(lesson_id)
    solution, start = load_project(lesson.file(lesson.solution)), load_project(lesson.step_project(0))
    checks = _checks(lesson, PROJECT_KINDS)
    assert checks
    for check in checks:
        result = evaluate(check, solution)
        assert result.passed, f"{lesson_id} check {check.key} ({check.kind}) fails on the solution: {result.detail}"
    failing = [c.key for c in checks if not evaluate(c, start).passed]
    assert failing, f"{lesson_id}: every project check already passes on the start project"


@pytest.mark.parametrize("lesson_id", IDS)
def test_predictions_have_an_answer_and_check_the_typed_one(lesson_id):
    lesson = _lesson(lesson_id)
    solution = load_project(lesson.file(lesson.solution))
    for check in _checks(lesson, ("prediction",)):
        truth, why = true_answer(check, solution)
        assert truth is not None, f"{lesson_id} check {check.key}: {why}"
        typed = shape_str(truth) if isinstance(truth, tuple) else str(truth)
        assert check_prediction(check, typed, truth).passed
        wrong = shape_str(tuple(d + 1 for d in truth)) if isinstance(truth, tuple) else str(truth * 2 + 1)
        assert not check_prediction(check, wrong, truth).passed


def test_predictions_are_the_course_numbers():
    """The numbers the lesson texts work out by hand are the ones the engine computes."""
    def truth(lesson_id, key):
        lesson = _lesson(lesson_id)
        check = next(c for s in lesson.steps for c in s.checks if c.key == key)
        project = load_project(lesson.file(lesson.solution))
        return true_answer(check, project)[0]

    assert truth("mlp-digits", "1.1") == (784,) and truth("mlp-digits", "4.1") == 101_770
    assert truth("conv-pooling", "1.1") == (32, 26, 26) and truth("conv-pooling", "4.1") == (64, 11, 11)
    assert truth("lstm-text", "1.1") == (64, 32)
    assert truth("dcgan", "1.1") == (32, 14, 14)
    # values typed in the lesson file, checked against the model they describe
    lstm = load_project(_lesson("lstm-text").file("solution.nsproj"))
    lstm_params = evaluate(_check("param_count", node="lstm1", min=82944, max=82944), lstm)
    assert lstm_params.passed, lstm_params.detail
    conv = load_project(_lesson("conv-pooling").file("solution.nsproj"))
    assert evaluate(_check("param_count", node="conv1", min=320, max=320), conv).passed


def _check(kind, **fields):
    from netstudio.lessons import Check

    return Check(kind, fields, key="0.0")


# ----- training the lessons' projects -----
def _as_lesson_copy(data: dict, folder, name="lesson"):
    """The project the student works on: always the same file, as the Lessons panel's copy is."""
    data = copy.deepcopy(data)
    data["training"] = dict(data.get("training") or {}, threads=1, device="cpu", snapshot_every=None)
    project = project_from_dict(data)
    project.save(folder / f"{name}.nsproj")
    return project


def _train(project, folder, index, **overrides):
    from netstudio.training.engine import Trainer

    run_dir = folder / "runs" / f"lesson-20261203-1200{index:02d}"
    started = time.perf_counter()
    end = Trainer(project, overrides=overrides or None, run_dir=run_dir).run()
    assert end.kind == "finished", getattr(end, "message", end)
    return time.perf_counter() - started


def _data(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lesson_id", IDS)
def test_metric_names_are_logged_by_a_real_tiny_run(lesson_id, tmp_path):
    """A few steps of the solution: each metric check finds its metric in the run (and says its real value)."""
    lesson = _lesson(lesson_id)
    metrics = _checks(lesson, ("metric",))
    assert metrics
    data = _data(lesson.file(lesson.solution))
    data["data"]["split"] = {"val": 0.03, "test": 0.02}    # a quick evaluation: the metric names are the same
    data["task"]["generate_length"] = 10 if data["task"].get("mode") == "next_char" else None
    data["task"] = {k: v for k, v in data["task"].items() if v is not None}
    project = _as_lesson_copy(data, tmp_path)
    _train(project, tmp_path, 0, max_steps=3, epochs=1)
    runs = project_runs(project)
    assert len(runs) == 1 and runs[0].done
    for check in metrics:
        result = evaluate(check, project, runs)
        assert "no finished run" not in result.detail, f"{lesson_id} {check.key}: {result.detail}"
        logged = runs[0].epochs[-1][check.get("name")]
        assert f"{logged:.4g}" in result.detail


# The student's path: per project the lesson loads (a step's ``project``), the settings trained in turn.
# Each entry is (file, [edits]) where an edit turns that file's project into what the student trains.
def _sgd(**kw):
    return lambda d: d["training"].update(optimizer={"type": "sgd", "lr": 0.01, **kw})


def _opt(kind, lr, **extra):
    return lambda d: d["training"].update(optimizer={"type": kind, "lr": lr}, **extra)


def _code(size):
    def edit(d):
        node = next(n for n in d["graphs"]["model"]["nodes"] if n["id"] == "bottleneck")
        node["params"]["out_features"] = size
    return edit


def _same(d):
    return None


PATHS = {
    "mlp-digits": {"start.nsproj": [("solution.nsproj", _same)]},
    "conv-pooling": {"start.nsproj": [("solution.nsproj", _same)]},
    "overfitting": {"start.nsproj": [("start.nsproj", _same), ("solution.nsproj", _same)]},
    "optimizers-race": {"start.nsproj": [
        ("start.nsproj", _same), ("start.nsproj", _sgd(momentum=0.9)), ("start.nsproj", _sgd(momentum=0.9, nesterov=True)),
        ("start.nsproj", _opt("adagrad", 0.01)), ("start.nsproj", _opt("adadelta", 1.0)),
        ("start.nsproj", _opt("rmsprop", 0.001)), ("start.nsproj", _opt("adam", 0.001)), ("solution.nsproj", _same)]},
    "lstm-text": {"start.nsproj": [("solution.nsproj", _same)]},
    "autoencoder": {"start.nsproj": [("solution.nsproj", _code(8)), ("solution.nsproj", _same)]},
    "dcgan": {"start.nsproj": [("solution.nsproj", _same)]},
    "residual-vanishing": {"start.nsproj": [("start.nsproj", _same)],
                           "relu.nsproj": [("relu.nsproj", _same), ("solution.nsproj", _same)]},
    "attention-transformer": {"start.nsproj": [("start.nsproj", _same), ("window_mlp.nsproj", _same),
                                               ("solution.nsproj", _same)]},
}


def walk_lesson(lesson_id, folder) -> tuple[float, dict]:
    """Train the student's path through a lesson; (seconds spent training, {project file: the lesson copy})."""
    lesson = _lesson(lesson_id)
    seconds, copies = 0.0, {}
    for n, (segment, trainings) in enumerate(PATHS[lesson_id].items()):
        sub = folder / f"segment{n}"
        sub.mkdir()
        for i, (source, edit) in enumerate(trainings):
            data = _data(lesson.file(source))
            edit(data)
            project = _as_lesson_copy(data, sub)
            seconds += _train(project, sub, i)
        copies[segment] = project
    return seconds, copies


@pytest.mark.long
@pytest.mark.parametrize("lesson_id", IDS)
def test_the_lesson_runs_to_the_end(lesson_id, tmp_path):
    """Every metric and runs check passes after the student's trainings (the solution's own settings, real data)."""
    lesson = _lesson(lesson_id)
    seconds, copies = walk_lesson(lesson_id, tmp_path)
    print(f"{lesson_id}: {seconds:.0f} s of training")     # docs/lessons_shipped.md lists these (pytest -s)
    for index, step in enumerate(lesson.steps):
        project = copies[lesson.step_project(index).name]
        runs = project_runs(project)
        for check in step.checks:
            if check.kind in RUN_KINDS:
                result = evaluate(check, project, runs)
                assert result.passed, f"{lesson_id} check {check.key}: {result.detail}"


# ----- one shipped lesson through the real Lessons panel -----
@pytest.fixture
def lesson_window(qtbot, tmp_path, monkeypatch):
    """The main window offscreen, its settings and recovery files in tmp_path (never the user's)."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QMessageBox

    QCoreApplication.setOrganizationName("NetStudioTests")
    QCoreApplication.setApplicationName("NetStudioTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("NETSTUDIO_RECOVERY_DIR", str(tmp_path / "recovery"))
    from netstudio.ui.main_window import MainWindow

    w = MainWindow()
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.ask_save = lambda: QMessageBox.StandardButton.Discard
    w.resize(1400, 900)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_conv_pooling_in_the_panel_hides_the_shape_then_turns_green(lesson_window, qtbot):
    from PySide6.QtCore import Qt

    from netstudio.core import editing
    from netstudio.core.graph import Node
    from netstudio.ui.lessons import reveals

    w, lessons = lesson_window, lesson_window.lessons
    w.docks["lessons"].show()
    reveals.clear()
    assert lessons.start(_lesson("conv-pooling"))
    panel, doc = lessons.panel, w.document
    assert doc.project.name == "Convolution and pooling (start)" and doc.project.path is None
    assert reveals.hidden(doc.graph("model").node("conv1"), "shape")      # the student predicts before seeing
    qtbot.waitUntil(lambda: lessons.evaluations >= 1, timeout=60000)
    row = panel.rows["1.1"]
    row.answer.setText("32x28x28")
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    assert not row.mark.passed and "32x26x26" in row.detail.text()
    assert reveals.hidden(doc.graph("model").node("conv1"), "shape")      # a wrong guess reveals nothing
    row.answer.setText("32 x 26 x 26")
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    assert row.mark.passed
    assert not reveals.hidden(doc.graph("model").node("conv1"), "shape")  # the right one shows the shape

    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    row = panel.rows["2.1"]
    row.answer.setText("320")
    qtbot.mouseClick(row.check_button, Qt.MouseButton.LeftButton)
    assert row.mark.passed

    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.progress.text() == "Step 3 of 5"
    rows = panel.rows
    qtbot.waitUntil(lambda: "216,650" in rows["3.2"].detail.text(), timeout=60000)
    assert not rows["3.1"].mark.passed and not rows["3.2"].mark.passed
    graph = doc.graph("model")                                   # the student's edit: relu1 -> maxpool1 -> flatten
    assert doc.edit(editing.disconnect, "model", [next(e for e in graph.edges if e.src == "relu1")])
    assert doc.edit(editing.add_node, "model", Node("maxpool1", "MaxPool2d", {"kernel_size": 2}, (500, 120)),
                    connect_from=("relu1", 0))
    assert doc.edit(editing.connect, "model", "maxpool1", 0, "flatten", 0)
    qtbot.waitUntil(lambda: rows["3.1"].mark.passed and rows["3.2"].mark.passed, timeout=60000)
    assert "32x13x13" in rows["3.1"].detail.text() and "54,410" in rows["3.2"].detail.text()
    assert not w.errors
