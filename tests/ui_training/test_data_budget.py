"""The memory budget row of the Data group's Advanced part edits ``data.memory_budget_mb``."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QWidget


class _Panel:
    """Stands in for the training panel: records the edits the row asks for."""

    def __init__(self) -> None:
        self.data: dict = {"dataset": "image_folder"}
        self.edits: list = []

    def edit(self, section, path, value, text, field=None) -> None:
        self.edits.append((section, path, value))
        if value is None:
            self.data.pop(path[0], None)
        else:
            self.data[path[0]] = value


def test_memory_budget_row_sets_and_clears_the_setting(qtbot):
    from netstudio.training.config import parse_data
    from netstudio.ui.training.data_advanced import DataAdvanced

    section = QWidget()
    section.panel = _Panel()
    qtbot.addWidget(section)
    adv = DataAdvanced(section)
    adv.retranslate()
    adv.load({"dataset": "image_folder"}, images=True)
    adv.set_open(True)
    section.show()
    assert adv.budget.isVisibleTo(section) and adv.budget.text().startswith("automatic (25%")
    adv.budget.setValue(512)
    assert section.panel.edits[-1] == ("data", ("memory_budget_mb",), 512)
    assert parse_data(section.panel.data).memory_budget_mb == 512
    if os.environ.get("NETSTUDIO_SHOTS"):
        section.resize(420, 520)
        adv.grab().save(os.path.join(os.environ["NETSTUDIO_SHOTS"], "data_advanced_budget.png"))
    adv.budget.setValue(0)
    assert "memory_budget_mb" not in section.panel.data and parse_data(section.panel.data).memory_budget_mb is None
    count = len(section.panel.edits)
    adv.load({"dataset": "image_folder", "memory_budget_mb": 2048}, images=True)   # a project's value is shown,
    assert adv.budget.value() == 2048 and len(section.panel.edits) == count      # not edited back
    adv.load({"dataset": "blobs"}, images=False)
    assert not adv.budget.isVisibleTo(section)          # points and tables never stream
