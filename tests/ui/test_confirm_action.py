"""The one-action warning (take over a lock, start a new file, delete plain copies, remember
the key): Cancel is the default and Esc; only the action's own button says yes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.common.confirmations import confirm_action


def _answer(press: str) -> None:
    """Once the box is up: click its action ("action"), press Enter or press Esc."""

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, act)
            return
        if press == "action":
            [chosen] = [b for b in box.buttons()
                        if box.buttonRole(b) is not QMessageBox.ButtonRole.RejectRole]
            chosen.click()
        else:
            QTest.keyClick(box, Qt.Key.Key_Return if press == "enter" else Qt.Key.Key_Escape)

    QTimer.singleShot(10, act)


@pytest.mark.parametrize(("press", "expected"),
                         [("action", True), ("enter", False), ("esc", False)])
def test_only_the_action_button_says_yes(qtbot: QtBot, press: str, expected: bool) -> None:
    _answer(press)
    assert confirm_action(None, "Delete the plain copies?", "Delete them") is expected
