"""The editor emits only what the user changed, never what it loads."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import (
    LocalTwitchResponse,
    PressureUnit,
    TriggerPointStatus,
)
from nmt_desktop.services.records import TriggerPointRecord
from nmt_desktop.ui.bodymap.trigger_point_editor import TriggerPointEditor
from tests.ui.bodymap.charts import trigger_point

REGION = "shoulder_top_left"


@pytest.fixture
def record() -> TriggerPointRecord:
    return dataclasses.replace(
        trigger_point(REGION, TriggerPointStatus.ACTIVE, muscle_id="upper_trapezius"),
        taut_band=True, tenderness_grade=2, techniques=("ischemic_compression",),
        referred_pain=True, referral_regions=("temple_left",), note="old note",
        ppt_value=2.5, ppt_unit=PressureUnit.KG_PER_CM2)


@pytest.fixture
def editor(qtbot: QtBot, record: TriggerPointRecord) -> Iterator[TriggerPointEditor]:
    widget = TriggerPointEditor()
    qtbot.addWidget(widget)
    atlas = load_atlas()
    widget.set_record(record, atlas.muscles_under(REGION), atlas.regions[REGION].display_name)
    yield widget
    widget.close()


def collect(editor: TriggerPointEditor) -> list[dict[str, object]]:
    changes: list[dict[str, object]] = []
    editor.changed.connect(changes.append)
    return changes


def test_set_record_emits_nothing(qtbot: QtBot, record: TriggerPointRecord) -> None:
    widget = TriggerPointEditor()
    qtbot.addWidget(widget)
    changes = collect(widget)
    atlas = load_atlas()
    widget.set_record(record, atlas.muscles_under(REGION), "Left top of shoulder")
    other = trigger_point("calf_right", TriggerPointStatus.LATENT)
    widget.set_record(other, atlas.muscles_under("calf_right"), "Right calf")
    assert changes == []
    assert widget.status_buttons[TriggerPointStatus.LATENT].isChecked()
    assert "Right calf" in widget.title.text()


def test_loaded_values_are_shown(editor: TriggerPointEditor) -> None:
    assert editor.muscle_combo.currentData() == "upper_trapezius"
    assert editor.muscle_combo.itemData(1) == load_atlas().muscles_under(REGION)[0].muscle_id
    assert editor.criteria["taut_band"].isChecked()
    assert editor.tenderness.grade() == 2
    assert editor.ppt_spin.value() == pytest.approx(2.5)


def test_each_edit_emits_only_that_field(editor: TriggerPointEditor) -> None:
    changes = collect(editor)
    editor.criteria["nodule"].click()
    editor.status_buttons[TriggerPointStatus.LATENT].click()
    editor.tenderness.buttons[3].click()
    editor.tenderness.buttons[3].click()  # clicking the chosen grade clears it
    editor.after_grade.buttons[1].click()
    editor.twitch_combo.setCurrentIndex(editor.twitch_combo.findData(LocalTwitchResponse.VISIBLE))
    assert changes == [
        {"nodule": True},
        {"status": TriggerPointStatus.LATENT},
        {"tenderness_grade": 3},
        {"tenderness_grade": None},
        {"post_treatment_grade": 1},
        {"local_twitch": LocalTwitchResponse.VISIBLE},
    ]


def test_muscle_choice_emits_the_muscle_id(editor: TriggerPointEditor) -> None:
    changes = collect(editor)
    second = load_atlas().muscles_under(REGION)[1]
    editor.muscle_combo.setCurrentIndex(editor.muscle_combo.findData(second.muscle_id))
    editor.muscle_combo.setCurrentIndex(0)
    assert changes == [{"muscle_id": second.muscle_id}, {"muscle_id": None}]


def test_typing_part_of_a_name_finds_the_muscle(editor: TriggerPointEditor,
                                                qtbot: QtBot) -> None:
    completer = editor.muscle_combo.completer()
    completer.setCompletionPrefix("scap")  # "Levator scapulae": a match inside the name
    matches = [completer.completionModel().index(row, 0).data()
               for row in range(completer.completionCount())]
    assert "Levator scapulae" in matches


def test_list_edits_emit_tuples(editor: TriggerPointEditor) -> None:
    changes = collect(editor)
    techniques = {editor.techniques_list.item(row).data(Qt.ItemDataRole.UserRole):
                  editor.techniques_list.item(row)
                  for row in range(editor.techniques_list.count())}
    techniques["stripping_massage"].setCheckState(Qt.CheckState.Checked)
    techniques["ischemic_compression"].setCheckState(Qt.CheckState.Unchecked)
    regions = {editor.referral_list.item(row).data(Qt.ItemDataRole.UserRole):
               editor.referral_list.item(row) for row in range(editor.referral_list.count())}
    regions["occiput_left"].setCheckState(Qt.CheckState.Checked)
    assert changes == [
        {"techniques": ("ischemic_compression", "stripping_massage")},
        {"techniques": ("stripping_massage",)},
        {"referral_regions": ("temple_left", "occiput_left")},
    ]


def test_outside_scope_techniques_are_flagged(editor: TriggerPointEditor) -> None:
    texts = [editor.techniques_list.item(row).text()
             for row in range(editor.techniques_list.count())]
    assert "Dry needling — outside massage scope" in texts


def test_ppt_value_and_unit(editor: TriggerPointEditor) -> None:
    changes = collect(editor)
    editor.ppt_unit.setCurrentIndex(editor.ppt_unit.findData(PressureUnit.KPA))
    editor.ppt_spin.setValue(240.0)
    editor.ppt_spin.setValue(0.0)
    assert changes == [
        {"ppt_unit": PressureUnit.KPA},
        {"ppt_value": 240.0},
        {"ppt_value": None, "ppt_unit": None},
    ]


def test_the_note_is_committed_after_typing(editor: TriggerPointEditor, qtbot: QtBot) -> None:
    changes = collect(editor)
    editor.note_edit.setPlainText("Refers to the temple")
    assert changes == []  # waits for a pause in typing
    editor.flush()
    assert changes == [{"note": "Refers to the temple"}]
    editor.note_edit.setPlainText("Refers to the temple and the jaw")
    with qtbot.waitSignal(editor.changed, timeout=3000) as blocker:
        pass
    assert blocker.args == [{"note": "Refers to the temple and the jaw"}]


def test_a_pending_note_is_flushed_before_the_next_record(editor: TriggerPointEditor) -> None:
    changes = collect(editor)
    editor.note_edit.setPlainText("typed just now")
    other = trigger_point("calf_right")
    editor.set_record(other, load_atlas().muscles_under("calf_right"), "Right calf")
    assert changes == [{"note": "typed just now"}]


def test_delete_and_read_only(editor: TriggerPointEditor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(editor.delete_requested, timeout=1000):
        editor.delete_button.click()
    changes = collect(editor)
    editor.set_read_only(True)
    assert not editor.criteria["nodule"].isEnabled()
    editor.criteria["nodule"].setChecked(True)
    assert changes == []


def test_mnemonics_are_unique(editor: TriggerPointEditor) -> None:
    texts = [w.text() for w in editor.findChildren(QLabel) + editor.findChildren(QAbstractButton)]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"&(\w)", t)] if m]
    assert len(keys) >= 18
    assert len(keys) == len(set(keys)), sorted(keys)


def test_popup_and_escape(editor: TriggerPointEditor, qtbot: QtBot) -> None:
    editor.popup_at(QPoint(120, 80))
    qtbot.waitExposed(editor)
    assert editor.isVisible()
    assert editor.pos().x() >= 0 and editor.pos().y() >= 0
    with qtbot.waitSignal(editor.closed, timeout=1000):
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
