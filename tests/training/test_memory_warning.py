"""Before training: a run whose estimate (weights, gradients, optimizer state and a batch's activations)
exceeds the device's memory starts with one sentence saying so; one that fits says nothing."""

from netstudio.compiler.cost import bytes_text
from netstudio.training import memory
from netstudio.training.config import TaskConfig, parse_training
from netstudio.training.engine import Trainer

from .conftest import points_mlp


def _estimate(project) -> int:
    cfg = parse_training(project.training)
    return sum(c.training_bytes for c in memory.training_costs(project, TaskConfig(), cfg).values())


def test_a_batch_too_big_for_the_device_is_named_in_the_first_event(monkeypatch, one_torch_thread):
    project = points_mlp(training={"epochs": 1, "max_steps": 1, "batch_size": 256, "threads": 1})
    need = _estimate(project)
    weights = 4 * (2 * 16 + 16 + 16 * 3 + 3)
    assert need > 4 * weights                    # the activations of 256 samples outweigh the 99 weights
    have = 4 * weights + 1                       # weights, gradients and Adam state fit; the batch does not
    monkeypatch.setattr(memory, "machine_memory", lambda device: have)
    started = []
    trainer = Trainer(project, run_dir=False)
    trainer.subscribe(lambda event: started.append(event) if event.kind == "started" else None)
    end = trainer.run()
    assert end.kind == "finished" and len(started) == 1     # a warning, not a refusal
    note = started[0].notes[0]
    assert note.startswith("too big for this device: training needs about " + bytes_text(need))
    assert f"a batch of 256) but this computer has {bytes_text(have)}" in note
    assert "lower training.batch_size" in note


def test_a_model_that_fits_gets_no_warning_and_cuda_counts_the_gpus_memory(monkeypatch):
    project = points_mlp(training={"batch_size": 8})
    cfg = parse_training(project.training)
    assert memory.memory_warning(project, TaskConfig(), cfg, "cpu", have=10**9) is None
    warning = memory.memory_warning(project, TaskConfig(), cfg, "cuda", have=100)
    assert warning is not None and "but the GPU has 100 B" in warning


def test_on_cuda_the_warning_names_the_gpu_and_compares_with_its_memory(monkeypatch):
    """The CUDA branch (no GPU here): torch.cuda answers as a (small, 64 MiB) card would."""
    import torch

    class Props:
        total_memory = 64 * 2**20
        name = "NVIDIA Test GPU"

    asked = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "get_device_properties", lambda device=None: asked.append(device) or Props())
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: Props.name)
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (2 * 2**30, Props.total_memory))
    device = torch.device("cuda", 0)
    assert memory.machine_memory(device) == 64 * 2**20 and asked == [device]
    project = points_mlp(training={"batch_size": 8})
    cfg = parse_training(project.training)
    assert memory.memory_warning(project, TaskConfig(), cfg, device) is None     # a tiny MLP fits
    # a batch whose activations outgrow the card: the estimate, the GPU by name and its memory are named
    cfg = parse_training({**project.training, "batch_size": 2**20})
    need = sum(c.training_bytes for c in memory.training_costs(project, TaskConfig(), cfg).values())
    assert need > 64 * 2**20
    warning = memory.memory_warning(project, TaskConfig(), cfg, device)
    assert warning.startswith(f"too big for this device: training needs about {bytes_text(need)}")
    assert f"but the GPU (NVIDIA Test GPU) has {bytes_text(64 * 2**20)}" in warning
    # the CPU branch is unchanged: the computer's RAM, and no GPU named
    cpu = memory.memory_warning(project, TaskConfig(), cfg, "cpu", have=1000)
    assert f"but this computer has {bytes_text(1000)}" in cpu and "GPU" not in cpu
