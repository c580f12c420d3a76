"""Charting without a mouse: the region list, arrow keys on the map, tool keys wherever no
text field has the focus, tool buttons in the Tab order, no mnemonic clashes, and Help →
Keyboard shortcuts listing every shortcut."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
from nmt_desktop.ui.shortcuts_dialog import SHORTCUTS
from tests.ui.session.charting.test_chart_editor import chart, click_region


def test_the_region_list_finds_and_charts_a_region(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    regions = editor.regions
    regions.filter.setFocus()
    qtbot.keyClicks(regions.filter, "low back left")
    assert regions.current_region() == "low_back_left"
    assert editor.scene.hovered_region() == "low_back_left"  # outlined on the map
    editor.pain_options.nrs.setValue(6)
    regions.buttons[Tool.PAIN_ZONE].click()
    regions.buttons[Tool.TENSION].click()
    regions.buttons[Tool.TRIGGER_POINT].click()
    stored = chart(db, session)
    assert [(z.region_id, z.nrs) for z in stored.pain_zones] == [("low_back_left", 6)]
    assert [t.region_id for t in stored.tension_ratings] == ["low_back_left"]
    assert [tp.region_id for tp in stored.trigger_points] == ["low_back_left"]


def test_arrow_keys_move_a_visible_focus_and_enter_charts_it(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    qtbot.keyClick(editor.view, Qt.Key.Key_P)
    editor.scene.focus_region("low_back_left")
    qtbot.keyClick(editor.view, Qt.Key.Key_Down)
    below = editor.scene.keyboard_region()
    assert below not in (None, "low_back_left")
    assert editor.scene.hovered_region() == below  # the outline shows where the keys are
    assert editor.regions.current_region() == below  # the list follows the map
    qtbot.keyClick(editor.view, Qt.Key.Key_Up)
    assert editor.scene.keyboard_region() == "low_back_left"
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    assert [z.region_id for z in chart(db, session).pain_zones] == ["low_back_left"]


def test_tool_keys_work_when_the_focus_is_outside_the_map(
        qtbot: QtBot, editor: ChartEditor) -> None:
    window = editor.window()
    patients = window.patient_list.list  # type: ignore[attr-defined]
    patients.setFocus()
    qtbot.keyClick(patients, Qt.Key.Key_N)
    assert editor.scene.tool() is Tool.TENSION
    # ... but never while a text field has the focus: there the key is typed.
    search = window.patient_list.search  # type: ignore[attr-defined]
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_P)
    assert editor.scene.tool() is Tool.TENSION and search.text() == "p"


def test_opening_a_session_takes_the_keys_away_from_the_search(editor: ChartEditor) -> None:
    assert editor.view.hasFocus()


def test_tool_buttons_are_in_the_tab_order(editor: ChartEditor) -> None:
    for action in editor.tool_actions.values():
        button = editor.toolbar.widgetForAction(action)
        assert button is not None
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def _mnemonics(window: QWidget) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        # "&&" is a literal ampersand and "&nbsp;" an HTML entity of a rich-text label: neither
        # is a mnemonic.
        plain = re.sub(r"&(#\w+|[a-zA-Z]+);", "", text.replace("&&", ""))
        match = re.search(r"&([^&])", plain)
        if match:
            found[match.group(1).lower()].append(text)

    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            add(widget.text())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index))
    for action in window.menuBar().actions():  # type: ignore[attr-defined]
        add(action.text())
    return found


def test_no_mnemonic_is_used_twice_with_the_trigger_point_editor_open(
        qtbot: QtBot, editor: ChartEditor) -> None:
    click_region(qtbot, editor, "shoulder_top_right")
    assert editor.editor.isVisible()
    clashes = {key: texts for key, texts in _mnemonics(editor.window()).items()
               if len(texts) > 1}
    assert clashes == {}


def test_help_lists_every_shortcut_of_the_window(editor: ChartEditor) -> None:
    window = editor.window()
    listed = " ".join(keys for _group, keys, _meaning in SHORTCUTS)
    actions = window.findChildren(QAction)
    keys = {action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            for action in actions if not action.shortcut().isEmpty()}
    keys.discard("F1")
    missing = {key for key in keys if key not in listed
               and not (key.isdigit() and "0 – 9" in listed)}
    assert missing == set()
    assert "F1" in listed
    help_key = QKeySequence(QKeySequence.StandardKey.HelpContents)
    shortcut = window.shortcuts_action.shortcut()  # type: ignore[attr-defined]
    assert shortcut.matches(help_key) == QKeySequence.SequenceMatch.ExactMatch
