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
    tr = inspector.tr
    parts = []
    if info is not None and info.error:
        parts.append(f"<p style='color:#d3302f'><b>{html.escape(tr('Problem'))}</b><br>"
                     f"{html.escape(engine_text(info.error))}</p>")
    if info is not None and info.in_shapes:
        ins = ", ".join(shape_text(s) for s in info.in_shapes)
        outs = ", ".join(shape_text(s) for s in info.out_shapes) or "?"
        parts.append(f"<p><b>{html.escape(tr('Shapes'))}</b><br>{ins} → {outs}</p>")
    if info is not None and info.ok:
        batch = cost_settings(doc.project.training).batch_size
        graph = doc.graph(inspector.graph_name)
        cost = graph_cost(graph, {node.id: info}, batch).nodes.get(node.id)
        if cost is not None:
            text = (tr("%1 per sample (%2 multiply-adds); %3 parameters (%4); activations inside %5 for a batch of %6")
                    .replace("%1", flops_text(cost.flops)).replace("%2", f"{cost.macs:,}")
                    .replace("%3", f"{info.param_count:,}").replace("%4", bytes_text(cost.param_memory))
                    .replace("%5", bytes_text(cost.activation_bytes)).replace("%6", str(batch)))
            parts.append(f"<p><b>{html.escape(tr('Cost'))}</b><br>{html.escape(text)}</p>")
    if block is not None:
        layers = sum(1 for n in block.graph if n.type != INPUT_TYPE)
        text = (tr("A block: the %1 layers of %2 used as one node. Double-click it to open its inside in a tab; "
                   "an edit there changes every use of %2. Repeat runs copies one after the other. Right-click > "
                   "Unfold in place puts its layers back in the graph.")
                .replace("%1", str(layers)).replace("%2", name))
        if repeat_of(node) > 1:
            text += " " + tr("Here: %1 copies, %2 layers in all.").replace("%1", str(repeat_of(node))) \
                .replace("%2", str(layers * repeat_of(node)))
        parts.append(f"<p>{html.escape(text)}</p>")
    inspector.help.setText("".join(parts))
    inspector.formulas.setVisible(False)
