"""A literal handed to a local translation wrapper (``_tr("...")``) is invisible to pyside6-lupdate, so it would
stay English in the Chinese interface without any test noticing; every such literal must be in the catalog."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "netstudio" / "ui"
WRAPPERS = {"_tr", "tr_", "_t"}


def test_no_interface_literal_hides_from_the_translation_catalog():
    catalog = ET.parse(ROOT / "i18n" / "netstudio_zh_CN.ts").getroot()
    known = {m.findtext("source") for m in catalog.iter("message")}
    hidden = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in WRAPPERS and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value not in known:
                hidden.append(f"{path.relative_to(ROOT.parent.parent)}:{node.lineno}: {first.value!r}")
    assert not hidden, ("pass these literals to QCoreApplication.translate(\"Context\", \"...\") (or mark them "
                        "with QT_TRANSLATE_NOOP) so pyside6-lupdate finds them:\n" + "\n".join(hidden))
