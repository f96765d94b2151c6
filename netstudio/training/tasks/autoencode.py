"""Autoencoders: reconstruct the input (MSE or BCE); snapshots pair inputs with reconstructions."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from ..datasets.base import Split
from .base import Task, feeding_node

PAIRS = 16


class AutoencodeTask(Task):
    name = "autoencode"

    def prepare(self) -> None:
        self.build("model", self.cfg.graph)
        self.check_input("model", self.data.train.x)
        out = self.probe("model", self.data.train.x)
        if out.shape[1:] != self.data.train.x.shape[1:]:
            raise self.output_error("model", f"an autoencoder must give back its input's shape "
                                    f"{list(self.data.train.x.shape[1:])}, but '{feeding_node(self.graphs['model'])}' "
                                    f"gives {list(out.shape[1:])}: end the decoder with that shape (Unflatten)")
        self.make_optimizers()
        split = self.data.val if len(self.data.val) else self.data.train
        self.fixed = split.x[:PAIRS]

    def loss_fn(self, out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if self.cfg.loss == "bce":
            # BCE needs probabilities: the decoder should end with a Sigmoid; clamp keeps log() finite
            return F.binary_cross_entropy(out.float().clamp(1e-6, 1 - 1e-6), target.float())
        return F.mse_loss(out, target)

    def train_step(self, xb, yb):
        return self.supervised_step(xb, xb, self.loss_fn)

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        if len(split) == 0:
            return {}
        model = self.modules["model"]
        model.eval()
        sums = torch.zeros(2, device=self.device)
        with torch.no_grad(), self.amp.autocast():
            for xb, _ in self.batches(split):
                out = model(xb).float()
                sums[0] += self.loss_fn(out, xb) * len(xb)
                sums[1] += F.mse_loss(out, xb.float(), reduction="sum") / xb[0].numel()
        model.train()
        loss, mse = (sums / len(split)).cpu().tolist()
        return {"loss": loss, "reconstruction_error": mse}

    def live_snapshot(self) -> dict[str, Any]:
        model = self.modules["model"]
        model.eval()
        with torch.no_grad():
            out = model(self.fixed).float()
        model.train()
        if self.fixed.dim() != 4:
            return {"reconstructions": {"input": self.fixed.cpu().numpy(), "output": out.cpu().numpy()}}
        return {"reconstructions": {"input": self.data.denormalize(self.fixed.float()).cpu().numpy(),
                                    "output": self.data.denormalize(out).cpu().numpy()}}

    def images(self, snapshot: dict[str, Any]) -> dict[str, np.ndarray]:
        rec = snapshot.get("reconstructions")
        if not rec or rec["input"].ndim != 4:
            return {}
        # row 1 inputs, row 2 their reconstructions, and so on, eight per row
        pairs = []
        for i in range(0, len(rec["input"]), 8):
            pairs += [rec["input"][i:i + 8], rec["output"][i:i + 8]]
        return {"reconstructions": np.concatenate(pairs)}
