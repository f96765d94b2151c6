"""The ``netstudio`` command. With no subcommand it opens the GUI.

Each ``cmd_*.py`` module beside this one adds its subcommands through ``register(subparsers)``
and sets ``func`` on its parser; commands return an exit code and raise NetStudioError for
anything a user did wrong, which ``main`` prints as one line. A file the system refuses to write
(a full disk, no permission) is reported the same way, and anything else as one "internal error"
line; ``NETSTUDIO_TRACEBACK=1`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import pkgutil
import sys

from netstudio import __version__
from netstudio.core.errors import NetStudioError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netstudio", description="Design neural networks as graphs, train them, export PyTorch code.")
    parser.add_argument("--version", action="version", version=f"netstudio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        # `netstudio` and `netstudio PROJECT` open the GUI
        if "gui" in commands:
            argv = ["gui", *argv]
        else:
            parser.print_help()
            return 2
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except NetStudioError as exc:
        print(f"netstudio {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"netstudio {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if os.environ.get("NETSTUDIO_TRACEBACK"):
            raise
        print(f"netstudio {args.command}: {_os_error_text(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug of ours still ends in one line, not a page of traceback
        if os.environ.get("NETSTUDIO_TRACEBACK"):
            raise
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        print(f"netstudio {args.command}: internal error ({type(exc).__name__}: {detail}); please report it, "
              "with the output of the same command run with NETSTUDIO_TRACEBACK=1", file=sys.stderr)
        return 1


def _os_error_text(exc: OSError) -> str:
    """"the disk is full: cannot write out.onnx" rather than "[Errno 28] No space left on device"."""
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full: cannot write{where}"
    return f"{exc.strerror or exc}{':' + where if where else ''}"
