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
