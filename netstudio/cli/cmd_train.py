"""train, evaluate and predict: the headless front end of the training engine."""

from __future__ import annotations

import json
import math
import signal
import sys
import time

from netstudio.core.errors import NetStudioError


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1 (argparse prints the message and exits 2 otherwise)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {value}")
    return value


def register(sub) -> None:
    p = sub.add_parser("train", help="train a project's model from the command line")
    p.add_argument("project")
    p.add_argument("--epochs", type=positive_int, default=None, help="number of epochs (default: the project's)")
    p.add_argument("--device", default=None, help="auto, cpu, cuda, cuda:N or mps")
    p.add_argument("--batch-size", type=positive_int, default=None)
    p.add_argument("--lr", type=float, default=None, help="learning rate of the optimizer (with a one-cycle schedule: its peak, max_lr)")
    p.add_argument("--max-steps", type=positive_int, default=None, help="stop after this many steps (a quick look)")
    p.add_argument("--threads", type=positive_int, default=None,
                   help="PyTorch CPU threads (default: the project's training.threads, else PyTorch's choice; "
                        "1 is often fastest when other programs keep the cores busy)")
    p.add_argument("--run-dir", default=None, help="run folder (default: runs/<project>-<time>)")
    p.add_argument("--log", default=None, metavar="FILE", help="also write every event as a JSON line to FILE")
    p.add_argument("--resume", default=None, metavar="CKPT", help="continue from a checkpoint or run folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar, only the summary")
    _add_distributed_options(p)
    p.set_defaults(func=run_train)

    p = sub.add_parser("evaluate", help="metrics of a checkpoint on a split: per-class precision, recall and F1, "
                                        "confusion matrix, ROC/PR AUC for two classes; MAE, RMSE, R² for regression")
    p.add_argument("project")
    p.add_argument("checkpoint", help="a checkpoint's .safetensors (or .json) file, or a run folder (its newest)")
    p.add_argument("--split", default="test", choices=("train", "val", "test"), help="which split (default test)")
    p.add_argument("--device", default=None)
    p.add_argument("--json", action="store_true", help="print one JSON object with every metric and curve")
    p.set_defaults(func=run_evaluate)

    p = sub.add_parser("predict", help="classify image files with a trained checkpoint")
    p.add_argument("project")
    p.add_argument("checkpoint")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="image files")
    p.add_argument("--top", type=positive_int, default=3, help="how many classes to list per input (default 3)")
    p.add_argument("--device", default=None)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_predict)


