"""Training on several processes with PyTorch's own runtime: torchrun launches, DDP all-reduces.

``launch`` (the ``netstudio train --nproc N`` side) calls torchrun's launcher in-process; it
starts ``python -m netstudio train PROJECT --distributed-worker ...`` once per worker. Each worker
builds a ``Trainer`` with a ``DistributedRun``, which the engine asks for:

- its device and backend (``cuda:<LOCAL_RANK>`` with NCCL, else the CPU with gloo);
- its shard of each epoch's shuffled order (the permutation is seeded per epoch, so every rank
  draws the same one; rank r takes positions r, r + N, ... as ``DistributedSampler`` does, so
  global batch k holds the same samples as batch k of a one-process run);
- the mean over ranks of every step's loss (one small all-reduce per step; gradients go through DDP);
- rank 0's validation metrics (rank 0 alone validates, tests and writes; the others receive the
  numbers so that schedules and early stopping decide alike everywhere).

Checkpoints hold the plain modules' state dicts (DDP only wraps the training forward), so a run
resumes on any number of workers.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.distributed as dist

from netstudio.core.errors import NetStudioError, ProjectError

WORKER_FLAG = "--distributed-worker"
SUPPORTED_TASKS = ("classify", "regress", "autoencode", "sequence")
# Test hook: the worker of this rank ends abruptly (exit code 3) after this many steps, on the first attempt only.
DIE_RANK_ENV, DIE_STEP_ENV = "NETSTUDIO_TEST_DIE_RANK", "NETSTUDIO_TEST_DIE_STEP"


def check_batch(batch_size: int, workers: int) -> None:
    """The global batch must split evenly over the workers (the learning rate is never rescaled)."""
    if batch_size % workers:
        raise ProjectError(f"training.batch_size {batch_size} cannot be split evenly over {workers} workers: "
                           f"use a multiple of {workers} (each worker trains on batch_size / workers samples)",
                           field="training.batch_size")


def check_task(task_type: str) -> None:
    """DDP wraps one model trained by one loss: the GAN's two alternating models train in one process."""
    if task_type not in SUPPORTED_TASKS:
        raise ProjectError(f"a {task_type} task trains in one process only (distributed training supports "
                           f"{', '.join(SUPPORTED_TASKS)}): train it without --nproc", field="task.type")


# ----- the launcher side -----
@dataclass
class LaunchOptions:
    """torchrun's settings as ``netstudio train`` takes them."""

    nproc: int = 1
    nnodes: int = 1
    node_rank: int | None = None
    rdzv_endpoint: str | None = None
    max_restarts: int = 0

    def torchrun_args(self) -> list[str]:
        """torchrun's own options: standalone on one machine, a c10d rendezvous (or static ranks) on several."""
        args = ["--nproc-per-node", str(self.nproc), "--max-restarts", str(self.max_restarts)]
        if self.nnodes == 1 and not self.rdzv_endpoint:
            return args + ["--standalone"]
        if not self.rdzv_endpoint:
            raise NetStudioError(f"--nnodes {self.nnodes} needs --rdzv-endpoint HOST:PORT (a machine every node "
                                 "can reach, usually the one of node rank 0)")
        host, _, port = self.rdzv_endpoint.rpartition(":")
        if not host or not port.isdigit():
            raise NetStudioError(f"--rdzv-endpoint must be HOST:PORT, such as 10.0.0.1:29400, not "
                                 f"{self.rdzv_endpoint!r}")
        args += ["--nnodes", str(self.nnodes)]
        if self.node_rank is not None:   # fixed node ranks: torchrun's static rendezvous
            return args + ["--rdzv-backend", "static", "--node-rank", str(self.node_rank),
                           "--master-addr", host, "--master-port", port]
        return args + ["--rdzv-backend", "c10d", "--rdzv-endpoint", self.rdzv_endpoint,
                       "--rdzv-id", "netstudio"]


