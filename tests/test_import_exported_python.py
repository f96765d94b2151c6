"""An imported model, exported again as plain PyTorch, runs where NetStudio cannot be imported and agrees.

Each model goes the user's way: ``netstudio import`` writes the project and its weights,
``netstudio export --format python`` writes the module file and the weights beside it, and a fresh
interpreter whose import path cannot reach NetStudio runs that file on the same input as the original.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.export.python_code import export_class_name

torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import importlib.util, json, os, runpy, sys
# the exported files alone: no editable-install finder and no source tree on the import path
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in (getattr(f, "__module__", "") or "")]
sys.path[:] = [p for p in sys.path if p and "__editable__" not in p and os.path.realpath(p) != sys.argv[1]]
assert importlib.util.find_spec("netstudio") is None, "netstudio is importable"
import torch
from safetensors.torch import load_file, save_file
torch.set_num_threads(1)
for code, cls, weights, x, y in json.loads(sys.argv[2]):
    model = runpy.run_path(code)[cls]()
    model.load_state_dict(load_file(weights))
    model.eval()
    with torch.no_grad():
        save_file({"y": model(load_file(x)["x"]).contiguous()}, y)
'''


def _export_and_run(jobs: list[tuple[str, Path, torch.nn.Module, list[int]]], tmp_path: Path) -> dict[str, float]:
    """For each (name, project, original, shape): export Python, run it without NetStudio, the largest difference."""
    from safetensors.torch import load_file, save_file

    runs, expected = [], {}
    for name, project_path, original, shape in jobs:
        code = tmp_path / f"{name}_exported.py"
        assert main(["export", str(project_path), "--format", "python", "-o", str(code)]) == 0
        assert "netstudio" not in code.read_text().split('"""', 2)[2]   # only the docstring names NetStudio
        x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(5))
        save_file({"x": x}, tmp_path / f"{name}_x.safetensors")
        with torch.no_grad():
            expected[name] = original.eval()(x)
        cls = export_class_name(netstudio.load_project(project_path))
        runs.append([str(code), cls, str(code.with_suffix(".safetensors")), str(tmp_path / f"{name}_x.safetensors"),
                     str(tmp_path / f"{name}_y.safetensors")])
    done = subprocess.run([sys.executable, "-I", "-c", CHILD, str(ROOT), json.dumps(runs)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return {name: float((load_file(tmp_path / f"{name}_y.safetensors")["y"] - expected[name]).abs().max())
            for name, *_ in jobs}


def test_an_imported_user_file_and_onnx_file_export_to_python_that_runs_without_netstudio(tmp_path):
    from safetensors.torch import load_file

    from netstudio.export.importer import load_source
    from tests.test_import_models import USER_MODEL
    from tests.test_import_onnx import _export, _small_net

    source = tmp_path / "my_net.py"
    source.write_text(USER_MODEL)
    user = tmp_path / "user.nsproj"
    assert main(["import", f"{source}:Net", "-o", str(user), "--input-shape", "1,8,8"]) == 0
    original, _ = load_source(f"{source}:Net")
    # the weights the import wrote (its node ids are this model's module names, so the keys are the same)
    original.load_state_dict(load_file(tmp_path / "user.safetensors"))

    small = _small_net()
    onnx_file = tmp_path / "small.onnx"
    _export(small, onnx_file, [3, 16, 16], dynamo=False)
    from_onnx = tmp_path / "from_onnx.nsproj"
    assert main(["import", str(onnx_file), "-o", str(from_onnx)]) == 0

    differences = _export_and_run([("user", user, original, [1, 8, 8]),
                                   ("onnx", from_onnx, small, [3, 16, 16])], tmp_path)
    assert differences["user"] <= 1e-5 and differences["onnx"] <= 1e-5, differences


@pytest.mark.long
@pytest.mark.parametrize("name, shape", [("resnet18", [3, 64, 64]), ("mobilenet_v2", [3, 32, 32]),
                                         ("densenet121", [3, 64, 64]), ("efficientnet_b0", [3, 64, 64]),
                                         ("vgg11", [3, 32, 32])])
def test_an_imported_torchvision_model_exports_to_python_that_runs_without_netstudio(tmp_path, name, shape):
    from netstudio.export.importer import import_model, load_source, save_import

    torch.manual_seed(0)
    original, _ = load_source(f"torchvision:{name}")
    project = tmp_path / f"{name}.nsproj"
    save_import(import_model(original, name, shape), project)   # the very instance compared below
    differences = _export_and_run([(name, project, original, shape)], tmp_path)
    assert differences[name] <= 1e-5, differences
