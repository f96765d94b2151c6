"""The core opens and edits projects without torch; nothing outside netstudio/ui imports Qt."""

import ast
import subprocess
import sys
from pathlib import Path

import netstudio

PACKAGE = Path(netstudio.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_source_imports_neither_torch_nor_qt():
    for path in (PACKAGE / "core").rglob("*.py"):
        bad = imported_modules(path) & {"torch", "torchvision", "PySide6", "shiboken6", "pyqtgraph", "numpy"}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


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
