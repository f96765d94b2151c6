"""The lesson engine: reading lesson.toml, and every check kind passing and failing with a sentence that says
what it saw (shapes from the compiler, runs from real run folders, typed predictions)."""

import json
import textwrap

import pytest

from netstudio import project_from_dict
from netstudio.lessons import (Check, LessonError, evaluate, load_lesson, parse_number, parse_shape,
                               shipped_lessons)
from netstudio.lessons.history import LessonRun, project_runs

NODES = [("image", "Input", {"shape": [1, 28, 28]}), ("conv1", "Conv2d", {"out_channels": 32, "kernel_size": 3}),
         ("relu1", "ReLU", {}), ("flatten", "Flatten", {}), ("fc", "Linear", {"out_features": 10}),
         ("logits", "Output", {})]


def _project(nodes=NODES, training=None, name="Lesson test"):
    ids = [n[0] for n in nodes]
    data = {"format": "netstudio-project", "version": 1, "name": name,
            "graphs": {"model": {"nodes": [{"id": i, "type": t, "params": p, "pos": [k * 150, 0]}
                                           for k, (i, t, p) in enumerate(nodes)],
                                 "edges": [{"from": a, "to": b} for a, b in zip(ids, ids[1:])]}},
            "task": {"type": "classify"}, "data": {"dataset": "mnist10k"},
            "training": training if training is not None else {"epochs": 1, "optimizer": {"type": "adam", "lr": 0.001}}}
    return project_from_dict(data)


def _pooled():
    nodes = list(NODES)
    nodes.insert(3, ("pool1", "MaxPool2d", {"kernel_size": 2}))
    return _project(nodes)


def check(kind, **fields):
    return Check(kind, fields, key="1.1")


def test_contains_passes_and_fails_with_the_count():
    assert evaluate(check("contains", type="Conv2d"), _project()).passed
    r = evaluate(check("contains", type="Dropout"), _project())
    assert not r.passed and r.detail == "the model has 0 Dropout layers"
    r = evaluate(check("contains", type="ReLU", max=0), _project())    # "no ReLU left"
    assert not r.passed and "1 ReLU layer" in r.detail


def test_output_shape_compares_the_inferred_shape():
    r = evaluate(check("output_shape", node="conv1", shape=[32, 13, 13]), _project())
    assert not r.passed and r.detail == "conv1 outputs 32x26x26, the step wants 32x13x13"
    assert evaluate(check("output_shape", type="MaxPool2d", index=0, shape=[32, 13, 13]), _pooled()).passed
    r = evaluate(check("output_shape", type="MaxPool2d", shape=[32, 13, 13]), _project())
    assert not r.passed and r.detail == "the model has no MaxPool2d yet"
    r = evaluate(check("output_shape", type="Conv2d", index=1, shape=[64, 11, 11]), _project())
    assert not r.passed and r.detail == "the model has no 2nd Conv2d yet"


def test_output_shape_of_a_disconnected_node_says_so():
    p = _project()
    p.graph("model").remove_edge(p.graph("model").edges[0])
    r = evaluate(check("output_shape", node="conv1", shape=[32, 26, 26]), p)
    assert not r.passed and r.detail.startswith("conv1 has no shape yet")


def test_param_count_is_the_total_of_the_layers():
    # conv1: 32*1*3*3 + 32 = 320; fc: 32*26*26*10 + 10 = 216,330
    r = evaluate(check("param_count", max=60000), _project())
    assert not r.passed and r.detail == "the model has 216,650 parameters (wanted <= 60,000)"
    r = evaluate(check("param_count", max=60000), _pooled())                       # 320 + 5408*10 + 10
    assert r.passed and "54,410" in r.detail
    assert evaluate(check("param_count", node="conv1", min=320, max=320), _project()).passed


def test_node_param_reads_the_value_or_the_layer_default():
    nodes = NODES[:4] + [("drop", "Dropout", {"p": 0.1})] + NODES[4:]
    r = evaluate(check("node_param", type="Dropout", param="p", min=0.2, max=0.6), _project(nodes))
    assert not r.passed and r.detail == "drop.p = 0.1 (wanted >= 0.2, <= 0.6)"
    nodes[4] = ("drop", "Dropout", {"p": 0.5})
    assert evaluate(check("node_param", node="drop", param="p", equals=0.5), _project(nodes)).passed
    nodes[4] = ("drop", "Dropout", {})     # unset: PyTorch's default p = 0.5
    assert evaluate(check("node_param", type="Dropout", param="p", min=0.2, max=0.6), _project(nodes)).passed


