"""The question a dialog asks when someone else saved the record after it opened.

Never a silent overwrite (no lost update between two laptops): the service refused the save
and said who changed the record and when; the dialog keeps what was typed and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class StaleChoice(Enum):
    RELOAD_THEIRS = "Reload theirs"
    KEEP_MINE = "Keep mine (overwrite)"


#: Asked with the service's refusal ("Changed by Sam at 14:03 after you opened …").
StaleAsker = Callable[[str], StaleChoice]


def ask_reload_or_keep(parent: QWidget, title: str, refusal: str) -> StaleChoice:
    """The choice as a message box (tests pass their own asker instead)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title,
                      f"{refusal}\n\nYour changes are still in the dialog.", parent=parent)
    reload_button = box.addButton(StaleChoice.RELOAD_THEIRS.value,
                                  QMessageBox.ButtonRole.RejectRole)
    keep_button = box.addButton(StaleChoice.KEEP_MINE.value, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(reload_button)
    box.exec()
    if box.clickedButton() is keep_button:
        return StaleChoice.KEEP_MINE
    return StaleChoice.RELOAD_THEIRS
