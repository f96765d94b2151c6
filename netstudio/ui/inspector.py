"""The inspector: a form generated from the selected layer's parameter specs, and its explanation."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QFormLayout, QFrame, QLabel, QLineEdit, QScrollArea, QToolButton, QVBoxLayout,
                               QWidget)

from netstudio.core import editing
from netstudio.layers import explanations, formulas, get_spec, shape_text

from .app import current_language
from .param_editors import ParamEditor, parse_value, value_text
from .engine_text import engine_text


class DocumentUndoKeys(QObject):
    """Ctrl+Z / Ctrl+Shift+Z in a parameter field undo and redo the document, not the field's text.

    Every valid keystroke is already a document command (a typing burst merges into one), and the form
    shows the document, so the document's history is the one that matters; a field's private undo
    would change the text behind the document's back. Text that is not a value was never committed:
    there Ctrl+Z puts back the stored value and leaves the document's history alone.
    """

    def __init__(self, inspector: "Inspector") -> None:
        super().__init__(inspector)
        self.inspector = inspector

    def watch(self, editor: ParamEditor) -> None:
        for widget in [editor.widget, *editor.widget.findChildren(QLineEdit)]:
            widget.setProperty("param_name", editor.param.name)
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        if not (undo or event.matches(QKeySequence.StandardKey.Redo)):
            return False
        editor = self.inspector.editors.get(obj.property("param_name"))
        if undo and editor is not None and editor.problem is not None:
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()      # the field keeps the key: the KeyPress below reverts it
            else:
                self.inspector.revert_field(editor)
            return True
        # leave the override unaccepted: the window's Undo/Redo shortcut fires instead of the field's
        event.ignore()
        return True


class Inspector(QScrollArea):
    """Shows one node of one graph; every change is a SetParams command on the document."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.document = None
        self.graph_name: str | None = None
        self.node_id: str | None = None
        self._type: str | None = None
        self.editors: dict[str, ParamEditor] = {}
        self.undo_keys = DocumentUndoKeys(self)
        body = QWidget(self)
        self.setWidget(body)
        self.layout_ = QVBoxLayout(body)
        self.title = QLabel(body)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.layout_.addWidget(self.title)
        self.form_host = QWidget(body)
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.form_host)
        from .finetune_panel import FinetuneRow

        self.finetune = FinetuneRow(body)   # "Trainable" and "Replace head…" (fine-tuning)
        self.finetune.message.connect(self._status_message)
        self.layout_.addWidget(self.finetune)
        from .lessons.exercise_row import ExerciseRow

        self.exercise = ExerciseRow(body)   # exercise mode: predict a hidden value, then Reveal
        self.layout_.addWidget(self.exercise)
        self.advanced_button = QToolButton(body)
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(self._toggle_advanced)
        self.layout_.addWidget(self.advanced_button)
        self.advanced_host = QWidget(body)
        self.advanced_form = QFormLayout(self.advanced_host)
        self.advanced_form.setContentsMargins(0, 0, 0, 0)
        self.advanced_host.setVisible(False)
        self.layout_.addWidget(self.advanced_host)
        line = QFrame(body)
        line.setFrameShape(QFrame.Shape.HLine)
        self.layout_.addWidget(line)
        self.help = QLabel(body)
        self.help.setTextFormat(Qt.TextFormat.RichText)
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.help.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.help.linkActivated.connect(self._help_link)
        self.layout_.addWidget(self.help)
        # "How this is computed": the layer's formulas with this node's numbers (netstudio.layers.formulas)
        self.formulas = QLabel(body)
        self.formulas.setTextFormat(Qt.TextFormat.RichText)
        self.formulas.setWordWrap(True)
        self.formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formulas.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(self.formulas)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.advanced_button.setText(self.tr("Advanced"))
        self.finetune.retranslate()
        self._type = None  # rebuild labels and help in the new language
        self.refresh()

    def set_editable(self, on: bool) -> None:
        """Off while training: the values stay readable, the editors cannot change them."""
        self.widget().setEnabled(on)

    def set_target(self, document, graph_name: str | None, node_id: str | None) -> None:
        if document is not self.document:
            if self.document is not None:
                self.document.inferred.disconnect(self._on_inferred)
            self.document = document
            if document is not None:
                document.inferred.connect(self._on_inferred)
        if (graph_name, node_id) != (self.graph_name, self.node_id) and document is not None:
            document.break_merge()
        self.graph_name, self.node_id = graph_name, node_id
        self.refresh()

    def _on_inferred(self, name: str) -> None:
        if name == self.graph_name:
            self.refresh()

    def _node(self):
        if self.document is None or not self.document.has_graph(self.graph_name):
            return None
        graph = self.document.graph(self.graph_name)
        return graph.node(self.node_id) if self.node_id and self.node_id in graph else None

    def refresh(self) -> None:
        """Rebuild the form when the layer type changes; otherwise only update values and help."""
        node = self._node()
        if node is None:
            self._clear()
            self.title.setText("<i>%s</i>" % html.escape(self.tr("Select a layer to edit its parameters.")))
            self.help.setText("")
            self.formulas.setText("")
            self.advanced_button.setVisible(False)
            self.finetune.show_node(self.document, self.graph_name, None, False)
            self.exercise.show_node(self.document, self.graph_name, None, None)
            return
        spec = get_spec(node.type)
        if self._type != (node.type, node.id):
            self._build(node, spec)
        info = self.document.cached_infos(self.graph_name).get(node.id)
        self.finetune.show_node(self.document, self.graph_name, node, bool(info is not None and info.param_count))
        self.exercise.show_node(self.document, self.graph_name, node, info)
        self.exercise.lock_editors(self.editors, node)   # a teacher's locked parameters are greyed out
        inferred = self._inferred_values(spec, node.params, info)
        for name, editor in self.editors.items():
            if editor.has_focus() and editor.problem is not None:
                continue  # the user is mid-way through typing; do not overwrite the text
            value = node.params.get(name)
            placeholder = ""
            if editor.param.inferred:
                got = inferred.get(name)
                placeholder = (self.tr("%1 (inferred)").replace("%1", value_text(got)) if got is not None
                               else self.tr("inferred from the input"))
            elif editor.param.default is not None:
                placeholder = value_text(editor.param.default)
            elif editor.param.optional:
                placeholder = self.tr("not set")
            if editor.has_focus() and value == _current(editor):
                continue  # the field already shows it; resetting would move the text cursor
            editor.set_value(value, placeholder)
        self._show_help(node, spec, info)
        if node.type == "Block":   # what a block is, its cost summed over its layers (netstudio.ui.blocks)
            from .blocks.inspector_form import block_help

            block_help(self, node, info)

    def _clear(self) -> None:
        for form in (self.form, self.advanced_form):
            while form.rowCount():
                form.removeRow(0)
        for editor in self.editors.values():
            editor.deleteLater()
        self.editors = {}
        self._type = None

    def _build(self, node, spec) -> None:
        self._clear()
        self._type = (node.type, node.id)
        self.title.setText(f"<b style='font-size:13pt'>{html.escape(node.type)}</b> "
                           f"<span style='color:gray'>{html.escape(node.id)}</span>")
        if spec is None:
            self.advanced_button.setVisible(False)
            return
        advanced = 0
        for param in spec.params:
            editor = ParamEditor(param, self.form_host if not param.advanced else self.advanced_host)
            editor.changed.connect(self._edited)
            editor.finished.connect(self._finished)
            self.undo_keys.watch(editor)
            label = QLabel(param.name + ("*" if param.required else ""))
            tip = explanations.param_help(node.type, param.name, current_language())
            if tip:
                label.setToolTip(tip)
                editor.widget.setToolTip(tip)
            (self.advanced_form if param.advanced else self.form).addRow(label, editor.widget)
            advanced += param.advanced
            self.editors[param.name] = editor
        if not spec.params:
            self.form.addRow(QLabel(self.tr("This layer has no parameters.")))
        self.advanced_button.setVisible(advanced > 0)
        if node.type == "Block":   # the block's name and a "Repeat" spin box (netstudio.ui.blocks)
            from .blocks.inspector_form import adapt_block_form

            adapt_block_form(self, node)

    def _inferred_values(self, spec, params: dict, info) -> dict[str, Any]:
        if spec is None or spec.infer is None or info is None or not info.in_shapes:
            return {}
        try:
            return spec.infer(spec.resolved(params), info.in_shapes)
        except Exception:  # shapes that do not fit: the node's error says why, the field stays blank
            return {}

    def _edited(self, name: str, value: Any) -> None:
        if self.document is not None and self.node_id is not None:
            self.document.edit(editing.set_param, self.graph_name, self.node_id, name, value)

    def _finished(self) -> None:
        if self.document is not None:
            self.document.break_merge()  # the next edit of this field is a new undo step

    def revert_field(self, editor: ParamEditor) -> None:
        """Drop text that never became a value: the field shows the stored value again."""
        node = self._node()
        if node is not None:
            editor.set_value(node.params.get(editor.param.name), editor.widget.placeholderText()
                             if isinstance(editor.widget, QLineEdit) else "")

    def _status_message(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def _toggle_advanced(self, on: bool) -> None:
        self.advanced_host.setVisible(on)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _show_help(self, node, spec, info) -> None:
        from netstudio.compiler.codegen import constructor_code

        heading = {"formula": self.tr("Formula"), "shapes": self.tr("Shapes"), "code": self.tr("PyTorch"),
                   "problem": self.tr("Problem")}
        parts = []
        # what needs fixing first, then the code it becomes, then what the layer does
        if info is not None and info.error:
            parts.append(f"<p style='color:#d3302f'><b>{heading['problem']}</b><br>{html.escape(engine_text(info.error))}"
                         f"{self._why_link(node, info)}</p>")
        for w in (info.warnings if info is not None else []):
            parts.append(f"<p style='color:#b07800'>{html.escape(engine_text(w))}</p>")
        if spec is not None:
            try:
                code = constructor_code(node.type, node.params, info.in_shapes if info is not None else None)
            except Exception:  # params mid-edit: the form shows the problem already
                code = ""
            if code:
                parts.append(f"<p><b>{heading['code']}</b><br><code>{html.escape(code)}</code></p>")
        from .lessons.reveals import hidden

        secret = hidden(node, "shape") or hidden(node, "params")   # exercise mode: the student predicts first
        if info is not None and info.in_shapes and not secret:
            shapes = ", ".join(shape_text(s) for s in info.in_shapes)
            outs = ", ".join(shape_text(s) for s in info.out_shapes) or "?"
            parts.append(f"<p><b>{heading['shapes']}</b><br>{shapes} → {outs}</p>")
        cost = self._cost_text(node, info) if not secret else ""
        if cost:
            parts.append(f"<p><b>{html.escape(self.tr('Cost'))}</b><br>{html.escape(cost)}</p>")
        text = explanations.explanation(node.type, current_language())
        if text:
            parts.append(f"<p>{html.escape(text)}</p>")
        f = explanations.formula(node.type)
        if f:
            lines = html.escape(f).replace("\n", "<br>")
            parts.append(f"<p><b>{heading['formula']}</b><br><code>{lines}</code></p>")
        self.help.setText("".join(parts))
        self._show_formulas(node, info if not secret else None)

    # ----- worked formulas -----
    def _show_formulas(self, node, info) -> None:
        """Each formula in symbols, then with this node's numbers; a size that is not positive in red."""
        found = formulas.worked(node.type, node.params, info.in_shapes) if info is not None else []
        self.formulas.setVisible(bool(found))
        if not found:
            self.formulas.setText("")
            return
        lang = current_language()
        blocks = [f"<p><b>{html.escape(formulas.word('section', lang))}</b></p>"]
        # a long line wraps with a hanging indent, so each formula still starts at the left edge
        line = "<p style='font-family:monospace; margin:0 0 0 24px; text-indent:-18px; %s'>%s</p>"
        for w in found:
            style = "color:#d3302f; font-weight:bold" if w.impossible else ""
            blocks.append(f"<p style='color:gray; margin:6px 0 0 0'>{html.escape(formulas.word(w.label, lang))}</p>")
            blocks.append(line % ("", html.escape(w.symbolic)))
            blocks.append(line % (style, html.escape(w.filled)))
            if w.note:
                blocks.append(f"<p style='color:gray; margin:0'>{html.escape(formulas.word(w.note, lang))}</p>")
        self.formulas.setText("".join(blocks))

    def _why_link(self, node, info) -> str:
        """For a size that came out zero or negative: that line of arithmetic and a link to the formulas."""
        why = formulas.failing(node.type, node.params, info.in_shapes)
        if why is None:
            return ""
        lang = current_language()
        return (f"<br>{html.escape(formulas.word('not_positive', lang))}<br>"
                f"<code>{html.escape(why.filled)}</code><br>"
                f"<a href='#formulas'>{html.escape(formulas.word('see_formula', lang))}</a>")

    def _help_link(self, link: str) -> None:
        if link == "#formulas":
            self.scroll_to_formulas()

    def scroll_to_formulas(self) -> None:
        """Bring "How this is computed" into view (the problems list and the error's link call this).

        Scrolls now and again once Qt has shown a freshly built form and laid it out: a click that selects
        another node rebuilds the form, and its fields appear (and push the formulas down) only later.
        """
        self._scroll_to_formulas_now()
        QTimer.singleShot(0, self._scroll_after_layout)

    def _scroll_after_layout(self) -> None:
        QTimer.singleShot(0, self._scroll_to_formulas_now)   # after the deferred shows and their layout requests

    def _scroll_to_formulas_now(self) -> None:
        if not self.formulas.isHidden() and self.formulas.text():
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)   # the new texts' sizes first
            self.widget().layout().activate()
            self.verticalScrollBar().setValue(min(self.formulas.y(), self.verticalScrollBar().maximum()))

    def _cost_text(self, node, info) -> str:
        """FLOPs per sample, parameter memory and the output's memory for the project's batch size."""
        from netstudio.compiler.cost import bytes_text, flops_text, node_cost
        from netstudio.training.memory import cost_settings

        batch = cost_settings(self.document.project.training).batch_size
        cost = node_cost(node.type, node.params, info, batch)
        if cost is None:
            return ""
        return (self.tr("%1 per sample (%2 multiply-adds); parameters %3; output %4 for a batch of %5")
                .replace("%1", flops_text(cost.flops)).replace("%2", f"{cost.macs:,}")
                .replace("%3", bytes_text(cost.param_memory)).replace("%4", bytes_text(cost.activation_bytes))
                .replace("%5", str(batch)))


def _current(editor: ParamEditor):
    """The value the widget shows now (for skipping a redundant refresh of the focused field)."""
    from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox

    w = editor.widget
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        return w.value()
    try:
        return parse_value(editor.param, w.text())
    except ValueError:
        return object()  # never equal to a stored value
