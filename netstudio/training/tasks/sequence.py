"""Next-character language model: cross-entropy at every position, accuracy, perplexity, sampled text."""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from ..datasets import text as text_data
from ..datasets.base import Split
from .base import Task, feeding_node, width_fix

SAMPLE_SEED = 4321


class NextCharTask(Task):
    name = "next_char"

    def prepare(self) -> None:
        self.build("model", self.cfg.graph)
        self.check_input("model", self.data.train.x)
        out = self.probe("model", self.data.train.x)
        vocab = len(self.data.vocab)
        graph = self.graphs["model"]
        node = feeding_node(graph)
        if out.dim() != 3 or out.shape[1] != self.data.train.x.shape[1] or out.shape[2] != vocab:
            got = list(out.shape[1:])
            raise self.output_error("model", f"a next-character model must give {vocab} scores (the text's vocabulary)"
                                    f" at each of the {self.data.train.x.shape[1]} positions, but '{node}' gives "
                                    f"{got}: {width_fix(graph, node, vocab)} and keep the sequence (use the "
                                    "recurrent layer's sequence output)")
        self.vocab = vocab
        self.context = self.data.train.x.shape[1]
        self.make_optimizers()

    def loss_fn(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))

    def train_step(self, xb, yb):
        return self.supervised_step(xb, yb, self.loss_fn)

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        if len(split) == 0:
            return {}
        model = self.modules["model"]
        model.eval()
        sums = torch.zeros(2, device=self.device)
        with torch.no_grad(), self.amp.autocast():
            for xb, yb in self.batches(split, 256):
                out = model(xb).float()
                sums[0] += self.loss_fn(out, yb) * yb.numel()
                sums[1] += (out.argmax(-1) == yb).sum()
        model.train()
        tokens = split.y.numel()
        loss, correct = sums.cpu().tolist()
        loss /= tokens
        result = {"loss": loss, "acc": correct / tokens, "perplexity": math.exp(min(loss, 50))}
        if full:
            result["text"] = self.generate()
        return result

    def generate(self, length: int | None = None, prompt: str | None = None, temperature: float | None = None,
                 seed: int = SAMPLE_SEED) -> str:
        """Sample text one character at a time, feeding the last ``context`` characters back in."""
        length = length or self.cfg.generate_length
        temperature = temperature or self.cfg.temperature
        prompt = prompt if prompt is not None else (self.cfg.prompt or text_data.decode(self.data.train.x[0][:16]))
        ids = text_data.encode(prompt).tolist() or [0]
        gen = torch.Generator().manual_seed(seed)      # never the global RNG (resume must be exact)
        model = self.modules["model"]
        model.eval()
        pad = [text_data.VOCAB.index("\n")] * self.context
        with torch.no_grad():
            for _ in range(length):
                # always the full window, left-padded with newlines: one input shape, so recurrent
                # kernels are prepared once instead of once per context length
                ctx = torch.tensor([(pad + ids)[-self.context:]], device=self.device)
                logits = model(ctx)[0, -1].float().cpu() / temperature
                ids.append(int(torch.multinomial(logits.softmax(-1), 1, generator=gen)))
        model.train()
        return text_data.decode(ids)

    def live_snapshot(self) -> dict[str, Any]:
        return {"text": self.generate(length=min(self.cfg.generate_length, 120))}
