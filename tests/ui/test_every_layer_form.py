"""Every layer in the catalog gets a working inspector form, and editing a field is one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from netstudio.layers import all_specs


@pytest.fixture
def empty(window):
    window.new_project()
    return window


def test_every_layer_type_gets_a_form_with_its_defaults(empty):
    w = empty
    scene, doc = w.current_scene(), w.document
    for i, spec in enumerate(all_specs()):
        nid = scene.add_layer_at(spec.type, QPointF(0, 200 * i))
        assert nid is not None, spec.type
        scene.select_nodes([nid])
        editors = w.inspector.editors
        assert list(editors) == [p.name for p in spec.params], spec.type
        for name, editor in editors.items():
            assert editor.problem is None, (spec.type, name)
            value = doc.graph("model").node(nid).params.get(name, editor.param.default)
            widget = editor.widget
            if isinstance(widget, QSpinBox) and value is not None:
                assert widget.value() == value, (spec.type, name)
            elif isinstance(widget, QDoubleSpinBox) and value is not None:
                assert abs(widget.value() - value) < 1e-9, (spec.type, name)
            elif isinstance(widget, QCheckBox):
                assert widget.isChecked() == bool(value), (spec.type, name)
            elif isinstance(widget, QComboBox):
                assert widget.currentData() == value, (spec.type, name)
            else:
                assert isinstance(widget, QLineEdit)


def test_optional_bool_is_a_three_way_choice(empty):
    w = empty
    nid = w.current_scene().add_layer_at("Upsample", QPointF(0, 0))
    w.current_scene().select_nodes([nid])
    combo = w.inspector.editors["align_corners"].widget
    assert [combo.itemData(i) for i in range(combo.count())] == [None, True, False]
    combo.setCurrentIndex(1)
    assert w.document.graph("model").node(nid).params["align_corners"] is True
    combo.setCurrentIndex(0)
    assert "align_corners" not in w.document.graph("model").node(nid).params
