"""The inspector's form for a Block node: the block's name (read-only; renaming a block is not an
inspector edit) and "Repeat", a spin box >= 1 whose changes are ordinary, undoable parameter edits."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QSpinBox

from netstudio.core.blocks import block_name


def adapt_block_form(inspector, node) -> None:
    name = block_name(node) or ""
    kind = QCoreApplication.translate("Inspector", "block")
    inspector.title.setText(f"<b style='font-size:13pt'>{html.escape(name)}</b> "
                            f"<span style='color:gray'>{html.escape(node.id)} · {html.escape(kind)}</span>")
    block = inspector.editors.get("block")
    if block is not None and isinstance(block.widget, QLineEdit):
        block.widget.setReadOnly(True)
        block.widget.setToolTip(QCoreApplication.translate(
            "Inspector", "The block this node uses; double-click the node to open it"))
        label = inspector.form.labelForField(block.widget)
        if label is not None:
            label.setText(QCoreApplication.translate("Inspector", "Block"))
    repeat = inspector.editors.get("repeat")
    if repeat is not None and isinstance(repeat.widget, QSpinBox):
        repeat.widget.setMinimum(1)
        repeat.widget.setPrefix("× ")
        repeat.widget.setToolTip(QCoreApplication.translate(
            "Inspector", "How many copies of the block run one after the other"))
        label = inspector.form.labelForField(repeat.widget)
        if label is not None:
            label.setText(QCoreApplication.translate("Inspector", "Repeat"))
        repeat.widget.setAccessibleName(QCoreApplication.translate("Inspector", "Repeat"))


def block_help(inspector, node, info) -> None:
    """The help under the form for a Block node: a problem, shapes, the summed cost, what a block is."""
    from netstudio.compiler.cost import bytes_text, flops_text, graph_cost
    from netstudio.core.blocks import INPUT_TYPE, repeat_of
    from netstudio.layers import shape_text
    from netstudio.training.memory import cost_settings

    from ..engine_text import engine_text

    doc = inspector.document
    name = block_name(node) or ""
    block = doc.project.blocks.get(name)
    parts = []

    def section(title: str, body: str, style: str = "") -> None:
        parts.append(f"<p{style}><b>{html.escape(title)}</b><br>{body}</p>")

    if info is not None and info.error:
        section(QCoreApplication.translate("Inspector", "Problem"), html.escape(engine_text(info.error)),
                " style='color:#d3302f'")
    if info is not None and info.in_shapes:
        ins = ", ".join(shape_text(s) for s in info.in_shapes)
        outs = ", ".join(shape_text(s) for s in info.out_shapes) or "?"
        section(QCoreApplication.translate("Inspector", "Shapes"), f"{ins} → {outs}")
    if info is not None and info.ok:
        batch = cost_settings(doc.project.training).batch_size
        cost = graph_cost(doc.graph(inspector.graph_name), {node.id: info}, batch).nodes.get(node.id)
        if cost is not None:
            text = (QCoreApplication.translate("Inspector", "%1 per sample (%2 multiply-adds); %3 parameters (%4); "
                                               "activations inside %5 for a batch of %6")
                    .replace("%1", flops_text(cost.flops)).replace("%2", f"{cost.macs:,}")
                    .replace("%3", f"{info.param_count:,}").replace("%4", bytes_text(cost.param_memory))
                    .replace("%5", bytes_text(cost.activation_bytes)).replace("%6", str(batch)))
            section(QCoreApplication.translate("Inspector", "Cost"), html.escape(text))
    if block is not None:
        layers = sum(1 for n in block.graph if n.type != INPUT_TYPE)
        text = (QCoreApplication.translate("Inspector", "A block: the %1 layers of %2 used as one node. Double-click "
                                           "it to open its inside in a tab; an edit there changes every use of %2. "
                                           "Repeat runs copies one after the other. Right-click > Unfold in place "
                                           "puts its layers back in the graph.")
                .replace("%1", str(layers)).replace("%2", name))
        n = repeat_of(node)
        if n > 1:
            text += " " + QCoreApplication.translate("Inspector", "Here: %1 copies, %2 layers in all.") \
                .replace("%1", str(n)).replace("%2", str(layers * n))
        parts.append(f"<p>{html.escape(text)}</p>")
    inspector.help.setText("".join(parts))
    inspector.formulas.setVisible(False)