def test_connected_fails_on_a_shape_error_and_passes_when_fixed():
    bad = [n if n[0] != "fc" else ("fc", "Conv1d", {"out_channels": 4, "kernel_size": 3}) for n in NODES]
    r = evaluate(check("connected"), _project(bad))
    assert not r.passed and r.detail.startswith("fc: ")
    assert evaluate(check("connected"), _project()).detail == "every layer is connected and has a shape"


def test_setting_takes_equals_min_max_and_defaults():
    p = _project(training={"optimizer": {"type": "sgd", "lr": 0.1}, "weight_decay": 0.0})
    r = evaluate(check("setting", key="training.optimizer", equals="adam"), p)
    assert not r.passed and r.detail == "training.optimizer is sgd (wanted = adam)"
    assert evaluate(check("setting", key="training.optimizer.type", equals="SGD"), p).passed
    assert evaluate(check("setting", key="training.optimizer", equals="sgd"), p).passed
    r = evaluate(check("setting", key="training.weight_decay", min=1e-5), p)
    assert not r.passed and r.detail == "training.weight_decay is 0 (wanted >= 1e-05)"
    # not in the file: the default NetStudio trains with (5 epochs)
    assert evaluate(check("setting", key="training.epochs", equals=5), p).passed
    r = evaluate(check("setting", key="data.augment.rotation", min=5), p)
    assert not r.passed and r.detail == "data.augment.rotation is not set"


def test_a_list_setting_compares_element_by_element():
    p = _project(training={"optimizer": {"type": "adam", "lr": 2e-4, "betas": [0.5, 0.999]}})
    assert evaluate(check("setting", key="training.optimizer.betas", equals=[0.5, 0.999]), p).passed
    assert not evaluate(check("setting", key="training.optimizer.betas", equals=[0.9, 0.999]), p).passed
    assert not evaluate(check("setting", key="training.optimizer.betas", equals=[0.5]), p).passed


def _run(acc, loss, status="finished", optimizer="adam"):
    epochs = [{"event": "epoch", "epoch": i + 1, "val_acc": a, "val_loss": l} for i, (a, l) in enumerate(zip(acc, loss))]
    return LessonRun(status, {"training": {"optimizer": {"type": optimizer}}}, epochs)


def test_metric_latest_and_best():
    runs = [_run([0.90, 0.95], [0.4, 0.3]), _run([0.97, 0.96], [0.2, 0.25], optimizer="sgd")]   # newest first
    r = evaluate(check("metric", name="val_accuracy", min=0.97), None, runs)
    assert not r.passed and r.detail == "the latest run's val_acc is 0.95 (wanted >= 0.97)"
    assert evaluate(check("metric", name="val_acc", min=0.97, run="best"), None, runs).passed
    assert evaluate(check("metric", name="val_loss", max=0.21, run="best"), None, runs).passed
    r = evaluate(check("metric", name="val_acc", min=0.5), None, [_run([0.99], [0.1], status="failed")])
    assert not r.passed and r.detail.startswith("no finished run has logged val_acc yet")


def test_runs_counts_finished_runs_and_distinct_settings():
    same = [_run([0.9], [0.3]), _run([0.9], [0.3])]
    assert evaluate(check("runs", min=2), None, same).passed
    r = evaluate(check("runs", min=2, differ="training.optimizer"), None, same)
    assert not r.passed and r.detail == "1 finished run(s) with different training.optimizer (wanted 2)"
    assert evaluate(check("runs", min=2, differ="training.optimizer"), None, same[:1] + [_run([0.9], [0.3], optimizer="sgd")]).passed


def test_prediction_is_checked_against_the_computed_value():
    shape = check("prediction", question={"en": "?"}, answer_from="output_shape:conv1")
    p = _project()
    assert evaluate(shape, p, answers={}).detail == "type your answer and press Check"
    r = evaluate(shape, p, answers={"1.1": "32 x 13 x 13"})
    assert not r.passed and r.detail == "you said 32x13x13; the answer is 32x26x26"
    assert evaluate(shape, p, answers={"1.1": "[32, 26, 26]"}).passed
    params = check("prediction", question={"en": "?"}, answer_from="params")
    assert evaluate(params, p, answers={"1.1": "216,650"}).passed
    conv = check("prediction", question={"en": "?"}, answer_from="params:conv1")
    assert evaluate(conv, p, answers={"1.1": "320"}).passed
    near = check("prediction", question={"en": "?"}, answer_from="value", value=0.5, tolerance=0.05)
    assert evaluate(near, p, answers={"1.1": "0.53"}).passed
    assert not evaluate(near, p, answers={"1.1": "abc"}).passed


