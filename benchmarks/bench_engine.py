"""Engine throughput against a straightforward hand-written PyTorch loop, measured in the same run.

    python benchmarks/bench_engine.py [--epochs 2] [--rounds 3] [--batch-size 64] [--threads N]

For the MNIST MLP and CNN sample graphs on mnist10k's 8,000 training digits (CPU):

* hand-written: ``DataLoader(TensorDataset(x, y), batch_size, shuffle=True)``, Adam, cross-entropy,
  ``running_loss += loss.item()`` every step (what the tutorials write);
* engine: ``Trainer`` with the same model, batch size and optimizer, events and snapshots off;
* engine, everything on: step events at ~20/s to a listener that serialises them to JSON,
  live snapshots every 2 s with activations of every node, conv filters and weight statistics.

Rounds alternate the contenders so that a busy machine slows them alike; the first epoch of every
run is a warm-up and is dropped; the median of the remaining epochs is reported as training steps
per second (validation passes excluded on both sides).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import netstudio  # noqa: E402
from netstudio.training.config import parse_data, parse_task  # noqa: E402
from netstudio.training.datasets import load_dataset  # noqa: E402
from netstudio.training.engine import Trainer  # noqa: E402


def project(name: str, epochs: int, batch: int, snapshots: bool):
    p = netstudio.load_project(ROOT / "sample_projects" / f"{name}.nsproj")
    p.training = {"epochs": epochs, "batch_size": batch, "optimizer": {"type": "adam", "lr": 0.001},
                  "device": "cpu", "seed": 0, "snapshot_every": 2.0 if snapshots else None}
    return p


def hand_written(name: str, epochs: int, batch: int) -> list[float]:
    """Steps per second of each epoch of the textbook loop."""
    data = load_dataset(parse_data({"dataset": "mnist10k"}), parse_task({"type": "classify"}), input_shape=(1, 28, 28))
    torch.manual_seed(0)
    model = netstudio.build_model(project(name, epochs, batch, False))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loader = DataLoader(TensorDataset(data.train.x, data.train.y), batch_size=batch, shuffle=True)
    rates = []
    model.train()
    for _ in range(epochs):
        t = time.perf_counter()
        running_loss = 0.0
        steps = 0
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            running_loss += loss.item()
            steps += 1
        rates.append(steps / (time.perf_counter() - t))
    return rates[1:]   # the first epoch warms up allocator and kernels


def engine(name: str, epochs: int, batch: int, everything: bool) -> list[float]:
    trainer = Trainer(project(name, epochs, batch, everything), run_dir=False)
    if everything:
        trainer.snapshot_nodes = {n.id for n in trainer.project.graph("model")}
        sink = []
        trainer.subscribe(lambda e: sink.append(json.dumps(e.to_json())))
    else:
        trainer.step_event_interval = None
    rates = []
    trainer.subscribe(lambda e: rates.append(trainer.steps_per_epoch / e.seconds) if e.kind == "epoch" else None)
    end = trainer.run()
    if end.kind != "finished":
        raise SystemExit(f"engine run failed: {end.message}")
    return rates[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3, help="per run; the first is a warm-up")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: PyTorch's choice)")
    ap.add_argument("--models", default="mnist_mlp,mnist_cnn")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU thread(s), batch {args.batch_size}, "
          f"{args.epochs} epoch(s) x {args.rounds} round(s) each, mnist10k (8,000 training digits)")
    for name in args.models.split(","):
        results = {"hand": [], "engine": [], "engine_all": []}
        for _ in range(args.rounds):
            results["hand"] += hand_written(name, args.epochs, args.batch_size)
            results["engine"] += engine(name, args.epochs, args.batch_size, everything=False)
            results["engine_all"] += engine(name, args.epochs, args.batch_size, everything=True)
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"\n{name}: training steps per second (median of {len(results['hand'])} epochs)")
        print(f"  hand-written DataLoader loop    {med['hand']:8.1f}")
        print(f"  engine (events, snapshots off)  {med['engine']:8.1f}   {med['engine'] / med['hand']:.2f}x hand-written")
        print(f"  engine (everything on)          {med['engine_all']:8.1f}   {med['engine_all'] / med['hand']:.2f}x "
              f"hand-written")
        overhead = 100 * (med["engine"] / med["engine_all"] - 1)
        print(f"  overhead of events + snapshots: {overhead:+.1f}% per step")


if __name__ == "__main__":
    main()
