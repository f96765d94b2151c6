"""tune: an Optuna study over the project's ``tune`` section; each trial is an ordinary run."""

from __future__ import annotations

import importlib.util
import sys

from netstudio.core.errors import NetStudioError

from .cmd_train import positive_int


def register(sub) -> None:
    p = sub.add_parser("tune", help="search hyperparameters with Optuna (the project's \"tune\" section)")
    p.add_argument("project")
    p.add_argument("--trials", type=positive_int, default=None,
                   help="trials in the study, all workers together (default: tune.n_trials)")
    p.add_argument("--storage", default=None, metavar="URL",
                   help="Optuna storage: sqlite:///FILE, postgresql://..., mysql://..., or journal:FILE "
                        "(default: <project>.optuna.db beside the project); workers given the same storage and "
                        "--study work on one study together")
    p.add_argument("--study", default=None, metavar="NAME", help="study name (default: the project file's name)")
    p.add_argument("--runs", default=None, metavar="DIR", help="folder of the trials' run folders "
                                                                "(default: runs/<study>)")
    p.set_defaults(func=run_tune)


def _shown(values: dict) -> str:
    return ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items())


def run_tune(args) -> int:
    from netstudio import load_project
    from netstudio.training.tune import Tuner

    if importlib.util.find_spec("optuna") is None:
        raise NetStudioError("tune needs Optuna: pip install \"netstudio[tune]\" (or pip install optuna)")
    project = load_project(args.project)
    tuner = Tuner(project, storage=args.storage, study=args.study, trials=args.trials, runs_root=args.runs)
    metric = tuner.cfg.metric

    def on_trial(r) -> None:
        result = f"{metric} {r.value:.4f}" if r.value is not None else ""
        how = {"complete": result, "pruned": f"pruned {r.message}, last {result}",
               "failed": f"failed: {r.message}"}[r.state]
        print(f"trial {r.number}: {how} ({_shown(r.params)}); {r.run_dir}", flush=True)

    tuner.on_trial = on_trial
    print(f"study '{tuner.study_name}' in {tuner.storage_url}: {tuner.cfg.n_trials} trials, {tuner.cfg.direction} "
          f"{metric}", file=sys.stderr)
    study = tuner.run()
    states = [t.state.name.lower() for t in study.trials]
    counts = ", ".join(f"{states.count(s)} {s}" for s in ("complete", "pruned", "fail") if s in states)
    best = tuner.write_best(study)
    if best is None:
        print(f"the study has {len(states)} trial(s) ({counts}) and none completed: no best project", file=sys.stderr)
        return 1
    t = study.best_trial
    print(f"{len(states)} trial(s) ({counts}); best: trial {t.number}, {metric} {t.value:.4f} ({_shown(t.params)})")
    print(f"wrote {best}")
    return 0
