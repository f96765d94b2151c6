"""What every task shares: model building and checks, optimizers, one supervised step, batched eval."""

from __future__ import annotations

import contextlib
from typing import Any, Callable

import numpy as np
import torch
from torch import nn

from netstudio.compiler import build_module
from netstudio.core.errors import GraphError, ProjectError
from netstudio.layers import require_spec

from ..config import TaskConfig, TrainingConfig
from ..datasets.base import DataBundle, Split
from ..snapshots import activations, locate_failure

EVAL_BATCH = 512
FUSED = ("sgd", "adam", "adamw")   # optimizers with fused kernels on CPU and CUDA (torch >= 2.4)


def make_optimizer(params, cfg: TrainingConfig) -> torch.optim.Optimizer:
    """The optimizer named by ``training.optimizer`` with its parameters and weight decay (L2)."""
    o = dict(cfg.optimizer)
    kind = o.pop("type")
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    cls = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
           "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    params = list(params)
    if kind in FUSED:
        # the fused kernels (CPU and CUDA) update every parameter in one call: for small models the
        # per-tensor Python loop of the default implementation costs as much as the backward pass
        try:
            return cls(params, weight_decay=cfg.weight_decay, fused=True, **o)
        except (RuntimeError, ValueError, TypeError):
            pass  # a device or dtype without a fused kernel: the default implementation
    return cls(params, weight_decay=cfg.weight_decay, **o)


def feeding_node(graph) -> str | None:
    """The node whose value the model returns (the one wired into the Output node)."""
    from netstudio.compiler.fx_build import output_nodes

    outs = output_nodes(graph)
    if not outs:
        return None
    nid = outs[0]
    if graph.node(nid).type == "Output":
        edges = graph.in_edges(nid)
        return edges[0].src if edges else nid
    return nid


def width_fix(graph, node_id: str, want: int) -> str:
    node = graph.node(node_id)
    for param in ("out_features", "out_channels", "hidden_size"):
        if param in node.params or any(p.name == param for p in require_spec(node.type).params):
            return f"set {param} of '{node_id}' to {want}"
    return f"make '{node_id}' produce {want} values"


class Amp:
    """Mixed precision on CUDA (bfloat16 where supported, else float16 with a GradScaler); a no-op elsewhere."""

    def __init__(self, enabled: bool, device: torch.device) -> None:
        self.enabled = bool(enabled and device.type == "cuda")
        self.dtype = torch.bfloat16 if self.enabled and torch.cuda.is_bf16_supported() else torch.float16
        self.scaler = torch.amp.GradScaler("cuda") if self.enabled and self.dtype == torch.float16 else None
        self.device_type = device.type

    def autocast(self):
        if not self.enabled:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device_type, dtype=self.dtype)

    def backward_step(self, loss: torch.Tensor, opt: torch.optim.Optimizer, params, clip: float | None) -> None:
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            if clip:
                self.scaler.unscale_(opt)
                nn.utils.clip_grad_norm_(params, clip)
            self.scaler.step(opt)
            self.scaler.update()
            return
        loss.backward()
        if clip:
            nn.utils.clip_grad_norm_(params, clip)
        opt.step()


