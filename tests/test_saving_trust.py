"""Saving respects what is on disk: links, modes, owners, read-only files, devices and unwritable folders.

Every save (Project.save, exports, run folders) goes through ``netstudio.core.fileio.atomic_write_*``;
each test holds a case in which a save once replaced or reset something the user had set up.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest

from netstudio.cli import main
from netstudio.core.errors import ProjectError
from netstudio.core.fileio import atomic_write_text
from netstudio.core.project import project_from_dict

from conftest import make_project_dict

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX links, modes and owners")

NODES = [{"id": "x", "type": "Input", "params": {"shape": [4]}},
         {"id": "fc", "type": "Linear", "params": {"out_features": 2}}]
EDGES = [{"from": "x", "to": "fc"}]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _project():
    return project_from_dict(make_project_dict(NODES, EDGES))


def test_saving_through_a_symlink_updates_the_real_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "work" / "real.nsproj"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.nsproj"
    link.symlink_to(real)
    _project().save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"format": "netstudio-project"' in real.read_text()
    assert [p.name for p in real.parent.iterdir()] == ["real.nsproj"]  # no temp file left beside it


def test_saving_through_a_chain_of_links_and_a_dangling_link(tmp_path):
    real = tmp_path / "real.txt"
    first, second = tmp_path / "a", tmp_path / "b"
    first.symlink_to(real)        # dangling: the save creates the file it names
    second.symlink_to(first)
    atomic_write_text(second, "new")
    assert real.read_text() == "new" and second.is_symlink() and first.is_symlink()


def test_a_link_loop_is_refused_in_one_sentence(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(ProjectError, match="cannot save there"):
        atomic_write_text(loop, "x")
    assert loop.is_symlink()


def test_saving_a_hard_linked_file_updates_every_name(tmp_path):
    first = tmp_path / "mine.nsproj"
    first.write_text("old content that is longer than the new one " * 10)
    second = tmp_path / "class" / "shared.nsproj"
    second.parent.mkdir()
    os.link(first, second)
    atomic_write_text(first, "new")
    assert second.read_text() == "new" and first.read_text() == "new"
    assert os.stat(first).st_ino == os.stat(second).st_ino and os.stat(first).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "mine.nsproj"]  # safety copy removed


def test_saving_keeps_mode_and_owner(tmp_path):
    path = tmp_path / "p.nsproj"
    path.write_text("old")
    os.chmod(path, 0o640)
    if IS_ROOT:
        os.chown(path, 65534, 65534)
    before = os.stat(path)
    _project().save(path)
    after = os.stat(path)
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_saving_over_a_read_only_file_is_refused_and_leaves_it(tmp_path, mode):
    path = tmp_path / "p.nsproj"
    path.write_text("keep me")
    os.chmod(path, mode)
    with pytest.raises(ProjectError, match=r"p\.nsproj is read-only; make it writable"):
        _project().save(path)
    assert path.read_text() == "keep me" and stat.S_IMODE(os.stat(path).st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["p.nsproj"]


def test_cli_export_over_a_read_only_file_is_one_line(tmp_path, capsys):
    project = tmp_path / "p.nsproj"
    _project().save(project)
    out = tmp_path / "model.py"
    out.write_text("# mine")
    os.chmod(out, 0o444)
    assert main(["export", str(project), "--format", "python", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert out.read_text() == "# mine"


def test_a_fifo_is_not_replaced(tmp_path):
    fifo = tmp_path / "p.nsproj"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="is a pipe, not a regular file"):
        _project().save(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not IS_ROOT, reason="creating a device node needs root")
def test_a_device_node_is_not_replaced(tmp_path):
    full = tmp_path / "full"  # a node like /dev/full, made here so a failure cannot damage /dev
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    link = tmp_path / "p.nsproj"
    link.symlink_to(full)
    for target in (full, link):
        with pytest.raises(ProjectError, match="is a device, not a regular file"):
            _project().save(target)
        assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="is a folder"):
        atomic_write_text(tmp_path, "x")


def test_cli_export_into_an_unwritable_folder_is_one_line(tmp_path, capsys, monkeypatch):
    """A real 0555 folder; as root (who may write anywhere) mkstemp fails the way the OS fails it."""
    project = tmp_path / "p.nsproj"
    _project().save(project)
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    if IS_ROOT:
        import netstudio.core.fileio as fileio

        def refused(prefix="", suffix="", dir=None):
            raise PermissionError(13, "Permission denied", os.path.join(dir, f"{prefix}abcd1234{suffix}"))
        monkeypatch.setattr(fileio.tempfile, "mkstemp", refused)
    monkeypatch.delenv("NETSTUDIO_TRACEBACK", raising=False)
    assert main(["export", str(project), "--format", "python", "-o", str(locked / "model.py")]) == 1
    err = capsys.readouterr().err
    # the file the user named, not our hidden temp file
    assert err.strip() == f"netstudio export: Permission denied: {locked / 'model.py'}"
    assert list(locked.iterdir()) == []
