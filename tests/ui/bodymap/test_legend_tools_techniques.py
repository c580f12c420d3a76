"""The legend shows every symbol; tools and techniques are plain data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.techniques import TECHNIQUES, TECHNIQUES_BY_ID, technique
from nmt_desktop.domain.vocab import PainQuality, ToneGrade, TriggerPointStatus
from nmt_desktop.ui.bodymap.legend import MapLegend
from nmt_desktop.ui.bodymap.tools import Tool


@pytest.mark.parametrize("orientation", [Qt.Orientation.Vertical, Qt.Orientation.Horizontal])
def test_legend_lists_every_symbol(qtbot: QtBot, orientation: Qt.Orientation) -> None:
    legend = MapLegend(orientation)
    qtbot.addWidget(legend)
    labels = legend.labels()
    for quality in PainQuality:
        assert quality.label in labels
    for status in TriggerPointStatus:
        assert status.label in labels
    for grade in ToneGrade:
        assert any(grade.label in text for text in labels)


def test_vertical_legend_fits_beside_the_map(qtbot: QtBot) -> None:
    legend = MapLegend(Qt.Orientation.Vertical)
    qtbot.addWidget(legend)
    assert legend.sizeHint().width() <= 260


def test_tool_shortcuts() -> None:
    assert {tool: tool.shortcut for tool in Tool} == {
        Tool.SELECT: "S", Tool.TRIGGER_POINT: "T", Tool.PAIN_ZONE: "P", Tool.TENSION: "N"}
    assert Tool.for_key("t") is Tool.TRIGGER_POINT
    assert Tool.for_key("x") is None
    assert all(f"&{tool.shortcut}".lower() in tool.label.lower() for tool in Tool)


def test_techniques_data() -> None:
    ids = [t.id for t in TECHNIQUES]
    assert len(ids) == len(set(ids)) == 19
    assert technique("dry_needling").outside_massage_scope
    assert technique("ischemic_compression").core_nmt
    assert {t.id for t in TECHNIQUES if t.outside_massage_scope} == {
        "joint_mobilization", "joint_manipulation", "dry_needling", "trigger_point_injection"}
    assert TECHNIQUES_BY_ID["stripping_massage"].label
    with pytest.raises(KeyError):
        technique("reiki")
