"""The referral list is rebuilt only when the muscle's pattern changes; ticks always follow."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.ui.bodymap.trigger_point_editor import TriggerPointEditor
from tests.ui.bodymap.charts import trigger_point


def ticked(editor: TriggerPointEditor) -> set[str]:
    items = (editor.referral_list.item(row) for row in range(editor.referral_list.count()))
    return {item.data(Qt.ItemDataRole.UserRole) for item in items
            if item.checkState() == Qt.CheckState.Checked}


def test_ticks_follow_each_point_shown(qtbot: QtBot) -> None:
    editor = TriggerPointEditor()
    qtbot.addWidget(editor)
    atlas = load_atlas()
    first = dataclasses.replace(trigger_point("calf_right", TriggerPointStatus.ACTIVE),
                                referral_regions=("temple_left", "occiput_left"))
    second = trigger_point("calf_left", TriggerPointStatus.LATENT)
    trapezius = dataclasses.replace(
        trigger_point("shoulder_top_left", TriggerPointStatus.ACTIVE,
                      muscle_id="upper_trapezius"), referral_regions=("temple_left",))

    editor.set_record(first, atlas.muscles_under("calf_right"), "Right calf")
    assert ticked(editor) == {"temple_left", "occiput_left"}
    rows = editor.referral_list.count()
    editor.set_record(second, atlas.muscles_under("calf_left"), "Left calf")
    assert ticked(editor) == set() and editor.referral_list.count() == rows
    editor.set_record(trapezius, atlas.muscles_under("shoulder_top_left"), "Left shoulder")
    assert ticked(editor) == {"temple_left"}
    first_row = editor.referral_list.item(0)
    assert first_row.font().bold()  # the trapezius pattern comes first, in bold
    editor.close()
