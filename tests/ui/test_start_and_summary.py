"""The window always starts: damaged recovery files and corrupt projects end in one line inside a usable
window, never in a traceback on every launch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from netstudio.ui import launch
from netstudio.ui.main_window import MainWindow
from netstudio.ui.recovery import find_recoverable, recovery_dir

from .helpers import SAMPLES


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _recovery_payload(**fields) -> dict:
    project = json.loads((SAMPLES / "mnist_cnn.nsproj").read_text(encoding="utf-8"))
    payload = {"format": "netstudio-recovery", "pid": _dead_pid(), "saved_at": time.time(),
               "original_path": None, "project": project}
    payload.update(fields)
    return payload


@pytest.fixture
def started(qtbot, monkeypatch):
    """``launch.start_window`` as ``netstudio [PROJECT]`` runs it, with dialogs replaced by recorders."""
    errors: list[str] = []
    offered: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, message: errors.append(message))
    monkeypatch.setattr(MainWindow, "ask_save", lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(MainWindow, "ask_restore",
                        lambda self, name, when: offered.append(name) or QMessageBox.StandardButton.Ignore)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_window installs its own

    def start(path=None):
        window = launch.start_window(path)
        qtbot.addWidget(window)
        window.errors, window.offered = errors, offered
        return window
    return start


def _assert_usable(window) -> None:
    """The window is up, shows no half-opened project, and still opens a good file."""
    assert window.isVisible() and window.document is None
    assert window.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    assert "conv1" in window.document.graph("model")


@pytest.mark.parametrize("case", ["pid text", "pid null", "pid negative", "pid huge", "saved_at 1e300",
                                  "saved_at text", "saved_at nan", "project list", "original_path number",
                                  "deep nesting", "not json", "not utf-8", "a list", "a fifo"])
def test_a_damaged_recovery_file_is_set_aside_and_the_window_starts(started, case):
    folder = recovery_dir()
    folder.mkdir(parents=True)
    path = folder / "123-1.nsrecovery"
    texts = {
        "pid text": _recovery_payload(pid="abc"), "pid null": _recovery_payload(pid=None),
        "pid negative": _recovery_payload(pid=-1), "pid huge": _recovery_payload(pid=10**30),
        "saved_at 1e300": _recovery_payload(saved_at=1e300), "saved_at text": _recovery_payload(saved_at="yesterday"),
        "saved_at nan": _recovery_payload(saved_at=float("nan")), "project list": _recovery_payload(project=[1, 2]),
        "original_path number": _recovery_payload(original_path=7), "a list": [1, 2, 3],
    }
    if case in texts:
        path.write_text(json.dumps(texts[case]), encoding="utf-8")
    elif case == "deep nesting":   # json.loads raises RecursionError
        path.write_text('{"format": "netstudio-recovery", "project": ' + "[" * 100_000 + "]" * 100_000 + "}")
    elif case == "not json":
        path.write_text('{"format": "netstudio-recovery", "pid": ')
    elif case == "not utf-8":
        path.write_bytes(b"\xff\xfe\x00\x01")
    elif case == "a fifo":         # reading it would block the start for ever
        os.mkfifo(path)
    window = started()
    damaged = folder / "123-1.nsrecovery.damaged"
    assert not path.exists() and os.path.lexists(damaged)
    assert window.statusBar().currentMessage() == f"A damaged recovery file was set aside: {damaged}"
    assert window.errors == [] and window.offered == []
    _assert_usable(window)
    window.close_project()
    again = started()            # said once: the next start finds nothing to say
    assert again.statusBar().currentMessage() == "" and find_recoverable() == []


def test_a_good_recovery_file_beside_a_damaged_one_is_still_offered(started):
    folder = recovery_dir()
    folder.mkdir(parents=True)
    (folder / "1-1.nsrecovery").write_text(json.dumps(_recovery_payload(saved_at="yesterday")))
    (folder / "2-1.nsrecovery").write_text(json.dumps(_recovery_payload()))
    window = started()
    assert window.offered == ["MNIST CNN"]
    assert (folder / "1-1.nsrecovery.damaged").exists() and (folder / "2-1.nsrecovery").exists()


def test_a_recovery_file_that_fails_to_restore_is_set_aside(started, monkeypatch):
    folder = recovery_dir()
    folder.mkdir(parents=True)
    payload = _recovery_payload()
    payload["project"]["graphs"]["model"]["nodes"][1]["type"] = "NoSuchLayer"
    (folder / "3-1.nsrecovery").write_text(json.dumps(payload))
    monkeypatch.setattr(MainWindow, "ask_restore", lambda self, name, when: QMessageBox.StandardButton.Yes)
    window = started()
    assert len(window.errors) == 1 and "NoSuchLayer" in window.errors[0]
    assert window.errors[0].endswith(f"(set aside as {folder / '3-1.nsrecovery.damaged'})")
    assert find_recoverable() == []
    _assert_usable(window)


CORRUPT = {
    "deeply nested": "[" * 200_000 + "]" * 200_000,
    "nested inside a node": '{"format": "netstudio-project", "version": 1, "graphs": {"model": {"nodes": ['
                            + "[" * 5000 + "]" * 5000 + '], "edges": []}}}',
    "truncated": (SAMPLES / "mnist_cnn.nsproj").read_text(encoding="utf-8")[:300],
    "huge integer": '{"format": "netstudio-project", "version": ' + "9" * 5000 + "}",
    "binary": "\x00\x01\x02",
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_netstudio_with_a_corrupt_project_starts_with_one_line(started, tmp_path, case):
    path = tmp_path / "bad.nsproj"
    path.write_text(CORRUPT[case], encoding="utf-8")
    window = started(str(path))
    assert len(window.errors) == 1 and "\n" not in window.errors[0] and str(path) in window.errors[0]
    _assert_usable(window)


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_opening_a_corrupt_project_from_the_window_says_why(window, tmp_path, case):
    path = tmp_path / "bad.nsproj"
    path.write_text(CORRUPT[case], encoding="utf-8")
    assert window.open_project(str(path)) is False
    assert len(window.errors) == 1 and "\n" not in window.errors[0] and str(path) in window.errors[0]
    _assert_usable(window)


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), TypeError("bad"),
                                   MemoryError()])
def test_an_error_that_slips_past_the_file_checks_still_ends_in_a_dialog(window, tmp_path, monkeypatch, error):
    """Should a file ever get past load_project's checks with an unexpected error, the user still gets a
    message and a usable window (open_project once raised out of the menu action)."""
    import netstudio

    path = tmp_path / "odd.nsproj"
    path.write_text("{}", encoding="utf-8")
    real = netstudio.load_project
    monkeypatch.setattr(netstudio, "load_project", lambda p: (_ for _ in ()).throw(error) if p == str(path)
                        else real(p))
    assert window.open_project(str(path)) is False
    assert window.errors == [f"{path}: cannot read it ({type(error).__name__}{': ' + str(error) if str(error) else ''})"]
    _assert_usable(window)


def test_a_project_the_editor_cannot_show_leaves_the_window_usable(window, tmp_path, monkeypatch):
    from netstudio.ui import main_window

    def broken_scene(*args, **kwargs):
        raise ValueError("cannot draw this")
    monkeypatch.setattr(main_window, "GraphScene", broken_scene)
    assert window.open_project(str(SAMPLES / "mnist_cnn.nsproj")) is False
    assert window.errors == [f"{SAMPLES / 'mnist_cnn.nsproj'}: cannot read it (ValueError: cannot draw this)"]
    assert window.document is None and window.tabs.count() == 0
    monkeypatch.undo()
    _assert_usable(window)


def test_sample_info_survives_deep_nesting(tmp_path):
    from netstudio.ui.welcome import sample_info

    path = tmp_path / "deep.nsproj"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert sample_info(path) == ("deep", "")
    path.write_text("[1, 2]")
    assert sample_info(path) == ("deep", "")


# ----- the editor stays fast -----
@pytest.mark.parametrize("size", [12345678901234567890, 10**19 + 7, 2**64 - 59, 99999999999999999999])
def test_a_20_digit_input_size_is_answered_at_once(cnn_window, size):
    """The Unflatten hint once searched sqrt(n) sides: a 20-digit vector size froze the window."""
    from netstudio.core import editing

    doc = cnn_window.document
    started = time.perf_counter()
    doc.edit(editing.set_param, "model", "image", "shape", [size])
    doc.infer_now()
    elapsed = time.perf_counter() - started
    problems = [cnn_window.summary.problems.item(i).text() for i in range(cnn_window.summary.problems.count())]
    assert elapsed < 5, elapsed
    assert any("Unflatten" in p or str(size) in p for p in problems), problems


def test_square_image_shape_is_bounded_and_still_finds_images():
    from netstudio.layers.common import square_image_shape

    assert square_image_shape(784) == [1, 28, 28] and square_image_shape(3 * 32 * 32) == [3, 32, 32]
    assert square_image_shape(7) is None and square_image_shape(0) is None and square_image_shape(-4) is None
    started = time.perf_counter()
    for n in (10**19 + 7, 2**64 - 59, 10**400 + 1, 12345678901234567890):
        square_image_shape(n)
    assert time.perf_counter() - started < 0.5


def test_summary_is_a_model_view_table_that_never_measures_its_contents(cnn_window):
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtWidgets import QHeaderView

    table = cnn_window.summary.table
    assert isinstance(table.model(), QAbstractTableModel)
    modes = [table.horizontalHeader().sectionResizeMode(c) for c in range(4)]
    assert QHeaderView.ResizeMode.ResizeToContents not in modes
    assert table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.model().data(table.model().index(rows["fc"], 3)) == "54,090"


def test_a_parameter_edit_updates_only_the_changed_rows_in_one_batch(cnn_window):
    from netstudio.core import editing

    doc, model = cnn_window.document, cnn_window.summary.table.model()
    changed, resets = [], []
    model.dataChanged.connect(lambda first, last, roles=(): changed.append((first.row(), last.row())))
    model.modelReset.connect(lambda: resets.append(1))
    rows = {model.rows[r][0]: r for r in range(model.rowCount())}
    doc.edit(editing.set_param, "model", "fc", "out_features", 20)
    doc.infer_now()
    assert resets == [] and len(changed) == 1
    first, last = changed[0]
    assert first <= rows["fc"] <= last
    assert cnn_window.summary.table.item(rows["fc"], 3).text() == f"{5408 * 20 + 20:,}"
    doc.edit(editing.remove, "model", ["logits"])  # a node less: the rows are replaced in one reset
    doc.infer_now()
    assert resets == [1] and model.rowCount() == len(doc.graph("model"))
    assert "logits" not in [r[0] for r in model.rows]


def test_summary_shows_errors_in_red_with_the_message(cnn_window):
    from PySide6.QtCore import Qt

    from netstudio.core import editing

    doc, model = cnn_window.document, cnn_window.summary.table.model()
    doc.edit(editing.set_param, "model", "conv1", "kernel_size", 99)
    doc.infer_now()
    row = [r[0] for r in model.rows].index("conv1")
    index = model.index(row, 2)
    assert model.data(index) == "error"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).color().name() == "#d3302f"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == doc.cached_infos("model")["conv1"].error
    assert "kernel" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def _chain_project(path, nodes: int) -> None:
    from netstudio.core.graph import Edge, Graph, Node
    from netstudio.core.project import Project

    g = Graph("model")
    g.add_node(Node("x", "Input", {"shape": [8]}))
    prev = "x"
    for i in range(1, nodes):
        g.add_node(Node(f"n{i}", "ReLU", {}, pos=((i % 50) * 220.0, (i // 50) * 120.0)))
        g.add_edge(Edge(prev, f"n{i}"))
        prev = f"n{i}"
    Project("chain", {"model": g}).save(path)


def test_opening_a_3000_node_chain_with_every_dock_open_is_quick(window, tmp_path):
    """It took 64 s in the real window (21 s for 1,000 nodes): the summary table measured every cell."""
    path = tmp_path / "chain.nsproj"
    _chain_project(path, 3000)
    started = time.perf_counter()
    assert window.open_project(str(path))
    window.document.infer_now()
    elapsed = time.perf_counter() - started
    assert window.summary.table.rowCount() == 3000 and window.docks["summary"].isVisible()
    assert elapsed < 20, elapsed   # about 2 s on an idle laptop; generous for a busy shared machine