def test_details_in_chinese():
    r = evaluate(check("output_shape", node="conv1", shape=[32, 13, 13]), _project(), lang="zh_CN")
    assert r.detail == "conv1 输出 32x26x26，本步要求 32x13x13"


def test_typed_answers_parse():
    assert parse_number("1,234") == 1234 and parse_number("97%") == 0.97 and parse_number("x") is None
    assert parse_shape("32×13×13") == (32, 13, 13) and parse_shape("(10,)") == (10,) and parse_shape("a") is None


def test_runs_are_read_from_the_project_run_folders(tmp_path):
    from netstudio.training.run_record import RunRecord

    p = _project()
    p.save(tmp_path / "lesson.nsproj")
    folder = tmp_path / "runs" / "lesson_test-20261203-120000"
    folder.mkdir(parents=True)
    (folder / "project.nsproj").write_text(p.to_json(), encoding="utf-8")
    record = RunRecord(folder, p)
    lines = [{"event": "started", "time": 1.0, "device": "cpu"},
             {"event": "epoch", "epoch": 1, "step": 10, "val_acc": 0.91, "val_loss": 0.3},
             {"event": "finished", "step": 10, "seconds": 2.0, "time": 3.0}]
    with open(folder / "metrics.jsonl", "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line) + "\n")
            record.observe(line)
    runs = project_runs(p)
    assert len(runs) == 1 and runs[0].done and runs[0].setting("training.optimizer.type") == "adam"
    assert evaluate(check("metric", name="val_acc", min=0.9), p, runs).detail == \
        "the latest run's val_acc is 0.91 (wanted >= 0.9)"


# ----- the file -----
GOOD = textwrap.dedent('''
    id = "tiny"
    title = { en = "Tiny", zh = "小" }
    minutes = 3
    [[steps]]
    text = { en = "Add **pooling**." }
    project = "start.nsproj"
      [[steps.checks]]
      kind = "output_shape"
      node = "conv1"
      shape = [32, 13, 13]
    ''')


def _write(tmp_path, text):
    (tmp_path / "start.nsproj").write_text(_project().to_json(), encoding="utf-8")
    path = tmp_path / "lesson.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lesson_file_loads(tmp_path):
    lesson = load_lesson(_write(tmp_path, GOOD))
    assert lesson.text("title", "zh_CN") == "小" and lesson.text("title", "en") == "Tiny"
    assert lesson.steps[0].checks[0].key == "1.1" and lesson.step_project(0) == tmp_path / "start.nsproj"
    assert lesson.steps[0].checks[0].label_text("en") == "conv1 outputs 32x13x13"


@pytest.mark.parametrize("bad, field", [
    (GOOD.replace('shape = [32, 13, 13]', 'shape = "32x13x13"'), "steps[1].checks[1].shape"),
    (GOOD.replace('kind = "output_shape"', 'kind = "shape"'), "steps[1].checks[1].kind"),
    (GOOD.replace('node = "conv1"', ''), "steps[1].checks[1].node"),
    (GOOD.replace('project = "start.nsproj"', 'project = "missing.nsproj"'), "steps[1].project"),
    (GOOD.replace('minutes = 3', 'minutes = "3"'), "minutes"),
    (GOOD.replace('title = { en = "Tiny", zh = "小" }', 'title = { fr = "Petit" }'), "title"),
    (GOOD.replace('[[steps]]', '[[stepz]]'), "steps"),
    (GOOD + 'kind = "x"\n', "steps[1].checks[1]"),   # not TOML: a key defined twice
])
def test_a_bad_file_names_the_field(tmp_path, bad, field):
    with pytest.raises(LessonError) as info:
        load_lesson(_write(tmp_path, bad))
    message = str(info.value)
    assert str(tmp_path / "lesson.toml") in message and "\n" not in message
    if "not valid TOML" not in message:
        assert f": {field}: " in message, message


def test_shipped_lessons_load_with_both_languages():
    lessons = shipped_lessons()
    assert lessons, "no shipped lesson found"
    for lesson in lessons:
        assert lesson.text("title", "en") and lesson.text("title", "zh") != lesson.text("title", "en")
        assert lesson.step_project(0) is not None and lesson.step_project(0).is_file()
