"""Classification: cross-entropy (or BCE-with-logits for one output), accuracy, top-5, confusion matrix."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from ..datasets.base import DatasetError, Split
from .base import Task

BOUNDARY_GRID = 64
WRONG_EXAMPLES = 16


class ClassifyTask(Task):
    name = "classify"

    def prepare(self) -> None:
        self.build("model", self.cfg.graph)
        classes = self.data.num_classes
        if not classes or self.data.train.y.dim() != 1:
            raise DatasetError(f"the {self.data.name} dataset has no class labels: choose a regress or autoencode task")
        self.classes = classes
        self.binary = self.cfg.loss == "bce"
        self.check_input("model", self.data.train.x)
        out = self.probe("model", self.data.train.x)
        graph = self.graphs["model"]
        from .base import feeding_node, width_fix

        node = feeding_node(graph)
        if self.binary:
            if classes != 2:
                raise DatasetError(f"task.loss \"bce\" is for two classes but {self.data.name} has {classes}: use "
                                   "cross_entropy")
            if not (out.dim() == 1 or (out.dim() == 2 and out.shape[1] == 1)):
                raise self.output_error("model", f"binary classification (BCE) needs one output per sample but "
                                        f"'{node}' gives {list(out.shape[1:])}: {width_fix(graph, node, 1)}")
        elif out.dim() != 2 or out.shape[1] != classes:
            from netstudio.training.compatibility import output_rank_fix

            rank = output_rank_fix(graph, node, tuple(out.shape[1:]), classes)
            if rank is not None:
                raise self.output_error("model", rank)
            got = list(out.shape[1:])
            raise self.output_error("model", f"the model's output '{node}' gives {got} values per sample but "
                                    f"{self.data.name} has {classes} classes: {width_fix(graph, node, classes)}"
                                    + (" (and flatten its input)" if out.dim() != 2 else ""))
        self.top_k = min(self.cfg.top_k, classes - 1) if classes > 5 else None
        self.make_optimizers()
        self._boundary_grid = self._make_grid() if self.data.kind == "points" and self.data.sample_shape == (2,) \
            else None

    def loss_fn(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.binary:
            return F.binary_cross_entropy_with_logits(out.reshape(-1), y.float())
        return F.cross_entropy(out, y, label_smoothing=self.cfg.label_smoothing)

    def train_step(self, xb, yb):
        return self.supervised_step(xb, yb, self.loss_fn)

    def _probs(self, out: torch.Tensor) -> torch.Tensor:
        if self.binary:
            p1 = torch.sigmoid(out.reshape(-1).float())
            return torch.stack([1 - p1, p1], 1)
        return out.float().softmax(1)

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        if len(split) == 0:
            return {}
        model = self.modules["model"]
        model.eval()
        c = self.classes
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), device=self.device)
        topk = torch.zeros((), device=self.device)
        confusion = torch.zeros(c * c, dtype=torch.int64, device=self.device)
        wrong_conf, wrong_idx, wrong_pred = [], [], []
        with torch.no_grad(), self.amp.autocast():
            for start in range(0, len(split), 512):
                xb, yb = split.x[start:start + 512], split.y[start:start + 512]
                out = model(xb).float()
                loss_sum += self.loss_fn(out, yb) * len(yb)
                probs = self._probs(out)
                conf, pred = probs.max(1)
                correct += (pred == yb).sum()
                if self.top_k:
                    topk += (out.topk(self.top_k, 1).indices == yb[:, None]).any(1).sum()
                confusion += torch.bincount(yb * c + pred, minlength=c * c)
                if full:
                    bad = pred != yb
                    wrong_conf.append(conf[bad])
                    wrong_idx.append(torch.nonzero(bad).flatten() + start)
                    wrong_pred.append(pred[bad])
        model.train()
        n = len(split)
        numbers = torch.stack([loss_sum / n, correct / n, topk / n]).cpu().tolist()
        cm = confusion.view(c, c).cpu().numpy()
        per_class = cm.diagonal() / np.maximum(cm.sum(1), 1)
        result: dict[str, Any] = {"loss": numbers[0], "acc": numbers[1],
                                  "per_class_acc": [round(float(v), 4) for v in per_class]}
        if self.top_k:
            result[f"top{self.top_k}"] = numbers[2]
        if full:
            result["confusion"] = cm
            result["wrong"] = self._wrong(split, wrong_conf, wrong_idx, wrong_pred)
        return result

    def _wrong(self, split, confs, idxs, preds) -> dict[str, Any]:
        """The most confidently wrong examples: images (or points), true and predicted labels, confidence."""
        if not confs:
            return {}
        conf = torch.cat(confs)
        if conf.numel() == 0:
            return {"images": np.zeros((0,) + tuple(split.x.shape[1:]), np.float32), "true": [], "pred": [],
                    "confidence": []}
        top = conf.topk(min(WRONG_EXAMPLES, conf.numel())).indices
        idx = torch.cat(idxs)[top]
        x = split.x[idx]
        images = self.data.denormalize(x.float()) if self.data.kind == "image" else x
        return {"images": images.cpu().numpy(), "true": split.y[idx].cpu().tolist(),
                "pred": torch.cat(preds)[top].cpu().tolist(), "confidence": conf[top].cpu().tolist(),
                "indices": idx.cpu().tolist()}

    # ----- decision boundary for 2-D points -----
    def _make_grid(self):
        pts = self.data.train.x
        lo = pts.min(0).values - 0.25
        hi = pts.max(0).values + 0.25
        xs = torch.linspace(float(lo[0]), float(hi[0]), BOUNDARY_GRID, device=self.device)
        ys = torch.linspace(float(lo[1]), float(hi[1]), BOUNDARY_GRID, device=self.device)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        return torch.stack([gx.flatten(), gy.flatten()], 1), (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))

    def live_snapshot(self) -> dict[str, Any]:
        if self._boundary_grid is None:
            return {}
        grid, xr, yr = self._boundary_grid
        model = self.modules["model"]
        model.eval()
        with torch.no_grad():
            probs = self._probs(model(grid))
        model.train()
        pts = self.data.train
        return {"boundary": {"probs": probs.view(BOUNDARY_GRID, BOUNDARY_GRID, -1).cpu().numpy(),
                             "x_range": xr, "y_range": yr, "points": pts.x[:2000].cpu().numpy(),
                             "labels": pts.y[:2000].cpu().numpy()}}

    def images(self, snapshot: dict[str, Any]) -> dict[str, np.ndarray]:
        wrong = snapshot.get("wrong") or {}
        imgs = wrong.get("images")
        if imgs is not None and len(imgs) and imgs.ndim == 4:
            return {"wrong": imgs}
        if "boundary" in snapshot:
            return {"boundary": boundary_image(snapshot["boundary"])}
        return {}


_PALETTE = np.array([[0.12, 0.47, 0.71], [1.0, 0.5, 0.05], [0.17, 0.63, 0.17], [0.84, 0.15, 0.16],
                     [0.58, 0.4, 0.74], [0.55, 0.34, 0.29], [0.89, 0.47, 0.76], [0.5, 0.5, 0.5],
                     [0.74, 0.74, 0.13], [0.09, 0.75, 0.81]], dtype=np.float32)


def boundary_image(b: dict) -> np.ndarray:
    """The decision regions as a (1, 3, G, G) picture with the training points drawn on top."""
    probs = b["probs"]
    g = probs.shape[0]
    cls = probs.argmax(-1)
    conf = probs.max(-1)[..., None]
    colours = _PALETTE[cls % len(_PALETTE)]
    img = colours * (0.35 + 0.4 * conf) + (1 - (0.35 + 0.4 * conf))    # pale regions, stronger where sure
    scale = 4
    img = np.kron(img, np.ones((scale, scale, 1), np.float32))
    (x0, x1), (y0, y1) = b["x_range"], b["y_range"]
    for (px, py), label in zip(b["points"], b["labels"]):
        i = int((py - y0) / (y1 - y0) * (g * scale - 1))
        j = int((px - x0) / (x1 - x0) * (g * scale - 1))
        img[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2] = _PALETTE[int(label) % len(_PALETTE)] * 0.8
    return img[::-1].transpose(2, 0, 1)[None].copy()   # y grows upwards in the picture
