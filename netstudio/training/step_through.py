"""Step through one training batch, node by node: what each node outputs, then how much gradient reaches it.

``StepThrough(project).prepare()`` sets a training run up exactly as ``Trainer`` does (same data
pipeline, seed, first batch of the first epoch, augmentation, the project's own weights) without
starting it. ``forward()`` runs that batch through the compiled model with ``NodeInterpreter``
(an ``fx.Interpreter`` that reads every value back per diagram node) under the task's own training
step, so the loss is the one training minimises (label smoothing, L1 penalty included), but the
optimizer never steps: the weights stay as they were. ``backward()`` then calls ``backward`` once
and reads, per node, the norm of the gradient of its output and of its weights.

No Qt here: the GUI runs these calls on a worker thread and shows the ``NodeTensor``/``NodeGrad``
summaries (small numpy arrays and floats) on the canvas.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import torch

from netstudio.core.errors import NetStudioError

from .snapshots import NodeInterpreter

MAX_TILES = 8        # feature maps: the first channels of the first sample
MAX_BARS = 32        # vectors: the first values of the first sample


@dataclass
class NodeTensor:
    """What one node output on the batch: its shape (without the batch), statistics over the whole batch,
    and a small picture of the first sample.

    ``kind``: "maps" (C, H, W: ``picture`` is (k, H, W) in [0, 1], each tile scaled on its own),
    "vector" (F,: ``picture`` the first values), "sequence" (T, F: ``picture`` a (1, T, F) map in
    [0, 1]), "scalar", or "other" (ids, tuples: no picture).
    """

    node: str
    shape: tuple[int, ...]
    minimum: float
    mean: float
    maximum: float
    std: float
    kind: str
    picture: np.ndarray | None = None
    channels: int = 0          # maps: how many channels there are (the picture shows the first few)


@dataclass
class NodeGrad:
    """Gradient norms of one node after ``backward``: of its outputs (all ports together; None when nothing
    downstream of it reaches the loss, or an integer input) and of its weights (None for a node without
    weights)."""

    node: str
    output_norm: float | None
    weight_norm: float | None
    weight_grad_norm: float | None


def _unit(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return ((x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)).astype(np.float32)


def summarize(node: str, value) -> NodeTensor:
    """The ``NodeTensor`` of one value (a batch-first tensor)."""
    if not isinstance(value, torch.Tensor):
        return NodeTensor(node, (), float("nan"), float("nan"), float("nan"), float("nan"), "other")
    v = value.detach()
    shape = tuple(v.shape[1:])
    f = v.float()
    numbers = torch.stack([f.min(), f.mean(), f.max(), f.std() if f.numel() > 1 else f.new_zeros(())]).cpu().tolist()
    first = f[0].cpu().numpy() if v.dim() >= 1 and len(v) else f.cpu().numpy()
    kind, picture, channels = "other", None, 0
    if not v.is_floating_point():
        kind = "other"
    elif len(shape) == 3:
        kind, channels = "maps", shape[0]
        picture = np.stack([_unit(c) for c in first[:MAX_TILES]])
    elif len(shape) == 2:
        kind, picture = "sequence", _unit(first)[None]
    elif len(shape) == 1:
        kind, picture = "vector", first[:MAX_BARS].astype(np.float32)
    elif len(shape) == 0:
        kind = "scalar"
    return NodeTensor(node, shape, *numbers, kind=kind, picture=picture, channels=channels)


class _HoldLoss:
    """Stands in for the task's ``Amp``: keeps the loss the training step would back-propagate."""

    enabled = False

    def __init__(self) -> None:
        self.total: torch.Tensor | None = None

    def autocast(self):
        return contextlib.nullcontext()

    def backward_step(self, loss, opt, params, clip) -> None:
        self.total = loss


class _NoStep:
    """Stands in for the optimizer: the step-through looks, it never changes a weight."""

    def zero_grad(self, set_to_none: bool = True) -> None:
        pass