def launch(options: LaunchOptions, worker_args: list[str], threads: int | None = None) -> None:
    """Run ``python -m netstudio train <worker_args> --distributed-worker`` on every worker through torchrun.

    Returns when all workers finished. ``threads``: OMP/torch threads per worker (default: this
    machine's cores shared out).

    Raises
    ------
    NetStudioError
        naming the rank of the worker that failed (and its message, when it left one).
    """
    import logging

    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.run import parse_args, run

    cores = os.cpu_count() or 1
    saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "TORCH_DISABLE_SHARE_RDZV_TCP_STORE")}
    os.environ["OMP_NUM_THREADS"] = str(threads or max(1, cores // options.nproc))   # torchrun passes it on
    if options.max_restarts:
        # restarted workers reusing the rendezvous' store could read the dead workers' gloo addresses from
        # it (seen here: "connectFullMesh failed ... Connection refused"); a store of their own is fresh
        os.environ["TORCH_DISABLE_SHARE_RDZV_TCP_STORE"] = "1"
    logging.getLogger("torch.distributed.elastic").setLevel(logging.CRITICAL)   # failure_message says it once
    argv = options.torchrun_args() + ["-m", "netstudio", "train", *worker_args, WORKER_FLAG]
    try:
        run(parse_args(argv))
    except ChildFailedError as exc:
        raise NetStudioError(failure_message(exc.failures, options.max_restarts)) from None
    except SignalException as exc:   # Ctrl+C or a kill of the launcher: torchrun has stopped the workers
        raise NetStudioError(f"interrupted ({exc.sigval.name}): the workers were stopped; the run folder keeps its "
                             "last checkpoint (continue with --resume RUN_DIR)") from None
    finally:   # the launcher's own environment as it was (netstudio may run in a longer-lived process)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


PEER_LOST = ("lost contact with another worker", "connection closed by peer", "remote worker", "connection reset by peer", "broken pipe")


def lost_a_peer(message: str) -> bool:
    """Did this worker fail only because another one had ended (gloo/NCCL report the broken connection)?"""
    return any(s in message.lower() for s in PEER_LOST)


def failure_message(failures: dict, restarts: int) -> str:
    """Which worker ended the run, by rank and how; the ones that only went down with it are summed up.

    A worker that left a message or an exit code is a cause; one killed by a signal without a message
    is a cause only when no worker is (the agent stops the others with SIGTERM once one has failed);
    one whose message says it lost its connection never is.
    """
    causes, signalled, followers = [], [], []
    for rank, failure in sorted(failures.items()):
        message = failure.message if isinstance(failure.message, str) else failure.message.get("message", "")
        if message.startswith(("To enable traceback", "Signal")):
            message = ""
        if message and lost_a_peer(message):
            followers.append(rank)
        elif message:
            causes.append((rank, f"worker rank {rank} failed: {message}"))   # the sentence the worker left
        elif failure.exitcode >= 0:
            causes.append((rank, f"worker rank {rank} ended with exit code {failure.exitcode}"))
        else:
            signalled.append((rank, f"worker rank {rank} was killed by signal {failure.signal_name()}"))
    if not causes:
        causes, signalled = signalled, []
    followers = sorted(followers + [rank for rank, _ in signalled])
    if not causes:   # every report is about a lost connection: name them all
        causes = [(r, f"worker rank {r} lost contact with the others") for r in followers]
        followers = []
    again = f" after {restarts} restart(s)" if restarts else ""
    tail = f" (worker rank(s) {', '.join(map(str, followers))} stopped because it ended)" if followers else ""
    return f"distributed training stopped{again}: " + "; ".join(text for _, text in causes) + tail


def write_worker_error(message: str) -> None:
    """Leave a failed worker's one-line message where torchrun reads it back for the launcher."""
    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if path:
        try:
            Path(path).write_text(json.dumps({"message": message, "timestamp": int(time.time())}), encoding="utf-8")
        except OSError:
            pass


def restart_count() -> int:
    return int(os.environ.get("TORCHELASTIC_RESTART_COUNT", "0") or 0)


# ----- the worker side -----
class DistributedRun:
    """One worker's part of a distributed run (built from the environment torchrun sets).

    Parameters
    ----------
    sync_batchnorm : bool
        Replace BatchNorm layers by ``SyncBatchNorm`` (statistics over the global batch; CUDA only).
    """

    def __init__(self, sync_batchnorm: bool = False) -> None:
        self.rank = int(os.environ.get("RANK", "0"))
        self.world_size = int(os.environ.get("WORLD_SIZE", "1"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.local_world_size = int(os.environ.get("LOCAL_WORLD_SIZE", str(self.world_size)))
        self.sync_batchnorm = sync_batchnorm
        self.device: torch.device | None = None
        self.backend = ""
        self._die_at = None
        if os.environ.get(DIE_RANK_ENV) == str(self.rank) and restart_count() == 0:
            self._die_at = int(os.environ.get(DIE_STEP_ENV, "1"))
        self._steps = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def start(self, cfg, task_type: str) -> torch.device:
        """Check the settings, pick the device, join the process group; returns the device."""
        check_task(task_type)
        check_batch(cfg.batch_size, self.world_size)
        from .devices import resolve_device

        kind = resolve_device(cfg.device).type   # a device that is not here is refused as in one process
        if kind == "cuda":   # one GPU per local worker, whatever cuda:N the project names
            if self.local_rank >= torch.cuda.device_count():
                raise ProjectError(f"{self.local_world_size} workers on this machine need as many GPUs, and it has "
                                   f"{torch.cuda.device_count()}: use --nproc {torch.cuda.device_count()}")
            self.device, self.backend = torch.device("cuda", self.local_rank), "nccl"
            torch.cuda.set_device(self.device)
        else:   # the CPU (DDP has no Apple-GPU backend: mps trains in one process only)
            self.device, self.backend = torch.device("cpu"), "gloo"
        if self.sync_batchnorm and self.device.type != "cuda":
            raise ProjectError("--sync-batchnorm needs CUDA GPUs (PyTorch's SyncBatchNorm does not run on the CPU): "
                               "leave it out on the CPU")
        if not dist.is_initialized():
            dist.init_process_group(self.backend, device_id=self.device if self.backend == "nccl" else None)
        return self.device

    def finish(self) -> None:
        if dist.is_initialized():
            dist.destroy_process_group()

    def note(self, batch_size: int) -> str:
        return (f"{self.world_size} workers ({self.backend}); each trains on 1/{self.world_size} of the training split "
                f"with {batch_size // self.world_size} of the global batch of {batch_size}")

    # ----- the model -----
    def wrap(self, task) -> None:
        """Train through DistributedDataParallel; ``task.modules`` keep the plain modules (checkpoints, eval)."""
        from torch.nn.parallel import DistributedDataParallel as DDP

        for name, module in task.modules.items():
            if self.sync_batchnorm:   # replaces the BatchNorm children in place, sharing their parameters
                torch.nn.SyncBatchNorm.convert_sync_batchnorm(module)
            ids = [self.device.index] if self.device.type == "cuda" else None
            task.wrapped[name] = DDP(module, device_ids=ids)

    def reseed(self, seed: int, step: int) -> None:
        """Different dropout and augmentation draws on each rank; rank 0 keeps a one-process run's stream."""
        if self.rank:
            torch.manual_seed((seed * 1000003 + step * 7919 + self.rank) % (2 ** 63))

    # ----- the data -----
    def shard(self, perm: torch.Tensor) -> torch.Tensor:
        """This rank's positions of an epoch's order, padded (by wrapping) so that every rank has as many."""
        per_rank = math.ceil(len(perm) / self.world_size)
        pad = per_rank * self.world_size - len(perm)
        if pad:
            perm = torch.cat([perm, perm[:pad]])
        return perm[self.rank::self.world_size]

    def shard_size(self, samples: int) -> int:
        return math.ceil(samples / self.world_size)

    # ----- metrics -----
    def average(self, values: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """A step's 0-d values averaged over the ranks (one all-reduce)."""
        self._steps += 1
        if self._die_at is not None and self._steps >= self._die_at:
            os._exit(3)
        keys = list(values)
        table = torch.stack([values[k].float() for k in keys])
        dist.all_reduce(table)
        table /= self.world_size
        return {k: table[i] for i, k in enumerate(keys)}

    def share(self, metrics: dict) -> dict:
        """Rank 0's metrics, on every rank."""
        box = [metrics if self.is_main else None]
        dist.broadcast_object_list(box, src=0)
        return box[0]


__all__ = ["DistributedRun", "LaunchOptions", "WORKER_FLAG", "check_batch", "check_task", "failure_message", "launch",
           "restart_count", "write_worker_error"]
