"""How every fuzzed project file ends, as a table: the reliability report behind tests/test_fuzz_projects.py.

    python benchmarks/fuzz_outcomes.py generate DIR [--files 500] [--plausible 60]
    python benchmarks/fuzz_outcomes.py run DIR

``generate`` writes the fuzz test's mutated sample projects (hypothesis, derandomized: the same files
every time) into DIR; ``run`` sends each through ``check``, ``summary``, ``export --format python``
(and the plausible variants through ``train`` for one step) in-process, in worker processes of 40
files (a crash costs one batch and is counted), and prints how the runs ended:

* clear message: a non-zero exit that says why, with no traceback;
* accepted: exit 0;
* traceback: a Python traceback, or the last-resort "unexpected error"/"internal error" line;
* hang: one command over 120 s;
* crash: the worker process died (the batch's remaining runs are counted here);
* data lost: the project file changed on disk (no command may write to it).

``run`` needs only ``netstudio.cli.main``: compare an older checkout on the same files with
``PYTHONPATH=/path/to/old python benchmarks/fuzz_outcomes.py run DIR``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing as mp
import queue as queue_module
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ("tried", "clear message", "accepted", "traceback", "hang", "crash", "data lost")
HANG_S = 120    # one command; generous, since the report may run on a busy machine
BATCH = 40


def generate(folder: Path, files: int, plausible: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import test_fuzz_projects as fuzz

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for count, plausible_only in ((files, False), (plausible, True)):
        def write(case, plausible_only: bool) -> None:
            name, data = case
            try:
                text = fuzz.file_text(data)
            except ValueError:
                return
            train = plausible_only and "cifar" not in name
            path = folder / f"{len(written):04d}{'_train' if train else ''}.nsproj"
            path.write_text(text, encoding="utf-8")
            written.append(path)

        @settings(max_examples=count, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(fuzz.mutated_projects(plausible_only), st.just(plausible_only))
        def collect(case, plausible_flag):
            write(case, plausible_flag)

        collect()
    print(f"wrote {len(written)} files to {folder}")


class _Hang(BaseException):
    """Not an Exception: the engine turns every Exception into a failed run, and a hang must stay a hang."""


def _alarm(*_):
    raise _Hang()


def _cli(argv: list[str]) -> tuple[int, str]:
    from netstudio.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue()


def _run_batch(paths: list[str], results) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    tmp = Path(tempfile.mkdtemp())
    for name in paths:
        original = Path(name)
        path = tmp / "fuzz.nsproj"
        text = original.read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        commands = [["check", str(path)], ["summary", str(path)],
                    ["export", str(path), "--format", "python", "-o", str(tmp / "model.py")]]
        if "_train" in original.name:
            commands.append(["train", str(path), "--max-steps", "1", "--epochs", "1", "--device", "cpu",
                             "--run-dir", str(tmp / "run")])
        for argv in commands:
            signal.alarm(HANG_S)
            try:
                code, output = _cli(argv)
                kind = ("traceback" if any(s in output for s in ("Traceback", "unexpected error", "internal error"))
                        else "accepted" if code == 0 else "clear message")
            except _Hang:
                kind = "hang"
            except BaseException:   # an exception the CLI let through reaches the user as a traceback
                kind = "traceback"
            finally:
                signal.alarm(0)
            if path.read_text(encoding="utf-8") != text:
                kind = "data lost"
            results.put((argv[0], kind))


def run(folder: Path) -> None:
    paths = sorted(str(p) for p in folder.glob("*.nsproj"))
    counts: Counter = Counter()
    ctx = mp.get_context("spawn")
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        expected = Counter()
        for p in batch:
            expected.update(["check", "summary", "export"] + (["train"] if "_train" in p else []))
        results = ctx.Queue()
        worker = ctx.Process(target=_run_batch, args=(batch, results))
        worker.start()
        got = Counter()
        while worker.is_alive() or not results.empty():
            try:
                command, kind = results.get(timeout=0.5)
            except queue_module.Empty:
                continue
            got[command] += 1
            counts[(command, kind)] += 1
        for command, n in expected.items():
            counts[(command, "crash")] += max(0, n - got[command])
    print(f"{len(paths)} files")
    print("| command | " + " | ".join(CATEGORIES) + " |")
    print("|---" * (len(CATEGORIES) + 1) + "|")
    for command in ("check", "summary", "export", "train", "all"):
        row = Counter()
        for (c, kind), n in counts.items():
            if command in (c, "all"):
                row[kind] += n
        row["tried"] = sum(row.values())
        print(f"| {command} | " + " | ".join(str(row[k]) for k in CATEGORIES) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    g = sub.add_parser("generate")
    g.add_argument("folder", type=Path)
    g.add_argument("--files", type=int, default=500)
    g.add_argument("--plausible", type=int, default=60)
    r = sub.add_parser("run")
    r.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.step == "generate":
        generate(args.folder, args.files, args.plausible)
    else:
        run(args.folder)


if __name__ == "__main__":
    main()
