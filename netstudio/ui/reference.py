"""Help > Layer reference: every layer with its explanation, formula, parameters and ports."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

from netstudio.layers import CATEGORIES, explanations, specs_in

from .app import current_language


def reference_html() -> str:
    """The whole catalog as one HTML page (in the current interface language where translated)."""
    out = []
    for category in CATEGORIES:
        out.append(f"<h2>{html.escape(explanations.category_name(category, current_language()))}</h2>")
        for spec in specs_in(category):
            out.append(f"<h3><a name='{spec.type}'>{html.escape(spec.type)}</a></h3>")
            out.append(f"<p>{html.escape(explanations.explanation(spec.type, current_language()))}</p>")
            f = explanations.formula(spec.type)
            if f:
                out.append(f"<p><code>{html.escape(f)}</code></p>")
            if spec.params:
                rows = []
                for p in spec.params:
                    note = explanations.param_help(spec.type, p.name, current_language())
                    default = (QCoreApplication.translate("Reference", "inferred") if p.inferred else
                               QCoreApplication.translate("Reference", "required") if p.required else repr(p.default))
                    rows.append(f"<tr><td><code>{p.name}</code></td><td>{html.escape(default)}</td>"
                                f"<td>{html.escape(note)}</td></tr>")
                out.append("<table cellspacing=4>" + "".join(rows) + "</table>")
            none = QCoreApplication.translate("Reference", "none")
            ins = (QCoreApplication.translate("Reference", "many") if spec.variadic
                   else ", ".join(p.name for p in spec.inputs) or none)
            outs = ", ".join(p.name for p in spec.outputs) or none
            out.append("<p style='color:gray'>" + html.escape(QCoreApplication.translate("Reference", "in: %1 · out: %2")
                       .replace("%1", ins).replace("%2", outs)) + "</p>")
    return "".join(out)


class LayerReference(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Layer reference"))
        self.resize(720, 640)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(reference_html())
        self.browser.setAccessibleName(self.tr("Layer reference"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
