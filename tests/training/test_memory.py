"""A model too large for the machine fails before training with its size; an allocation failure mid-run gets
the out-of-memory sentence, not "unexpected error"."""

import netstudio.training.engine as engine_module
from netstudio.training import memory
from netstudio.training.engine import Trainer

from .conftest import points_mlp


def _wide_mlp():
    # 500 million parameters: within the per-layer bound that check enforces, too much for 4 GB
    project = points_mlp(training={"epochs": 1, "max_steps": 2}, out=20_000)
    project.graph().node("fc1").params["out_features"] = 25_000
    return project


def test_a_model_that_cannot_fit_fails_before_training_with_its_size(monkeypatch):
    monkeypatch.setattr(memory, "machine_memory", lambda device: 4 * 10**9)
    end = Trainer(_wide_mlp(), run_dir=False).run()
    assert end.kind == "failed" and end.step == 0
    assert "training needs about" in end.message and "has 4.0 GB" in end.message
    assert "make the largest layers smaller" in end.message


def test_an_allocation_failure_says_the_computer_ran_out_of_memory(monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate memory: "
                           "you tried to allocate 36000000000 bytes. Error code 12 (Cannot allocate memory)")

    monkeypatch.setattr(engine_module, "make_task", refuse)
    end = Trainer(points_mlp(training={"epochs": 1}), run_dir=False).run()
    assert end.kind == "failed" and "the computer ran out of memory" in end.message
    assert "smaller training.batch_size" in end.message and "unexpected" not in end.message
