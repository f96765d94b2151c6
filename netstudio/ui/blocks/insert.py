"""Adding a Block node from the palette or quick-add: ``"block:Name"`` (a block of this project) or
``"blockfile:/path/Name.nsblock"`` (a My blocks file, copied into the project first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from netstudio.core.blocks import BLOCK_TYPE
from netstudio.core.graph import Node

from ..engine_text import engine_text

PROJECT_TOKEN = "block:"
FILE_TOKEN = "blockfile:"


def is_block_token(type_name: str) -> bool:
    return type_name.startswith(PROJECT_TOKEN) or type_name.startswith(FILE_TOKEN)


def project_token(name: str) -> str:
    return PROJECT_TOKEN + name


def file_token(path: Path) -> str:
    return FILE_TOKEN + str(path)


def notify(scene, text: str) -> None:
    """A status-bar sentence in the window showing ``scene`` (kept on the scene for tests)."""
    scene.last_block_note = text
    for view in scene.views():
        window = view.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)
            return


def block_node_for(scene, token: str, pos: tuple[float, float]) -> Node | None:
    """The Block node to add for ``token`` (copying a library block into the project first), or None
    after saying why in the status bar."""
    document = scene.document
    blocks = scene.graph.blocks
    if token.startswith(PROJECT_TOKEN):
        name = token[len(PROJECT_TOKEN):]
        if name not in blocks:
            document.error.emit(QCoreApplication.translate("Blocks", "This project has no block %1.")
                                .replace("%1", name))
            return None
    else:
        from .library import copy_into, read_entry

        entry = read_entry(Path(token[len(FILE_TOKEN):]))
        if not entry.usable:
            document.error.emit(engine_text(entry.problem))
            return None
        name, note = copy_into(blocks, entry)
        document.watch_blocks()
        if note:
            notify(scene, QCoreApplication.translate("Blocks", "This project already has a different block named "
                                                               "%1; the one from My blocks was added as %2.")
                   .replace("%1", entry.name).replace("%2", name))
    return Node(scene.graph.unique_id(name), BLOCK_TYPE, {"block": name, "repeat": 1}, pos)


def block_entries(scene, text: str = "") -> list[tuple[str, str, str]]:
    """(label, token, tooltip) of every block quick-add can insert into ``scene``'s graph: the project's
    blocks, then the usable My blocks files whose block the project does not already have, matching
    ``text`` (any part of the name, any case)."""
    from .library import read_library

    want = text.strip().lower()
    here = dict(scene.graph.blocks)
    own = scene.document.graph_block_name(scene.graph_name)   # a block cannot contain itself
    out = []
    for name in sorted(here, key=str.lower):
        if name != own and want in name.lower():
            out.append((name + "  " + QCoreApplication.translate("Blocks", "(block)"), project_token(name),
                        QCoreApplication.translate("Blocks", "A block of this project")))
    for entry in read_library():
        if entry.usable and want in entry.name.lower() and here.get(entry.name) != entry.blocks.get(entry.name):
            out.append((entry.name + "  " + QCoreApplication.translate("Blocks", "(My blocks)"),
                        file_token(entry.path), str(entry.path)))
    return out
