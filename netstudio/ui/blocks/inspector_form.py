"""The inspector's form for a Block node: the block's name (read-only; renaming a block is not an
inspector edit) and "Repeat", a spin box >= 1 whose changes are ordinary, undoable parameter edits."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLineEdit, QSpinBox

from netstudio.core.blocks import block_name


def adapt_block_form(inspector, node) -> None:
    name = block_name(node) or ""
    inspector.title.setText(f"<b style='font-size:13pt'>{html.escape(name)}</b> "
                            f"<span style='color:gray'>{html.escape(node.id)} · "
                            f"{html.escape(inspector.tr('block'))}</span>")
    block = inspector.editors.get("block")
    if block is not None and isinstance(block.widget, QLineEdit):
        block.widget.setReadOnly(True)
        block.widget.setToolTip(inspector.tr("The block this node uses; double-click the node to open it"))
        label = inspector.form.labelForField(block.widget)
        if label is not None:
            label.setText(inspector.tr("Block"))
    repeat = inspector.editors.get("repeat")
    if repeat is not None and isinstance(repeat.widget, QSpinBox):
        repeat.widget.setMinimum(1)
        repeat.widget.setPrefix("× ")
        repeat.widget.setToolTip(inspector.tr("How many copies of the block run one after the other"))
        label = inspector.form.labelForField(repeat.widget)
        if label is not None:
            label.setText(inspector.tr("Repeat"))
        repeat.widget.setAccessibleName(inspector.tr("Repeat"))