class StepThrough:
    """One batch of a project's training, forward node by node and backward once.

    Parameters
    ----------
    project : netstudio.core.project.Project
        Copied; its task must train one model (a GAN's two are refused).
    overrides : dict, optional
        Training settings as for ``Trainer`` (``batch_size``, ``device``, ``seed``...).
    checkpoint : path, optional
        A checkpoint whose weights to look at (a trained model); default: the project's own weights
        or a fresh initialisation from the seed, as training's first step sees them.

    Attributes
    ----------
    order : list of str
        Node ids in the order the forward pass computes them (topological, Input first).
    loss : float or None
        The batch's loss after ``forward``.
    values : dict of str to Tensor
        Every node's output after ``forward`` (first output port), still in the autograd graph.
    """

    def __init__(self, project, overrides: dict | None = None, checkpoint=None) -> None:
        from .config import parse_task
        from .engine import Trainer

        kind = parse_task(project.task).type
        if kind == "gan":
            raise NetStudioError("step through works on one model, but a GAN trains two (generator and "
                                 "discriminator): step through a classify, regress or autoencode project")
        self.trainer = Trainer(project, overrides, run_dir=False)
        self.checkpoint = checkpoint
        self.order: list[str] = []
        self.values: dict[str, torch.Tensor] = {}
        self.loss: float | None = None
        self.batch: tuple[torch.Tensor, torch.Tensor] | None = None
        self._total: torch.Tensor | None = None
        self._interpreter: NodeInterpreter | None = None
        self._grads: dict[str, NodeGrad] | None = None

    @property
    def task(self):
        return self.trainer.task

    @property
    def graph(self):
        return self.task.graphs["model"]

    @property
    def module(self):
        return self.task.modules["model"]

    def prepare(self) -> None:
        """Load the data and build the model as training would; pick its first batch.

        Raises
        ------
        NetStudioError
            for a project that cannot train (a dataset missing, a shape error), with training's message;
            ProjectError when the checkpoint does not fit the graph (edited since it was trained).
        """
        t = self.trainer
        t._setup()   # the same setup as a run: device, seed, data, task, project weights, augmentation
        if self.checkpoint:
            from . import runs

            weights, _optimizer, _meta = runs.load_checkpoint(self.checkpoint)
            runs.load_module_weights(self.task.modules, weights, self.checkpoint)   # names the misfit, if any
        loop = t.loop
        perm = torch.randperm(len(t.data.train), generator=torch.Generator().manual_seed(t.cfg.seed * 100003))
        batches = loop.batches.epoch(perm, loop.batch_size, 0, loop.steps_per_epoch)
        try:
            xb, yb = next(batches)
        finally:
            batches.close()
            loop.batches.close()
        if xb.device != t.device:
            xb, yb = xb.to(t.device), yb.to(t.device)
        if loop.augment is not None:
            xb = loop.augment(xb)
        self.batch = (xb, yb)
        self.order = self.graph.topological_order()

    def forward(self) -> list[NodeTensor]:
        """Run the batch forward (training mode, the task's loss); the summaries in ``order``."""
        if self.batch is None:
            self.prepare()
        task = self.task
        amp, optimizers = task.amp, task.optimizers
        hold = _HoldLoss()
        task.amp, task.optimizers = hold, {name: _NoStep() for name in optimizers}
        task.forward = self._forward             # the instance attribute shadows Task.forward for this call
        task.set_train(True)
        try:
            for p in self.module.parameters():
                p.grad = None
            values = task.train_step(*self.batch)
        finally:
            del task.forward
            task.amp, task.optimizers = amp, optimizers
        self._total = hold.total
        self.loss = float(values["loss"])
        self.values = {}
        self._ports: dict[str, list[torch.Tensor]] = {}
        for node_id in self.order:
            value = self._interpreter.value_of(node_id)
            if isinstance(value, torch.Tensor):
                self.values[node_id] = value
            # every output port's tensor: an LSTM whose sequence nothing reads still passes its last
            # state on, and that is where its gradient arrives
            ports = [value] + [self._interpreter.value_of(node_id, p) for p in range(1, self._port_count(node_id))]
            self._ports[node_id] = [v for v in ports if isinstance(v, torch.Tensor) and v.requires_grad]
            for v in self._ports[node_id]:
                if v.grad_fn is not None:
                    v.retain_grad()              # its gradient is read after backward
        self._grads = None
        return [summarize(n, self.values.get(n, self._interpreter.value_of(n))) for n in self.order]

    def _port_count(self, node_id: str) -> int:
        from netstudio.layers import require_spec

        node = self.graph.node(node_id)
        spec = require_spec(node.type)
        return max(1, len(spec.ports_out(spec.resolved(node.params))))

    def _forward(self, name: str, x: torch.Tensor):
        if x.is_floating_point():
            x = x.detach().requires_grad_(True)  # the input's own gradient (which pixels matter)
        self._interpreter = NodeInterpreter(self.graph, self.module)
        return self._interpreter.run(x)

    def backward(self) -> dict[str, NodeGrad]:
        """Back-propagate the batch's loss once; per node, the norms of its output's and its weights' gradients."""
        if self._grads is not None:
            return self._grads
        if self._total is None:
            raise NetStudioError("run the batch forward before the backward pass")
        self._total.backward()
        modules = dict(self.module.named_children())
        grads = {}
        for node_id in self.order:
            port_grads = [v.grad.float().norm() for v in self._ports.get(node_id, []) if v.grad is not None]
            out_norm = float(torch.stack(port_grads).norm()) if port_grads else None
            weights = [p for p in modules[node_id].parameters()] if node_id in modules else []
            w_norm = float(torch.stack([p.detach().float().norm() for p in weights]).norm()) if weights else None
            wg = [p.grad for p in weights if p.grad is not None]
            wg_norm = float(torch.stack([g.float().norm() for g in wg]).norm()) if wg else None
            grads[node_id] = NodeGrad(node_id, out_norm, w_norm, wg_norm)
        self._grads = grads
        return grads


__all__ = ["StepThrough", "NodeTensor", "NodeGrad", "summarize"]
