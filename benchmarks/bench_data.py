"""Image folders: parallel decode into the cache, the cached second load, and streaming against in-memory training.

    python benchmarks/bench_data.py [--images 20000] [--size 32] [--epochs 1] [--rounds 2]

Writes a folder of ``--images`` small RGB PNGs (10 classes) into a temporary directory, then measures,
in this one run:

1. first load: the old way (one thread decodes every file, as ``image_folder`` did before the cache)
   against today's (a pool of processes decodes straight into the cache file) -> ratio;
2. second load: the cache hit (``image_folder.load``, and the whole ``load_dataset`` with its split and
   float conversion); target under 1 s;
3. training samples/s of a small CNN on the same data, held in memory against streamed from the cache
   (``data.memory_budget_mb`` tiny) -> ratio; target streaming at least 0.8x in-memory.

Training uses 1 torch thread (stated again in the output), the decode pool one process per core and
the DataLoader ``stream_workers()`` worker processes. Each training mode runs ``--rounds`` times,
interleaved, and the best counts (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the decode pool's processes)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def make_folder(root: Path, images: int, size: int) -> None:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    for i in range(images):
        c = i % 10
        folder = root / f"class{c}"
        folder.mkdir(parents=True, exist_ok=True)
        pixels = rng.integers(0, 80, (size, size, 3), dtype=np.uint8)
        pixels[:, c * size // 10:(c + 1) * size // 10] = 230       # a bar whose place is the class
        Image.fromarray(pixels).save(folder / f"{i:05d}.png", compress_level=1)


def project(root: Path, size: int, epochs: int, budget_mb: float | None):
    import netstudio

    def node(i, t, p):
        return {"id": i, "type": t, "params": p, "pos": [0, 0]}

    nodes = [node("image", "Input", {"shape": [3, size, size]}),
             node("conv", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
             node("relu", "ReLU", {}), node("pool", "MaxPool2d", {"kernel_size": 2}), node("flat", "Flatten", {}),
             node("fc", "Linear", {"out_features": 10}), node("logits", "Output", {})]
    graph = {"nodes": nodes, "edges": [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])]}
    data = {"dataset": "image_folder", "options": {"path": str(root)}}
    if budget_mb is not None:
        data["memory_budget_mb"] = budget_mb
    return netstudio.project_from_dict({
        "format": "netstudio-project", "version": 1, "name": "bench-data", "graphs": {"model": graph},
        "task": {"type": "classify"}, "data": data,
        "training": {"epochs": epochs, "batch_size": 64, "device": "cpu", "snapshot_every": None, "threads": 1,
                     "optimizer": {"type": "adam", "lr": 0.002}}})


def train_rate(root: Path, size: int, epochs: int, budget_mb: float | None) -> tuple[float, str]:
    """Training samples per second over the epochs (the epoch events' own seconds: no loading, no test)."""
    from netstudio.training.engine import Trainer

    trainer = Trainer(project(root, size, epochs, budget_mb), run_dir=False)
    seconds: list[float] = []
    mode: list[str] = []
    trainer.subscribe(lambda e: seconds.append(e.seconds) if e.kind == "epoch" else
                      mode.append(e.data_mode) if e.kind == "started" else None)
    end = trainer.run()
    if end.kind != "finished":
        raise SystemExit(f"training failed: {end.message}")
    samples = len(trainer.data.train) * epochs
    return samples / sum(seconds), mode[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20000)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    import numpy as np
    import torch

    from netstudio.training.config import parse_data, parse_task
    from netstudio.training.datasets import Context, load_dataset
    from netstudio.training.datasets import image_folder as F
    from netstudio.training.datasets.image_cache import CACHE_DIR_NAME
    from netstudio.training.datasets.streaming import stream_workers

    torch.set_num_threads(1)
    tmp = Path(tempfile.mkdtemp(prefix="netstudio-bench-data-"))
    try:
        root = tmp / "images"
        t = time.perf_counter()
        make_folder(root, args.images, args.size)
        print(f"{args.images:,} PNGs of {args.size}x{args.size} RGB written in {time.perf_counter() - t:.1f} s "
              f"({os.cpu_count()} CPU cores; load average {os.getloadavg()[0]:.1f})")
        shape = (3, args.size, args.size)
        ctx = Context("classify", shape, tmp)
        _, files, _, _ = F.list_images(root)
        print(f"threads: decode pool {F.decode_workers(len(files))} process(es); training 1 torch thread; "
              f"streaming DataLoader {stream_workers()} worker process(es)")

        # 1. first load: the old single-thread decode against the pool writing the cache
        out = np.empty((len(files), *shape), np.uint8)
        cpu0 = cpu_seconds()
        t = time.perf_counter()
        F.decode_into(out, files, 3, (args.size, args.size), workers=1)
        old = time.perf_counter() - t
        cpu1 = cpu_seconds()
        del out
        shutil.rmtree(root / CACHE_DIR_NAME, ignore_errors=True)
        t = time.perf_counter()
        F.load({"path": str(root)}, ctx)
        first = time.perf_counter() - t
        cpu2 = cpu_seconds()
        print(f"first load:  one thread {old:6.2f} s   parallel + cache write {first:6.2f} s   "
              f"ratio {old / first:5.2f}x")
        print(f"             CPU seconds: one thread {cpu1 - cpu0:5.2f}, parallel (all processes) {cpu2 - cpu1:5.2f} "
              "(a wall ratio near 1 with these near equal: the cores were busy with something else)")

        # 2. second load: the cache hit
        cpu0, t = cpu_seconds(), time.perf_counter()
        F.load({"path": str(root)}, ctx)
        hit, hit_cpu = time.perf_counter() - t, cpu_seconds() - cpu0
        cpu0, t = cpu_seconds(), time.perf_counter()
        load_dataset(parse_data({"dataset": "image_folder", "options": {"path": str(root)}}),
                     parse_task({"type": "classify"}), input_shape=shape)
        whole, whole_cpu = time.perf_counter() - t, cpu_seconds() - cpu0
        print(f"second load: image_folder {hit:6.3f} s, {hit_cpu:5.3f} CPU s (target < 1 s: "
              f"{'met' if hit < 1 else 'NOT met'})   ratio to the one-thread decode {old / hit:6.1f}x")
        print(f"             load_dataset with its split, statistics and float32 conversion {whole:6.3f} s, "
              f"{whole_cpu:5.3f} CPU s")

        # 3. streaming against in-memory training on the same data
        rates: dict[str, float] = {}
        for _ in range(args.rounds):
            for budget in (None, 0.01):
                rate, mode = train_rate(root, args.size, args.epochs, budget)
                rates[mode] = max(rates.get(mode, 0.0), rate)
        ratio = rates["streaming"] / rates["memory"]
        print(f"training (1 torch thread, best of {args.rounds}): in memory {rates['memory']:8.0f} samples/s   "
              f"streaming {rates['streaming']:8.0f} samples/s   ratio {ratio:4.2f}x "
              f"(target >= 0.8: {'met' if ratio >= 0.8 else 'NOT met'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
