"""The engine's automatic thread count against fixed counts, on a deliberately loaded machine.

    python benchmarks/bench_threads.py [--seconds 25] [--burners 1] [--samples mnist_mlp,mnist_cnn,char_lstm]

A second process burns one core (``--burners``) for the whole run, as a browser or another training
run would. Each sample project trains headless for ``--seconds`` at 1 thread, at every core, and
with the automatic choice (``training.threads`` unset); throughput is steps per second of wall time
after the first 3 steps (data loading and model building are excluded the same way for every run;
the automatic run's measuring steps are included: they are what it costs). Each setting runs ``--rounds``
times, interleaved, and the best run counts. Prints each sample's steps/s and the ratio best fixed /
automatic (target: at most 1.2).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _burn() -> None:
    while True:
        pass


def _steps_per_second(sample: str, threads: int | None, seconds: float) -> tuple[float, int | None]:
    import netstudio
    from netstudio.training.engine import Trainer

    data = json.loads((ROOT / "sample_projects" / f"{sample}.nsproj").read_text(encoding="utf-8"))
    data["training"].update({"threads": threads, "device": "cpu", "snapshot_every": None, "epochs": 50})
    project = netstudio.project_from_dict(data)
    trainer = Trainer(project, run_dir=False)
    times: list[float] = []

    def listen(event) -> None:
        if event.kind == "step":
            times.append(time.perf_counter())
            if len(times) == 4:
                threading.Timer(seconds, trainer.stop).start()

    trainer.subscribe(listen)
    trainer.step_event_interval = 0.0        # one step event per step: exact step times
    # a collapsed count may not even reach its fourth step in time: stop it regardless
    limit = threading.Timer(4 * seconds, trainer.stop)
    limit.start()
    trainer.run()
    limit.cancel()
    skip = 3 if len(times) > 5 else 0
    steps = len(times) - 1 - skip
    rate = steps / (times[-1] - times[skip]) if steps > 0 else float("nan")
    return rate, trainer.loop.threads.chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--burners", type=int, default=1)
    parser.add_argument("--samples", default="mnist_mlp,mnist_cnn,char_lstm")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each setting, interleaved; the best counts")
    args = parser.parse_args()
    os.environ.pop("OMP_NUM_THREADS", None)
    cores = os.cpu_count() or 1
    burners = [mp.Process(target=_burn, daemon=True) for _ in range(args.burners)]
    for b in burners:
        b.start()
    try:
        print(f"{cores} cores, {args.burners} burner process(es), {args.seconds:.0f} s per run")
        print(f"{'sample':12} {'1 thread':>10} {f'{cores} threads':>10} {'automatic':>10} {'chose':>6} "
              f"{'best/auto':>10}")
        for sample in args.samples.split(","):
            rates: dict = {1: [], cores: [], None: []}
            chose = None
            for round_ in range(args.rounds):      # interleaved, so that a change of load hits every setting
                order = [1, cores, None] if round_ % 2 == 0 else [None, cores, 1]
                for threads in order:
                    rate, picked = _steps_per_second(sample, threads, args.seconds)
                    rates[threads].append(rate)
                    chose = picked if threads is None else chose
            one, many, auto = max(rates[1]), max(rates[cores]), max(rates[None])
            best = max(one, many)
            print(f"{sample:12} {one:10.1f} {many:10.1f} {auto:10.1f} {str(chose):>6} {best / auto:10.2f}",
                  flush=True)
    finally:
        for b in burners:
            b.terminate()


if __name__ == "__main__":
    main()
