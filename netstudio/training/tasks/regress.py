"""Regression: MSE, L1 or SmoothL1; metrics MAE and RMSE."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from ..datasets.base import DatasetError, Split
from .base import Task, feeding_node, width_fix

LOSSES = {"mse": F.mse_loss, "l1": F.l1_loss, "smooth_l1": F.smooth_l1_loss}


class RegressTask(Task):
    name = "regress"

    def prepare(self) -> None:
        self.build("model", self.cfg.graph)
        y = self.data.train.y
        if not y.is_floating_point():
            raise DatasetError(f"the {self.data.name} dataset has class labels, not numbers: use a classify task")
        self.check_input("model", self.data.train.x)
        out = self.probe("model", self.data.train.x)
        if tuple(out.shape[1:]) != tuple(y.shape[1:]):
            graph = self.graphs["model"]
            node = feeding_node(graph)
            want = int(y[0].numel())
            raise self.output_error("model", f"the model's output '{node}' has shape {list(out.shape[1:])} but the "
                                    f"{self.data.name} targets have shape {list(y.shape[1:])}: "
                                    f"{width_fix(graph, node, want)}")
        self.loss = LOSSES[self.cfg.loss]
        self.make_optimizers()

    def train_step(self, xb, yb):
        return self.supervised_step(xb, yb, self.loss)

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        if len(split) == 0:
            return {}
        model = self.modules["model"]
        model.eval()
        sums = torch.zeros(3, device=self.device)
        with torch.no_grad(), self.amp.autocast():
            for xb, yb in self.batches(split):
                out = model(xb).float()
                sums[0] += self.loss(out, yb) * len(yb)
                sums[1] += (out - yb).abs().mean(dim=tuple(range(1, out.dim()))).sum() if out.dim() > 1 else \
                    (out - yb).abs().sum()
                sums[2] += ((out - yb) ** 2).mean(dim=tuple(range(1, out.dim()))).sum() if out.dim() > 1 else \
                    ((out - yb) ** 2).sum()
        model.train()
        loss, mae, mse = (sums / len(split)).cpu().tolist()
        return {"loss": loss, "mae": mae, "rmse": mse ** 0.5}

    def live_snapshot(self) -> dict[str, Any]:
        split = self.data.val if len(self.data.val) else self.data.train
        model = self.modules["model"]
        model.eval()
        with torch.no_grad():
            out = model(split.x[:256]).float()
        model.train()
        return {"predictions": {"target": split.y[:256].cpu().numpy(), "output": out.cpu().numpy()}}
