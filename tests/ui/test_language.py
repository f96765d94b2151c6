"""Switching the interface language live: menus, docks, panels and layer help follow at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from netstudio.ui.app import I18N_DIR


def test_translation_files_are_shipped_complete():
    ts = (I18N_DIR / "netstudio_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    assert (I18N_DIR / "netstudio_zh_CN.qm").stat().st_size > 5000


def test_switching_to_chinese_and_back_retranslates_live(cnn_window):
    w = cnn_window
    w.current_scene().select_nodes(["conv1"])
    assert w.menus["file"].title() == "&File"
    w.actions_["lang_zh_CN"].trigger()
    assert QSettings().value("language", type=str) == "zh_CN"
    assert w.menus["file"].title() == "文件(&F)"
    assert w.actions_["save"].text() == "保存(&S)"
    assert w.docks["palette"].windowTitle() == "层"
    assert w.palette.search.placeholderText().startswith("搜索层")
    assert w.summary.table.horizontalHeaderItem(2).text() == "输出形状"
    assert w.inspector.advanced_button.text() == "高级"
    assert "卷积" in w.inspector.help.text()  # the layer explanation comes in Chinese too
    pooling = [w.palette.tree.topLevelItem(i).text(0) for i in range(w.palette.tree.topLevelItemCount())]
    assert "池化" in pooling
    assert w.actions_["lang_zh_CN"].isChecked() and not w.actions_["lang_en"].isChecked()
    from netstudio.ui.metric_names import metric_name

    # the runs table and the loss plot name metrics in Chinese, not by the engine's keys ("验证 acc" before)
    assert (metric_name("val_acc"), metric_name("val_d_acc")) == ("准确率", "判别器准确率")
    w.actions_["lang_en"].trigger()
    assert metric_name("val_acc") == "accuracy"
    assert w.menus["file"].title() == "&File"
    assert w.docks["palette"].windowTitle() == "Layers"
    assert "Pooling" in [w.palette.tree.topLevelItem(i).text(0) for i in range(w.palette.tree.topLevelItemCount())]
    assert "convolution" in w.inspector.help.text().lower()
