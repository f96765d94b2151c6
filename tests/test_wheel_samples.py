"""The sample projects ship inside the wheel (issue 10: an installed NetStudio showed no samples).

Builds a wheel from a copy of the source (so the checkout gets no build/ folder), checks every sample
is inside it as ``netstudio/samples/*.nsproj``, and that the samples lookup of the welcome page finds
them in the unpacked wheel, not in the checkout.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "netstudio", "sample_projects")


def test_wheel_carries_the_samples_and_the_app_finds_them(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                            "-q", "-w", str(wheels), str(src)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("netstudio-*.whl")
    expected = sorted(p.name for p in (ROOT / "sample_projects").glob("*.nsproj"))
    assert len(expected) >= 10
    with zipfile.ZipFile(wheel) as z:
        shipped = sorted(Path(n).name for n in z.namelist() if n.startswith("netstudio/samples/"))
        assert shipped == expected
        data = json.loads(z.read("netstudio/samples/mnist_cnn.nsproj"))
        assert data["format"] == "netstudio-project"
        z.extractall(tmp_path / "site")
    site = tmp_path / "site"
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import netstudio; from netstudio.ui.welcome import "
             "sample_files, samples_dir; print(netstudio.__file__); print(samples_dir()); "
             "print(len(sample_files()))")
    run = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    module, folder, count = run.stdout.split()
    assert Path(module).is_relative_to(site)              # the unpacked wheel, not the checkout
    assert Path(folder) == site / "netstudio" / "samples"
    assert int(count) == len(expected)
