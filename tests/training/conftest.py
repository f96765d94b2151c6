"""Tiny projects for engine tests: a few nodes, small data, seconds to train."""

from __future__ import annotations

import gzip
import json
import struct
import threading

import numpy as np
import pytest

import netstudio


def chain(nodes: list[tuple[str, str, dict]]) -> dict:
    """A graph dict from a list of (id, type, params) wired in a line."""
    return {"nodes": [{"id": i, "type": t, "params": p, "pos": [k * 100, 0]} for k, (i, t, p) in enumerate(nodes)],
            "edges": [{"from": a[0], "to": b[0]} for a, b in zip(nodes, nodes[1:])]}


def make_project(graphs: dict, task: dict, data: dict, training: dict | None = None, name: str = "tiny"):
    doc = {"format": "netstudio-project", "version": 1, "name": name, "graphs": graphs, "task": task,
           "data": data, "training": {"epochs": 1, "batch_size": 32, "device": "cpu", "snapshot_every": 0,
                                      "threads": 1,   # fixed: exact-resume tests need one thread count
                                      **(training or {})}}
    return netstudio.project_from_dict(doc)


def points_mlp(dataset: str = "blobs", classes: int = 3, options: dict | None = None, training: dict | None = None,
               out: int | None = None, task: dict | None = None):
    g = chain([("xy", "Input", {"shape": [2]}), ("fc1", "Linear", {"out_features": 16}), ("act", "Tanh", {}),
               ("fc2", "Linear", {"out_features": classes if out is None else out}), ("logits", "Output", {})])
    return make_project({"model": g}, task or {"type": "classify"},
                        {"dataset": dataset, "options": {"samples": 300, **(options or {})}},
                        {"optimizer": {"type": "adam", "lr": 0.05}, **(training or {})})


def mnist_mlp(training: dict | None = None, data: dict | None = None):
    g = chain([("image", "Input", {"shape": [1, 28, 28]}), ("flatten", "Flatten", {}),
               ("fc1", "Linear", {"out_features": 32}), ("relu", "ReLU", {}), ("drop", "Dropout", {"p": 0.2}),
               ("fc2", "Linear", {"out_features": 10}), ("logits", "Output", {})])
    return make_project({"model": g}, {"type": "classify"}, {"dataset": "mnist10k", **(data or {})},
                        {"optimizer": {"type": "adam", "lr": 0.002}, **(training or {})})


def write_idx(path, array: np.ndarray) -> None:
    """Write an IDX file (gzip) the way MNIST ships them."""
    code = {np.uint8: 0x08}[array.dtype.type]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as fh:
        fh.write(header + array.tobytes())


def fake_mnist_root(root, folder: str = "MNIST", n_train: int = 60, n_test: int = 20):
    """A tiny but well-formed MNIST layout under ``root/<folder>/raw`` (digits drawn as bars)."""
    rng = np.random.default_rng(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = (np.arange(n) % 10).astype(np.uint8)
        images = rng.integers(0, 50, (n, 28, 28)).astype(np.uint8)
        for i, lab in enumerate(labels):
            images[i, 4:24, 2 + 2 * lab: 4 + 2 * lab] = 255
        write_idx(root / folder / "raw" / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(root / folder / "raw" / f"{prefix}-labels-idx1-ubyte.gz", labels)
    return root


def fake_cifar_root(root, per_batch: int = 12):
    folder = root / "cifar-10-batches-bin"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
        labels = (np.arange(per_batch) % 10).astype(np.uint8)
        pixels = rng.integers(0, 256, (per_batch, 3072)).astype(np.uint8)
        np.concatenate([labels[:, None], pixels], 1).tofile(folder / name)
    return root


class Recorder:
    """Collects events; lets a test wait for one from another thread without sleeping."""

    def __init__(self) -> None:
        self.events = []
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, kind: str) -> list:
        return [e for e in self.events if e.kind == kind]

    def wait_for(self, predicate, timeout: float = 60.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.events), timeout)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture(autouse=True)
def _small_threads(one_torch_thread):
    yield


def blob_doc(training: dict | None = None, data: dict | None = None, out: int = 3) -> dict:
    """A project dict: a blob classifier that trains in well under a second (for CLI tests that write files)."""
    graph = chain([("xy", "Input", {"shape": [2]}), ("fc1", "Linear", {"out_features": 8}), ("act", "Tanh", {}),
                   ("fc2", "Linear", {"out_features": out}), ("logits", "Output", {})])
    return {"format": "netstudio-project", "version": 1, "name": "blobs", "graphs": {"model": graph},
            "task": {"type": "classify"}, "data": {"dataset": "blobs", "options": {"samples": 120}, **(data or {})},
            "training": {"epochs": 1, "batch_size": 32, "device": "cpu", "snapshot_every": 0, "threads": 1,
                         "optimizer": {"type": "adam", "lr": 0.01}, **(training or {})}}


def write_doc(tmp_path, doc: dict, name: str = "p.nsproj") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc))  # json writes float("nan") as NaN, as a hand-edited file may hold it
    return str(path)


@pytest.fixture
def trained(tmp_path, capsys):
    """(project path, run folder) after one epoch of training."""
    from netstudio.cli import main

    project = write_doc(tmp_path, blob_doc())
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    return project, tmp_path / "run"

