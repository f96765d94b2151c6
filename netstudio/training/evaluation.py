"""Evaluating a checkpoint: per-class precision/recall/F1, the confusion matrix, ROC and precision-recall
curves for two classes, MAE/RMSE/R² with predicted-vs-true pairs for regression.

The metric functions are plain numpy (no scikit-learn); ``evaluate`` runs a checkpoint on one split
of the project's dataset and returns a JSON-able dict, which the CLI prints and the window draws.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from netstudio.core.errors import NetStudioError, ProjectError

CURVE_POINTS = 1000       # ROC/PR curves are thinned to about this many points for display (AUC uses all)
SCATTER_POINTS = 5000     # predicted-vs-true pairs kept for the scatter (metrics use every value)


# ----- classification -----
def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (precision of a class never predicted, as scikit-learn's zero_division=0)."""
    num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def classification_report(confusion, class_names=None) -> dict[str, Any]:
    """Per-class precision, recall, F1 and support from a confusion matrix (rows: true, columns: predicted).

    Macro averages weigh each class alike, weighted ones by support. Both average over the classes that
    occur in the split or in the predictions (a class absent from both says nothing about the model).
    """
    cm = np.asarray(confusion, dtype=np.int64)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"a confusion matrix is square, not {list(cm.shape)}")
    tp = np.diag(cm).astype(np.float64)
    support = cm.sum(1)
    predicted = cm.sum(0)
    precision = _ratio(tp, predicted)
    recall = _ratio(tp, support)
    f1 = _ratio(2 * precision * recall, precision + recall)
    names = [str(class_names[i]) if class_names and i < len(class_names) else str(i) for i in range(len(cm))]
    classes = [{"name": names[i], "precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                "support": int(support[i])} for i in range(len(cm))]
    seen = (support + predicted) > 0
    total = int(support.sum())

    def average(weights) -> dict[str, float]:
        w = np.asarray(weights, np.float64)[seen]
        w = w / w.sum() if w.sum() > 0 else w
        return {k: float((v[seen] * w).sum()) for k, v in (("precision", precision), ("recall", recall), ("f1", f1))}

    return {"classes": classes, "class_names": names,
            "macro_avg": {**average(np.ones(len(cm))), "support": total},
            "weighted_avg": {**average(support), "support": total},
            "accuracy": float(tp.sum() / total) if total else 0.0, "confusion": cm.tolist()}


def _ranked(y_true, scores) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Cumulative true and false positives at each distinct score, highest score first, and the totals."""
    y = np.asarray(y_true).astype(bool).ravel()
    s = np.asarray(scores, np.float64).ravel()
    if len(y) != len(s):
        raise ValueError(f"{len(y)} labels but {len(s)} scores")
    order = np.argsort(-s, kind="mergesort")
    y, s = y[order], s[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1] if len(s) else np.array([], int)
    tps = np.cumsum(y)[last_of_tie]
    fps = (last_of_tie + 1) - tps
    return tps.astype(np.float64), fps.astype(np.float64), int(y.sum()), int(len(y) - y.sum())


def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate) from (0, 0) to (1, 1), one point per distinct score.

    Raises ValueError when the labels hold only one class (one of the rates is then undefined).
    """
    tps, fps, pos, neg = _ranked(y_true, scores)
    if pos == 0 or neg == 0:
        raise ValueError("ROC needs both classes among the labels")
    return np.r_[0.0, fps / neg], np.r_[0.0, tps / pos]


def precision_recall_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    """(recall, precision), recall rising from 0 (where precision is taken as 1), one point per distinct score."""
    tps, fps, pos, _ = _ranked(y_true, scores)
    if pos == 0:
        raise ValueError("a precision-recall curve needs positive labels")
    return np.r_[0.0, tps / pos], np.r_[1.0, tps / (tps + fps)]


def auc(x, y) -> float:
    """Area under a curve by the trapezoidal rule (x need not be evenly spaced)."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def average_precision(recall, precision) -> float:
    """The area under the step-wise precision-recall curve: sum of (R_n - R_(n-1)) * P_n (no interpolation)."""
    recall, precision = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    return float(np.sum(np.diff(recall) * precision[1:]))


def _thin(*arrays: np.ndarray, limit: int = CURVE_POINTS) -> list[list[float]]:
    n = len(arrays[0])
    keep = np.unique(np.linspace(0, n - 1, limit).round().astype(int)) if n > limit else slice(None)
    return [np.asarray(a, np.float64)[keep].tolist() for a in arrays]


def binary_curves(y_true, scores, positive: str = "1") -> dict[str, Any]:
    """ROC (with its AUC) and precision-recall (with average precision) for the positive class's scores.

    A curve that cannot exist on this split (one class only) is None with a ``note`` saying why.
    """
    out: dict[str, Any] = {"positive_class": positive, "roc": None, "pr": None}
    try:
        fpr, tpr = roc_curve(y_true, scores)
        x, y = _thin(fpr, tpr)
        out["roc"] = {"fpr": x, "tpr": y, "auc": auc(fpr, tpr)}
    except ValueError as exc:
        out["note"] = f"{exc} (the split holds a single class)"
    try:
        recall, precision = precision_recall_curve(y_true, scores)
        x, y = _thin(recall, precision)
        out["pr"] = {"recall": x, "precision": y, "auc": average_precision(recall, precision)}
    except ValueError as exc:
        out["note"] = f"{exc} (the split holds a single class)"
    return out


# ----- regression -----
def regression_report(pred, true) -> dict[str, Any]:
    """MAE, RMSE and R² over every predicted value, and predicted-vs-true pairs for a scatter.

    With several outputs per sample R² is the mean of each output's R² (as scikit-learn's default);
    an output whose targets never vary has no R² (None).
    """
    p = np.asarray(pred, np.float64)
    t = np.asarray(true, np.float64)
    if p.shape != t.shape:
        raise ValueError(f"predictions {list(p.shape)} and targets {list(t.shape)} differ in shape")
    p2, t2 = p.reshape(len(p), -1), t.reshape(len(t), -1)
    err = p2 - t2
    ss_res = (err ** 2).sum(0)
    ss_tot = ((t2 - t2.mean(0)) ** 2).sum(0)
    r2 = [1 - r / s for r, s in zip(ss_res, ss_tot) if s > 0]
    flat_p, flat_t = p2.ravel(), t2.ravel()
    keep = np.linspace(0, len(flat_p) - 1, SCATTER_POINTS).round().astype(int) if len(flat_p) > SCATTER_POINTS \
        else slice(None)
    return {"mae": float(np.abs(err).mean()), "rmse": float(np.sqrt((err ** 2).mean())),
            "r2": float(np.mean(r2)) if r2 else None, "outputs": int(p2.shape[1]),
            "scatter": {"true": flat_t[keep].tolist(), "pred": flat_p[keep].tolist(), "total": int(flat_p.size)}}


# ----- choosing a checkpoint -----
def run_checkpoint(run_dir: str | Path, which: str = "best") -> Path:
    """The weights file of a run's ``best`` (lowest validation loss; the last when none was validated) or ``last``
    checkpoint.

    Raises
    ------
    ProjectError
        when the folder holds no checkpoint.
    """
    from . import runs

    folder = Path(run_dir) / "checkpoints"
    last = runs.last_complete_checkpoint(folder)
    if not isinstance(last, str) or not (folder / last).is_file():
        raise ProjectError(f"the run folder {run_dir} holds no checkpoint (it ended before its first one)")
    if which == "best":
        best = None
        for meta_path in sorted(folder.glob("step*.json")):
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            loss = meta.get("val_loss") if isinstance(meta, dict) else None
            weights = meta_path.with_suffix(".safetensors")
            if (meta.get("loss_kind") == "validation loss" and isinstance(loss, (int, float))
                    and not isinstance(loss, bool) and math.isfinite(loss) and weights.is_file()
                    and (best is None or loss <= best[0])):
                best = (loss, weights)
        if best is not None:
            return best[1]
    return folder / last


# ----- running a checkpoint -----
NOT_PER_CLASS = {
    "regress": "per-class precision, recall and F1 apply to classification only; a regression is judged by MAE, "
               "RMSE and R²",
    "autoencode": "per-class precision, recall and F1 apply to classification only; an autoencoder is judged by "
                  "its reconstruction error",
    "gan": "per-class precision, recall and F1 apply to classification only; a GAN is judged by its samples and "
           "the discriminator's outputs",
    "next_char": "per-class precision, recall and F1 apply to classification only; a next-character model is "
                 "judged by its loss, accuracy and perplexity",
}


def _outputs(task, split) -> tuple[np.ndarray, np.ndarray]:
    """The model's float outputs and the targets for every sample of ``split`` (CPU numpy)."""
    import torch

    model = task.modules["model"]
    model.eval()
    outs, ys = [], []
    with torch.no_grad():
        for xb, yb in task.batches(split):
            outs.append(model(xb).float().cpu())
            ys.append(yb.cpu())
    model.train()
    return torch.cat(outs).numpy(), torch.cat(ys).numpy()


def _classify(task, split, class_names) -> dict[str, Any]:
    out, y = _outputs(task, split)
    if task.binary:                                  # one logit per sample (BCE): p(class 1) = sigmoid
        p1 = 1 / (1 + np.exp(-np.clip(out.reshape(-1).astype(np.float64), -60, 60)))
        probs = np.stack([1 - p1, p1], 1)
    else:
        z = out - out.max(1, keepdims=True)
        probs = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    pred = probs.argmax(1)
    c = task.classes
    confusion = np.bincount(y.astype(np.int64) * c + pred, minlength=c * c).reshape(c, c)
    report = classification_report(confusion, class_names)
    if c == 2:
        report["binary"] = binary_curves(y == 1, probs[:, 1], report["class_names"][1])
    return report


def checkpoint_task(project, checkpoint, split: str, device: str | None = None):
    """The project's task on its dataset, with ``checkpoint``'s weights loaded: (task, task config, dataset,
    the ``split`` part, the checkpoint's metadata). Shared by ``evaluate`` and ``predict.evaluate_checkpoint``.

    Raises
    ------
    NetStudioError
        one sentence when the project, the dataset, the split or the checkpoint cannot be used.
    """
    from . import runs
    from .config import parse_data, parse_task, parse_training
    from .datasets import input_shape_of, load_dataset
    from .devices import resolve_device
    from .tasks import make_task

    task_cfg, data_cfg = parse_task(project.task), parse_data(project.data)
    training = parse_training({**project.training, **({"device": device} if device else {})})
    dev = resolve_device(training.device)
    graph = task_cfg.discriminator if task_cfg.type == "gan" else task_cfg.graph
    base = Path(project.path).resolve().parent if project.path else None
    data = load_dataset(data_cfg, task_cfg, input_shape=input_shape_of(project, graph), base_dir=base, device=dev)
    if split not in data.splits():
        raise ProjectError(f"there is no split called {split!r}: use train, val or test")
    part = data.splits()[split]
    if not len(part):
        raise ProjectError(f"the {split} split of the {data.name} dataset holds no samples (see data.split in the "
                           f"project): evaluate another split or give {split} a fraction")
    task = make_task(project, task_cfg, training, data, dev)
    task.prepare()
    weights, _, meta = runs.load_checkpoint(checkpoint)
    runs.load_module_weights(task.modules, weights, checkpoint)
    return task, task_cfg, data, part, meta


def evaluate(project, checkpoint, split: str = "val", device: str | None = None) -> dict[str, Any]:
    """Run ``checkpoint`` (a weights file, its .json, or a run folder: its newest checkpoint) on one split.

    Returns the task's own metrics (loss, acc, ...) plus, for classification, ``classes`` (precision,
    recall, F1, support per class), ``macro_avg``, ``weighted_avg``, ``accuracy``, ``confusion`` and for two
    classes ``binary`` (ROC and PR curves with their AUC); for regression ``mae``, ``rmse``, ``r2`` and
    ``scatter``; for other tasks a ``note`` that per-class metrics do not apply. All values are JSON-able.

    Raises
    ------
    NetStudioError
        one sentence when the project, the dataset or the checkpoint cannot be used.
    """
    import torch

    from . import runs

    task, task_cfg, data, part, _meta = checkpoint_task(project, checkpoint, split, device)
    result = task.evaluate(part, full=True)
    result.pop("wrong", None)
    if "text" in result:
        result["sample_text"] = result.pop("text")
    result.pop("confusion", None)
    stem = runs.checkpoint_stem(checkpoint)
    result.update(task=task_cfg.kind, split=split, samples=len(part), dataset=data.name,
                  checkpoint=str(stem.with_name(stem.name + ".safetensors")))
    try:
        if task_cfg.kind == "classify":
            result.update(_classify(task, part, data.class_names))
        elif task_cfg.kind == "regress":
            out, y = _outputs(task, part)
            result.update(regression_report(out, y))
        result.setdefault("note", NOT_PER_CLASS.get(task_cfg.kind, ""))
    except (RuntimeError, ValueError) as exc:   # shapes the task accepted but a metric cannot use
        if isinstance(exc, torch.cuda.OutOfMemoryError):
            raise
        raise NetStudioError(f"cannot compute the metrics of {checkpoint} on the {split} split: {exc}") from None
    if not result["note"]:
        del result["note"]
    return result
