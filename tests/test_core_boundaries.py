"""At run time, opening and editing a project imports neither torch nor Qt (the import contracts in
pyproject.toml check the source; this checks what a real session loads)."""

import subprocess
import sys


def test_loading_and_editing_a_project_does_not_import_torch(tmp_path, samples_dir):
    script = f"""
import sys
import netstudio
from netstudio.core.commands import UndoStack, set_param, RemoveNodes
from netstudio.compiler.codegen import constructor_code
from netstudio.layers import all_specs
p = netstudio.load_project({str(samples_dir / 'mnist_cnn.nsproj')!r})
stack = UndoStack()
stack.push(set_param(p.graph(), "conv1", "out_channels", 64))
stack.push(RemoveNodes(p.graph(), ["relu1"]))
stack.undo()
assert constructor_code("Conv2d", p.graph().node("conv1").params, [(1, 28, 28)]).startswith("nn.Conv2d(")
assert len(all_specs()) > 40
p.save({str(tmp_path / 'out.nsproj')!r})
loaded = [m for m in ("torch", "PySide6", "pyqtgraph") if m in sys.modules]
print(loaded)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert '"out_channels": 64' in (tmp_path / "out.nsproj").read_text()