def _fmt_time(seconds) -> str:
    if seconds is None or seconds != seconds:
        return "--:--"
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class ProgressPrinter:
    """A one-line progress bar on stderr (loss, speed, ETA) and a line per epoch."""

    WIDTH = 24

    def __init__(self, stream=None, quiet: bool = False) -> None:
        self.stream = stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.epochs = 0
        self.steps_per_epoch = 1
        self.start_epoch = 0
        self._last_draw = 0.0
        self._bar_shown = False

    def __call__(self, event) -> None:
        kind = event.kind
        if kind == "started":
            self.epochs, self.steps_per_epoch = event.epochs, max(event.steps_per_epoch, 1)
            if not self.quiet:
                sizes = ", ".join(f"{k} {v:,}" for k, v in event.samples.items())
                self._line(f"training '{event.project}' ({event.task}) on {event.device}: {event.parameters:,} "
                           f"parameters; {sizes}; run folder {event.run_dir or '(none)'}")
                for note in event.notes:
                    self._line(f"note: {note}")
        elif kind == "step" and not self.quiet and self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1:
                self._last_draw = now
                self._bar(event)
        elif kind == "epoch" and not self.quiet:
            parts = [f"epoch {event.epoch}/{self.epochs}", f"train_loss {event.train_loss:.4f}"]
            if event.val_loss is not None:
                parts.append(f"val_loss {event.val_loss:.4f}")
            if event.val_acc is not None:
                parts.append(f"val_acc {event.val_acc:.4f}")
            for key in ("val_mae", "val_rmse", "val_reconstruction_error", "val_perplexity", "val_d_x", "val_d_g_z"):
                if key in event.metrics:
                    parts.append(f"{key} {event.metrics[key]:.4f}")
            self._line("  ".join(parts) + f"  ({event.seconds:.1f} s)")
        elif kind in ("paused", "resumed") and not self.quiet:
            self._line(f"{kind} at step {event.step}")

    def _bar(self, e) -> None:
        in_epoch = e.step - e.epoch * self.steps_per_epoch
        frac = min(max(in_epoch / self.steps_per_epoch, 0.0), 1.0)
        filled = int(frac * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        text = (f"\repoch {e.epoch + 1}/{self.epochs} [{bar}] {in_epoch}/{self.steps_per_epoch} loss {e.loss:.4f} "
                f"{e.samples_per_sec:,.0f} samples/s ETA {_fmt_time(e.eta_seconds)}")
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self._bar_shown = True

    def _line(self, text: str) -> None:
        if self._bar_shown:
            self.stream.write("\r\x1b[K")
            self._bar_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()


def _summary(end, stream=None) -> None:
    stream = stream if stream is not None else sys.stdout
    m = end.metrics
    keys = [k for k in ("acc", "top5", "loss", "mae", "rmse", "reconstruction_error", "perplexity", "d_x", "d_g_z")
            if k in m]
    shown = ", ".join(f"test {k} {m[k]:.4f}" for k in keys)
    print(f"{end.message} in {end.seconds:.1f} s" + (f"; {shown}" if shown else ""), file=stream)
    if end.checkpoint:
        print(f"checkpoint: {end.checkpoint}", file=stream)
    if "sample_text" in m:
        print("sample text:\n" + m["sample_text"], file=stream)


def _add_distributed_options(p) -> None:
    """torchrun's launcher options (see README, "Training on several processes")."""
    import argparse

    WORKER_FLAG = "--distributed-worker"  # training.distributed.WORKER_FLAG: that module imports torch (a test checks)

    g = p.add_argument_group("distributed training (torchrun, DistributedDataParallel)")
    g.add_argument("--nproc", type=positive_int, default=None, metavar="N",
                   help="train on N worker processes on this machine (one per GPU; gloo on the CPU)")
    g.add_argument("--nnodes", type=positive_int, default=1, metavar="M", help="machines taking part (default 1)")
    g.add_argument("--node-rank", type=int, default=None, metavar="R",
                   help="this machine's rank 0..M-1 (fixed ranks; without it the rendezvous assigns them)")
    g.add_argument("--rdzv-endpoint", default=None, metavar="HOST:PORT",
                   help="where the machines meet (the host of node rank 0 and a free port)")
    g.add_argument("--max-restarts", type=int, default=0, metavar="K",
                   help="restart the workers up to K times after a failure, resuming from the last checkpoint")
    g.add_argument("--sync-batchnorm", action="store_true",
                   help="synchronise BatchNorm statistics over all workers (CUDA only)")
    p.add_argument(WORKER_FLAG, dest="distributed_worker", action="store_true", help=argparse.SUPPRESS)


def _launch_distributed(args, project) -> int:
    """The launcher side of ``--nproc``: check, choose the run folder, start torchrun's workers."""
    from netstudio.training import runs
    from netstudio.training.config import apply_overrides, parse_task, parse_training
    from netstudio.training.distributed import LaunchOptions, check_batch, check_task, launch

    if args.max_restarts < 0 or (args.node_rank is not None and not 0 <= args.node_rank < args.nnodes):
        raise NetStudioError("--max-restarts must be >= 0 and --node-rank between 0 and --nnodes - 1")
    options = LaunchOptions(args.nproc or 1, args.nnodes, args.node_rank, args.rdzv_endpoint, args.max_restarts)
    check_task(parse_task(project.task).type)
    cfg = parse_training(apply_overrides(project.training, {"batch_size": args.batch_size}))
    check_batch(cfg.batch_size, options.nproc * options.nnodes)
    run_dir = args.run_dir or str(runs.default_run_dir(project.name))
    worker = [args.project, "--run-dir", run_dir]
    for flag, value in (("--epochs", args.epochs), ("--device", args.device), ("--batch-size", args.batch_size),
                        ("--lr", args.lr), ("--max-steps", args.max_steps), ("--threads", args.threads),
                        ("--resume", args.resume)):
        if value is not None:
            worker += [flag, str(value)]
    worker += ["--quiet"] * args.quiet + ["--sync-batchnorm"] * args.sync_batchnorm
    if args.log:
        worker += ["--log", args.log]
    launch(options, worker, threads=args.threads or cfg.threads)
    if args.node_rank in (None, 0):
        print(f"run folder: {run_dir}")
    return 0


def _worker_trainer(args, project, overrides):
    """A torchrun worker's Trainer: rank 0 writes the run folder; a restarted worker resumes from its last checkpoint."""
    import os

    from netstudio.training import runs
    from netstudio.training.distributed import DistributedRun, restart_count
    from netstudio.training.engine import Trainer

    dist_run = DistributedRun(sync_batchnorm=args.sync_batchnorm)
    if overrides.get("threads") is None:   # torchrun shares the cores out through OMP_NUM_THREADS
        overrides["threads"] = int(os.environ.get("OMP_NUM_THREADS", "1") or 1)
    resume = args.resume
    if restart_count() and args.run_dir and runs.last_complete_checkpoint(os.path.join(args.run_dir, "checkpoints")):
        resume = args.run_dir
    run_dir = args.run_dir if dist_run.is_main else False
    return Trainer(project, overrides=overrides, run_dir=run_dir, resume=resume, distributed=dist_run), dist_run


def run_train(args) -> int:
    from netstudio import load_project
    from netstudio.training.engine import Trainer

    project = load_project(args.project)
    if (args.nproc or args.nnodes > 1) and not args.distributed_worker:
        return _launch_distributed(args, project)
    overrides = {"epochs": args.epochs, "device": args.device, "batch_size": args.batch_size, "lr": args.lr,
                 "max_steps": args.max_steps, "threads": args.threads}
    dist_run = None
    if args.distributed_worker:
        trainer, dist_run = _worker_trainer(args, project, overrides)
    else:
        trainer = Trainer(project, overrides=overrides, run_dir=args.run_dir, resume=args.resume)
    if dist_run is not None and not dist_run.is_main:   # rank 0 alone reports
        args.quiet, args.log = True, None
    else:
        trainer.subscribe(ProgressPrinter(quiet=args.quiet))
    log = None
    if args.log:
        try:
            log = open(args.log, "w", encoding="utf-8")
        except OSError as exc:
            raise NetStudioError(f"cannot write the log file {args.log}: {exc.strerror or exc}") from None

        def write(event) -> None:
            log.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
            log.flush()
        trainer.subscribe(write)

    def on_sigint(signum, frame):  # first Ctrl+C: stop cleanly with a checkpoint; second: abort
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print("\nstopping after this step (Ctrl+C again to abort) ...", file=sys.stderr)
        trainer.stop()

    # a worker of a distributed run must not stop alone (the others would wait for it): torchrun stops them all
    previous = signal.signal(signal.SIGINT, on_sigint) if dist_run is None else None
    try:
        end = trainer.run()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if log is not None:
            log.close()
    if end.kind == "failed":
        message = end.message
        if dist_run is not None:
            from netstudio.training.distributed import lost_a_peer, write_worker_error

            if lost_a_peer(message):   # gloo's/NCCL's page about a broken connection: the cause is elsewhere
                message = f"worker rank {dist_run.rank} stops: it lost contact with another worker (connection closed)"
            write_worker_error(message)
        print(f"netstudio train: {message}", file=sys.stderr)
        return 1
    if dist_run is not None and not dist_run.is_main:
        return 0
    _summary(end)
    return 0 if end.kind == "finished" else 130


def run_evaluate(args) -> int:
    from netstudio import load_project
    from netstudio.training.evaluation import evaluate

    project = load_project(args.project)
    result = evaluate(project, args.checkpoint, split=args.split, device=args.device)
    if args.json:   # JSON has no NaN or Infinity: a metric that is not a number is null
        print(json.dumps(_json_safe(result), indent=2, allow_nan=False))
        return 0
    for key, value in result.items():
        if isinstance(value, float):
            print(f"{args.split} {key}: {value:.4f}")
        elif key == "sample_text":
            print(f"sample text:\n{value}")
        elif isinstance(value, (int, str)) and key not in ("task", "split", "note"):
            print(f"{args.split} {key}: {value}")
    _print_report(result)
    return 0


def _print_report(result: dict) -> None:
    """The per-class table and the binary AUCs (classification), or the note that they do not apply."""
    if "classes" in result:
        width = max([len(c["name"]) for c in result["classes"]] + [12])
        print(f"\n{'':{width}}  precision  recall     f1  support")
        rows = [(c["name"], c) for c in result["classes"]]
        rows += [("macro avg", result["macro_avg"]), ("weighted avg", result["weighted_avg"])]
        for name, r in rows:
            print(f"{name:{width}}  {r['precision']:9.4f}  {r['recall']:6.4f}  {r['f1']:6.4f}  {r['support']:7d}")
    binary = result.get("binary") or {}
    for key, label in (("roc", "ROC AUC"), ("pr", "PR AUC (average precision)")):
        if binary.get(key):
            print(f"{label}, positive class {binary['positive_class']}: {binary[key]['auc']:.4f}")
    if binary.get("note"):
        print(f"note: {binary['note']}")
    if result.get("note"):
        print(f"note: {result['note']}")


def _json_safe(value):
    """``value`` with NaN and infinite floats replaced by None, for strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def run_predict(args) -> int:
    from netstudio import load_project
    from netstudio.training.predict import predict_images

    project = load_project(args.project)
    results = predict_images(project, args.checkpoint, args.inputs, top=args.top, device=args.device)
    if args.json:
        print(json.dumps(_json_safe(results), indent=2, allow_nan=False))
        return 0
    for r in results:
        others = ", ".join(f"{lbl} {p:.1%}" for lbl, p in r["top"][1:])
        print(f"{r['file']}: {r['label']} ({r['confidence']:.1%})" + (f"; then {others}" if others else ""))
    return 0