class Task:
    """One training task. Subclasses set ``self.modules``/``self.optimizers`` and implement the hooks."""

    name = "task"

    def __init__(self, project, task: TaskConfig, training: TrainingConfig, data: DataBundle,
                 device: torch.device) -> None:
        self.project, self.cfg, self.training, self.data, self.device = project, task, training, data, device
        self.amp = Amp(training.mixed_precision, device)
        self.modules: dict[str, nn.Module] = {}
        self.optimizers: dict[str, torch.optim.Optimizer] = {}
        self.graphs: dict[str, Any] = {}
        self.wrapped: dict[str, nn.Module] = {}   # DDP wrappers the training forward goes through (distributed runs)

    # ----- building -----
    def build(self, name: str, graph_name: str) -> nn.Module:
        graph = self.project.graph(graph_name)
        module = build_module(graph)
        from ..finetune import freeze_nodes

        freeze_nodes(module, graph)   # layers marked "trainable": false keep their weights
        inputs = [n for n in graph if n.type == "Input"]
        if len(inputs) != 1:
            raise GraphError(None, f"graph '{graph_name}' has {len(inputs)} Input nodes; training feeds one "
                             "dataset tensor, so use exactly one Input")
        self.modules[name] = module.to(self.device)
        self.graphs[name] = graph
        return module

    def input_node(self, name: str):
        return next(n for n in self.graphs[name] if n.type == "Input")

    def check_input(self, name: str, sample: torch.Tensor) -> None:
        """The dataset's samples must match the Input node's shape and dtype."""
        node = self.input_node(name)
        params = require_spec("Input").resolved(node.params)
        want = list(params["shape"])
        got = list(sample.shape[1:])
        if len(want) != len(got) or any(w not in (-1, g) for w, g in zip(want, got)):
            raise GraphError(node.id, f"Input '{node.id}' has shape {want} but the {self.data.name} samples have shape "
                             f"{got}: set the Input's shape to {got}")
        is_int = not sample.is_floating_point()
        if is_int != (params["dtype"] == "int64"):
            kind = "token ids (int64)" if is_int else "numbers (float32)"
            raise GraphError(node.id, f"the {self.data.name} samples are {kind}: set the dtype of Input '{node.id}' to "
                             f"{'int64' if is_int else 'float32'}")

    def probe(self, name: str, x: torch.Tensor) -> torch.Tensor:
        """The model's output on two samples (eval mode), naming the node when the forward fails."""
        module = self.modules[name]
        was = module.training
        module.eval()
        try:
            with torch.no_grad():
                out = self.forward(name, x[:2])
        finally:
            module.train(was)
        if isinstance(out, (tuple, list)):
            raise GraphError(feeding_node(self.graphs[name]), f"graph '{name}' has {len(out)} outputs; this task "
                             "trains on one: keep a single Output node")
        return out

    def forward(self, name: str, x: torch.Tensor):
        try:
            return self.wrapped.get(name, self.modules[name])(x)
        except torch.OutOfMemoryError:
            raise
        except Exception as exc:  # IndexError from Embedding, RuntimeError from shapes: find the node
            if "out of memory" in str(exc).lower():
                raise
            failure = locate_failure(self.graphs[name], self.modules[name], (x,))
            if failure is not None:
                raise failure from None
            raise

    def output_error(self, name: str, message: str) -> GraphError:
        return GraphError(feeding_node(self.graphs[name]), message)

    def make_optimizers(self) -> None:
        for name, module in self.modules.items():
            from ..finetune import trainable_parameters

            self.optimizers[name] = make_optimizer(trainable_parameters(module, name), self.training)

    def l1_penalty(self, module: nn.Module) -> torch.Tensor | None:
        if not self.training.l1:
            return None
        weights = [p.abs().sum() for p in module.parameters() if p.requires_grad and p.dim() > 1]
        return self.training.l1 * torch.stack(weights).sum() if weights else None

    # ----- one supervised step (classify, regress, autoencode, next_char) -----
    def supervised_step(self, xb: torch.Tensor, yb: torch.Tensor, loss_fn: Callable) -> dict[str, torch.Tensor]:
        model = self.modules["model"]
        opt = self.optimizers["model"]
        opt.zero_grad(set_to_none=True)
        with self.amp.autocast():
            out = self.forward("model", xb)
            loss = loss_fn(out.float() if self.amp.enabled else out, yb)
        total = loss
        penalty = self.l1_penalty(model)
        if penalty is not None:
            total = loss + penalty
        self.amp.backward_step(total, opt, model.parameters(), self.training.grad_clip)
        return {"loss": loss.detach()}

    def batches(self, split: Split, batch: int = EVAL_BATCH):
        for i in range(0, len(split), batch):
            yield split.x[i:i + batch], split.y[i:i + batch]

    # ----- hooks -----
    def prepare(self) -> None:
        """Build modules, check shapes against the dataset, make optimizers."""
        raise NotImplementedError

    def train_step(self, xb: torch.Tensor, yb: torch.Tensor) -> dict[str, torch.Tensor]:
        """One optimisation step; returns detached 0-d tensors, ``loss`` first."""
        raise NotImplementedError

    def evaluate(self, split: Split, full: bool = False) -> dict[str, Any]:
        """Metrics on a split; ``full`` adds arrays (confusion matrix, wrong examples)."""
        raise NotImplementedError

    def live_snapshot(self) -> dict[str, Any]:
        """Task-specific pictures, cheap enough for every few seconds."""
        return {}

    def images(self, snapshot: dict[str, Any]) -> dict[str, np.ndarray]:
        """(N, C, H, W) image grids in [0, 1] worth writing as PNGs into the run folder."""
        return {}

    def activation_inputs(self) -> dict[str, tuple]:
        """For each module name: the fixed inputs whose activations snapshots show."""
        if len(self.data.val):
            return {"model": (self.data.val.x[:8],)}
        return {"model": (self.data.train.x[:8],)}

    def node_activations(self, nodes) -> dict[str, np.ndarray]:
        """Activations keyed by node id; with two graphs (GAN) keyed "graph/node" (either form selects)."""
        feeds = self.activation_inputs()
        out = {}
        for name, inputs in feeds.items():
            if name not in self.modules:     # the run ended before its model was built (stopped, failed)
                continue
            wanted = {n.split("/", 1)[1] if n.startswith(name + "/") else n for n in nodes}
            found = activations(self.graphs[name], self.modules[name], inputs, wanted)
            out.update({(f"{name}/{k}" if len(feeds) > 1 else k): v for k, v in found.items()})
        return out

    def set_train(self, mode: bool) -> None:
        for m in self.modules.values():
            m.train(mode)


def require(condition: bool, message: str, field: str = "task") -> None:
    if not condition:
        raise ProjectError(message, field=field)
