import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the persistent shape cache of a test run (and its subprocesses) is its own, never the user's
import tempfile  # noqa: E402

os.environ.setdefault("NETSTUDIO_CACHE_DIR", tempfile.mkdtemp(prefix="netstudio-test-cache-"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_projects"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def one_torch_thread():
    """One PyTorch thread for the test: the suite runs beside other work on a shared 2-core machine,
    where PyTorch's default count collapses; the engine keeps what is set unless a project says."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def make_project_dict(nodes, edges, **extra):
    """A version-1 project dict with one graph 'model' (for tests that write files)."""
    data = {"format": "netstudio-project", "version": 1, "name": "Test",
            "graphs": {"model": {"nodes": nodes, "edges": edges}}, "task": {}, "data": {}, "training": {}}
    data.update(extra)
    return data
