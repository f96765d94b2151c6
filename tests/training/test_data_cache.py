"""The image cache (decode once, invalidate on change, survive damage and read-only folders) and streaming."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from netstudio.training.config import parse_data, parse_task
from netstudio.training.datasets import LazyImages, load_dataset
from netstudio.training.datasets import image_cache, image_folder
from netstudio.training.datasets.image_cache import CACHE_DIR_NAME
from netstudio.training.datasets.streaming import BatchSource
from netstudio.training.engine import Trainer

from .conftest import chain, fake_cifar_root, fake_mnist_root, make_project

COUNT = 60   # images per class, 3 classes: 180 tiny files


@pytest.fixture
def folder(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    root = tmp_path / "pictures"
    for c, name in enumerate(("circle", "cross", "square")):
        (root / name).mkdir(parents=True)
        for i in range(COUNT):
            pixels = rng.integers(0, 60, (10, 10, 3), dtype=np.uint8)
            pixels[2:8, 2 + c * 2:4 + c * 2] = 250
            Image.fromarray(pixels).save(root / name / f"{i:03d}.png")
    return root


@pytest.fixture
def decodes(monkeypatch):
    """Counts image decodes (the folders here are small enough to decode in this process)."""
    calls = []
    real = image_folder.load_image

    def counting(path, channels, size):
        calls.append(path)
        return real(path, channels, size)

    monkeypatch.setattr(image_folder, "load_image", counting)
    return calls


def load(root, shape=(3, 8, 8), task="classify", **data):
    cfg = parse_data({"dataset": "image_folder", "options": {"path": str(root)}, **data})
    return load_dataset(cfg, parse_task({"type": task}), input_shape=shape)


def cache_files(root):
    return sorted(p.name for p in (root / CACHE_DIR_NAME).glob("*") if not p.name.startswith(".tmp"))


def test_second_load_decodes_nothing_and_gives_the_same_images(folder, decodes):
    first = load(folder)
    assert len(decodes) == 3 * COUNT
    assert len([f for f in cache_files(folder) if f.endswith(".npy")]) == 1
    second = load(folder)
    assert len(decodes) == 3 * COUNT            # a cache hit: not one file decoded again
    assert torch.equal(first.train.x, second.train.x) and torch.equal(first.test.y, second.test.y)
    assert first.train.x.shape[1:] == (3, 8, 8) and first.class_names == ["circle", "cross", "square"]


@pytest.mark.parametrize("change", ["add", "remove", "touch", "size", "grey"])
def test_a_changed_folder_or_input_is_decoded_again(folder, decodes, change):
    from PIL import Image

    load(folder)
    shape = (3, 8, 8)
    if change == "add":
        Image.new("RGB", (10, 10)).save(folder / "cross" / "new.png")
    elif change == "remove":
        (folder / "square" / "000.png").unlink()
    elif change == "touch":
        path = folder / "circle" / "005.png"
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    elif change == "size":
        shape = (3, 6, 6)
    else:
        shape = (1, 8, 8)
    before = len(decodes)
    bundle = load(folder, shape=shape)
    assert len(decodes) - before == {"add": 3 * COUNT + 1, "remove": 3 * COUNT - 1}.get(change, 3 * COUNT)
    assert bundle.train.x.shape[1:] == shape
    # the entry of the same Input size that can never hit again is removed; another size keeps its own
    assert len([f for f in cache_files(folder) if f.endswith(".npy")]) == (2 if change in ("size", "grey") else 1)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "index"])
def test_a_damaged_cache_is_ignored_and_rebuilt(folder, decodes, damage):
    good = load(folder)
    npy = next((folder / CACHE_DIR_NAME).glob("*.npy"))
    if damage == "truncate":
        npy.write_bytes(npy.read_bytes()[:-100])
    elif damage == "garbage":
        npy.write_bytes(b"not a numpy file")
    else:
        npy.with_suffix(".json").write_text("{")
    again = load(folder)
    assert len(decodes) == 2 * 3 * COUNT
    assert torch.equal(good.train.x, again.train.x)
    assert load(folder) is not None and len(decodes) == 2 * 3 * COUNT     # the rebuilt entry hits


def test_a_read_only_folder_caches_in_the_user_cache(folder, decodes, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    real = image_cache._can_write
    monkeypatch.setattr(image_cache, "_can_write", lambda d: CACHE_DIR_NAME not in str(d) and real(d))
    load(folder)
    load(folder)
    assert len(decodes) == 3 * COUNT
    assert not (folder / CACHE_DIR_NAME).exists()
    assert len(list((tmp_path / "xdg" / "netstudio" / "image-cache").rglob("*.npy"))) == 1


@pytest.mark.parametrize("task", ["classify", "autoencode"])
def test_streaming_and_in_memory_give_identical_batches(folder, task):
    in_memory = load(folder, task=task)
    streamed = load(folder, task=task, memory_budget_mb=0.004)     # 4 KB: far below the 180 images
    assert in_memory.mode == "memory" and streamed.mode == "streaming"
    assert isinstance(streamed.train.x, LazyImages) and not isinstance(in_memory.train.x, LazyImages)
    assert in_memory.mean == streamed.mean and in_memory.std == streamed.std
    for name in ("train", "val", "test"):
        a, b = in_memory.splits()[name], streamed.splits()[name]
        assert torch.equal(a.x, b.x[:]) and torch.equal(a.y, b.y[:] if isinstance(b.y, LazyImages) else b.y)
    perm = torch.randperm(len(in_memory.train), generator=torch.Generator().manual_seed(7))
    memory = BatchSource(in_memory.train, torch.device("cpu"))
    stream = BatchSource(streamed.train, torch.device("cpu"), workers=1)
    try:
        for first in (0, 2):     # from the start, and resumed inside the epoch
            got = list(stream.epoch(perm, 32, first, 5))
            want = list(memory.epoch(perm, 32, first, 5))
            assert len(got) == len(want) == 5 - first
            for (xa, ya), (xb, yb) in zip(want, got):
                assert torch.equal(xa, xb) and torch.equal(ya, yb)
                if task == "autoencode":
                    assert torch.equal(yb, xb) and yb.data_ptr() != xb.data_ptr()   # its own target tensor
    finally:
        stream.close()


def _cnn_project(root, budget=None, augment=None):
    graph = chain([("image", "Input", {"shape": [3, 8, 8]}), ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}),
                   ("relu", "ReLU", {}), ("flat", "Flatten", {}), ("fc", "Linear", {"out_features": 3}),
                   ("logits", "Output", {})])
    data = {"dataset": "image_folder", "options": {"path": str(root)}, "augment": augment or {}}
    if budget is not None:
        data["memory_budget_mb"] = budget
    return make_project({"model": graph}, {"type": "classify"}, data,
                        {"epochs": 2, "batch_size": 16, "optimizer": {"type": "adam", "lr": 0.01}})


def _train(project, recorder=None):
    trainer = Trainer(project, run_dir=False)
    if recorder is not None:
        trainer.subscribe(recorder)
    end = trainer.run()
    assert end.kind == "finished", end.message
    return trainer, end


def test_a_tiny_budget_streams_and_trains_to_the_same_weights(folder, recorder):
    augment = {"horizontal_flip": True, "random_crop": {"padding": 1}}
    memory, _ = _train(_cnn_project(folder, augment=augment))
    streamed, end = _train(_cnn_project(folder, budget=0.004, augment=augment), recorder)
    started = recorder.of("started")[0]
    assert recorder.events[0] is started and started.data_mode == "streaming"
    assert any("streamed from the cache file" in n and "memory budget" in n for n in started.notes)
    assert started.to_json()["data_mode"] == "streaming"
    # same seed, same shuffles, same augmentation draws: the same model to the last bit
    for key, value in memory.task.modules["model"].state_dict().items():
        assert torch.equal(value, streamed.task.modules["model"].state_dict()[key]), key
    assert [e.train_loss for e in recorder.of("epoch")] == [h["train_loss"] for h in memory.history]
    assert end.metrics["acc"] == pytest.approx(memory.result.metrics["acc"])


def test_the_first_event_says_in_memory(folder, recorder):
    _train(_cnn_project(folder), recorder)
    started = recorder.events[0]
    assert started.kind == "started" and started.data_mode == "memory"
    assert any(n.startswith("data in memory") for n in started.notes)


@pytest.mark.parametrize("dataset", ["mnist", "cifar10"])
def test_builtin_sets_use_the_cache_and_stream_over_the_budget(tmp_path, monkeypatch, dataset):
    if dataset == "mnist":
        root, shape = fake_mnist_root(tmp_path / "data"), (1, 28, 28)
        cached = tmp_path / "data" / "MNIST" / "raw" / CACHE_DIR_NAME
    else:
        root, shape = fake_cifar_root(tmp_path / "data"), (3, 32, 32)
        cached = tmp_path / "data" / "cifar-10-batches-bin" / CACHE_DIR_NAME
    options = {"root": str(root), "download": False}
    task = parse_task({"type": "classify"})
    memory = load_dataset(parse_data({"dataset": dataset, "options": options}), task, input_shape=shape)
    assert len(list(cached.glob("*.npy"))) == 1
    streamed = load_dataset(parse_data({"dataset": dataset, "options": options, "memory_budget_mb": 0.01}), task,
                            input_shape=shape)
    assert memory.mode == "memory" and streamed.mode == "streaming"
    for name in ("train", "val", "test"):
        a, b = memory.splits()[name], streamed.splits()[name]
        assert len(a) == len(b) and torch.equal(a.x, b.x[:]) and torch.equal(a.y, b.y)
    index = json.loads(next(cached.glob("*.json")).read_text())
    assert index["shape"][0] == len(memory.train) + len(memory.val) + len(memory.test)


def test_the_budget_setting_is_checked():
    from netstudio.core.errors import ProjectError

    assert parse_data({"dataset": "shapes"}).memory_budget_mb is None
    assert parse_data({"dataset": "shapes", "memory_budget_mb": 512}).memory_budget_mb == 512
    for bad in (0, -5, "lots", float("nan"), True):
        with pytest.raises(ProjectError, match="data.memory_budget_mb must be"):
            parse_data({"dataset": "shapes", "memory_budget_mb": bad})


@pytest.mark.slow
def test_two_ddp_workers_stream_their_shards(folder, tmp_path):
    """torchrun with two gloo workers: each streams its shard of every epoch from the shared cache file."""
    import subprocess
    import sys

    project = _cnn_project(folder, budget=0.004)
    project.training["epochs"] = 1
    path = tmp_path / "ddp.nsproj"
    path.write_text(project.to_json(), encoding="utf-8")
    run_dir = tmp_path / "run"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("NETSTUDIO_TRACEBACK", None)
    done = subprocess.run([sys.executable, "-m", "netstudio", "train", str(path), "--quiet", "--nproc", "2",
                           "--run-dir", str(run_dir)], capture_output=True, text=True, env=env, timeout=300)
    # gloo may abort at exit after the work is done (DESIGN.md): judge by what rank 0 wrote
    assert (run_dir / "checkpoints" / "last.json").exists(), done.stderr
    events = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    started = [e for e in events if e["event"] == "started"]
    assert len(started) == 1 and started[0]["data_mode"] == "streaming"
    train = len(load(folder).train)
    assert [e["step"] for e in events if e["event"] == "epoch"] == [train // 16 + (1 if train % 16 > 1 else 0)]
    assert [e for e in events if e["event"] == "test"][0]["acc"] >= 0.0


def test_a_full_disk_leaves_no_file_and_loads_into_memory(folder, decodes, tmp_path, monkeypatch):
    import errno

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(image_cache, "_reserve", full)
    bundle = load(folder, memory_budget_mb=0.004)     # over the budget, but there is nothing to stream from
    assert bundle.mode == "memory" and len(bundle.train) + len(bundle.val) + len(bundle.test) == 3 * COUNT
    assert len(decodes) == 3 * COUNT
    assert list((folder / CACHE_DIR_NAME).iterdir()) == []                    # no temporary file left behind
    assert not list((tmp_path / "xdg").rglob("*.npy"))
