"""Copy and paste of layers as JSON: a custom mime type plus plain text, across windows and projects.

What is copied and how it is pasted (fresh ids, re-pointed edges) is ``netstudio.core.editing``'s;
this module only moves the payload through Qt's clipboard.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from netstudio.core.editing import CLIP_FORMAT, copy_payload
from netstudio.core.graph import Graph

MIME_NODES = "application/x-netstudio-nodes"


def to_mime(graph: Graph, node_ids: list[str]) -> QMimeData:
    text = json.dumps(copy_payload(graph, node_ids), indent=1, ensure_ascii=False)
    data = QMimeData()
    data.setData(MIME_NODES, text.encode("utf-8"))
    data.setText(text)  # readable in a text editor, and pasteable back from one
    return data


def payload_from_mime(data: QMimeData) -> dict | None:
    """The clipboard's layers, or None when it holds something else."""
    if data is None:
        return None
    if data.hasFormat(MIME_NODES):
        raw = bytes(data.data(MIME_NODES)).decode("utf-8", errors="replace")
    elif data.hasText():
        raw = data.text()
    else:
        return None
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != CLIP_FORMAT:
        return None
    return payload
