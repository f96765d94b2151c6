"""GAN: a generator and a discriminator graph trained against each other (DCGAN recipe, BCE with logits).

The curves are the ones the course plots: discriminator loss on real images, on fake images,
generator loss, and the mean discriminator outputs D(x) and D(G(z)).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from netstudio.core.errors import GraphError

from ..datasets.base import DatasetError, Split
from .base import Task, feeding_node

SAMPLES = 64
NOISE_SEED = 1234


class GanTask(Task):
    name = "gan"

    def prepare(self) -> None:
        if self.data.kind != "image":
            raise DatasetError(f"a GAN learns to draw images; {self.data.name} is not an image dataset")
        self.build("generator", self.cfg.generator)
        self.build("discriminator", self.cfg.discriminator)
        z_node = self.input_node("generator")
        from netstudio.layers import require_spec

        z_shape = tuple(require_spec("Input").resolved(z_node.params)["shape"])
        if self.cfg.latent_size is not None and z_shape != (self.cfg.latent_size,):
            raise GraphError(z_node.id, f"task.latent_size is {self.cfg.latent_size} but the generator's Input "
                             f"'{z_node.id}' has shape {list(z_shape)}: make them agree")
        self.z_shape = z_shape
        self.check_input("discriminator", self.data.train.x)
        gen = torch.Generator().manual_seed(NOISE_SEED)   # not the global RNG: snapshots never change training
        self.fixed_noise = torch.randn((SAMPLES, *z_shape), generator=gen).to(self.device)
        fake = self.probe("generator", self.fixed_noise)
        real_shape = list(self.data.train.x.shape[1:])
        if list(fake.shape[1:]) != real_shape:
            raise self.output_error("generator", f"the generator draws {list(fake.shape[1:])} but the "
                                    f"{self.data.name} images are {real_shape}: make '{feeding_node(self.graphs['generator'])}'"
                                    " produce that shape")
        score = self.probe("discriminator", self.data.train.x)
        if score.numel() != 2:
            raise self.output_error("discriminator", f"the discriminator must give one score per image but "
                                    f"'{feeding_node(self.graphs['discriminator'])}' gives {list(score.shape[1:])}: "
                                    "end it with Linear(out_features=1)")
        self.real_label = 1.0 - self.cfg.label_smoothing
        self.make_optimizers()

    def noise(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        if generator is None:
            return torch.randn((n, *self.z_shape), device=self.device)
        return torch.randn((n, *self.z_shape), generator=generator).to(self.device)

    def _extra_real(self, n: int) -> torch.Tensor:
        """A random real batch for the 2nd..k-th discriminator step."""
        idx = torch.randint(0, len(self.data.train), (n,), device=self.data.train.x.device)
        return self.data.train.x[idx]

    def train_step(self, xb, yb):
        g, d = self.modules["generator"], self.modules["discriminator"]
        opt_g, opt_d = self.optimizers["generator"], self.optimizers["discriminator"]
        n = len(xb)
        clip = self.training.grad_clip
        for k in range(self.cfg.d_steps):
            real = xb if k == 0 else self._extra_real(n)
            with torch.no_grad(), self.amp.autocast():
                fake = self.forward("generator", self.noise(n))
            opt_d.zero_grad(set_to_none=True)
            with self.amp.autocast():
                d_real = self.forward("discriminator", real).float().reshape(-1)
                d_fake = self.forward("discriminator", fake).float().reshape(-1)
                loss_real = F.binary_cross_entropy_with_logits(d_real, torch.full_like(d_real, self.real_label))
                loss_fake = F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
            total = loss_real + loss_fake
            penalty = self.l1_penalty(d)
            self.amp.backward_step(total + penalty if penalty is not None else total, opt_d, d.parameters(), clip)
        opt_g.zero_grad(set_to_none=True)
        with self.amp.autocast():
            score = self.forward("discriminator", self.forward("generator", self.noise(n))).float().reshape(-1)
            g_loss = F.binary_cross_entropy_with_logits(score, torch.ones_like(score))
        penalty = self.l1_penalty(g)
        self.amp.backward_step(g_loss + penalty if penalty is not None else g_loss, opt_g, g.parameters(), clip)
        loss_real, loss_fake, g_loss = loss_real.detach(), loss_fake.detach(), g_loss.detach()
        return {"loss": loss_real + loss_fake + g_loss, "d_loss_real": loss_real, "d_loss_fake": loss_fake,
                "g_loss": g_loss, "d_x": torch.sigmoid(d_real.detach()).mean(),
                "d_g_z": torch.sigmoid(d_fake.detach()).mean()}

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        if len(split) == 0:
            return {}
        g, d = self.modules["generator"], self.modules["discriminator"]
        self.set_train(False)
        gen = torch.Generator().manual_seed(NOISE_SEED + 1)
        sums = torch.zeros(6, device=self.device)
        with torch.no_grad(), self.amp.autocast():
            for xb, _ in self.batches(split):
                d_real = d(xb).float().reshape(-1)
                d_fake = d(g(self.noise(len(xb), gen))).float().reshape(-1)
                sums[0] += F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real), reduction="sum")
                sums[1] += F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake), reduction="sum")
                sums[2] += F.binary_cross_entropy_with_logits(d_fake, torch.ones_like(d_fake), reduction="sum")
                sums[3] += torch.sigmoid(d_real).sum()
                sums[4] += torch.sigmoid(d_fake).sum()
                sums[5] += (d_real > 0).sum() + (d_fake <= 0).sum()
        self.set_train(True)
        real, fake, gl, dx, dgz, correct = (sums / len(split)).cpu().tolist()
        return {"loss": real + fake + gl, "d_loss_real": real, "d_loss_fake": fake, "g_loss": gl, "d_x": dx,
                "d_g_z": dgz, "d_acc": correct / 2}

    def live_snapshot(self) -> dict[str, Any]:
        g = self.modules["generator"]
        g.eval()
        with torch.no_grad():
            fake = g(self.fixed_noise).float()
        g.train()
        return {"samples": self.data.denormalize(fake).cpu().numpy()}

    def images(self, snapshot: dict[str, Any]) -> dict[str, np.ndarray]:
        return {"samples": snapshot["samples"]} if "samples" in snapshot else {}

    def activation_inputs(self) -> dict[str, tuple]:
        split = self.data.val if len(self.data.val) else self.data.train
        return {"generator": (self.fixed_noise[:8],), "discriminator": (split.x[:8],)}
