"""The shape server ends with the GUI process, even in the middle of importing torch."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARENT = """
import os, subprocess, sys
from unittest import mock
from netstudio.ui.shape_worker import ShapeService

read, write = os.pipe()
# the server's stdin stays open (a sleeping process holds its other end): only its watch can end it
holder = subprocess.Popen(["sleep", "60"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
real = subprocess.Popen
with mock.patch.object(subprocess, "Popen", lambda *a, **k: real(*a, **{**k, "stdin": read})):
    service = ShapeService()
    service._spawn()                    # as the window starts it
print(service._server.pid, holder.pid, flush=True)
os._exit(0)   # as a crash would, while the server imports torch
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie (already exited, not reaped by init yet) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def test_the_server_exits_when_its_parent_dies(tmp_path):
    env = {**os.environ, "NETSTUDIO_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", PARENT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    pid, holder = map(int, out.stdout.split())
    end = time.monotonic() + 10     # it polls every 0.2 s
    while _alive(pid) and time.monotonic() < end:
        time.sleep(0.05)
    gone = not _alive(pid)
    for leftover in ([] if gone else [pid]) + [holder]:
        try:
            os.kill(leftover, 9)
        except ProcessLookupError:
            pass
    assert gone, "the shape server outlived the GUI process"
