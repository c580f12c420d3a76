"""Before the session page goes away with typed text the database has not taken: ask first.

Leaving the page keeps the text in the autosave buffer (it is still retried in the
background); closing the window would lose it, so the therapist chooses: try again, keep the
text in a file, close anyway, or stay.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from nmt_desktop.ui.session.form.form import SessionForm


class Choice(Enum):
    RETRY = "Retry"
    KEEP_IN_FILE = "Save text to file…"
    GO_ANYWAY = "go anyway"
    STAY = "Stay here"


Ask = Callable[[QWidget, str, bool], Choice]


def ask(parent: QWidget, reason: str, closing: bool) -> Choice:
    """The question as a message box (tests replace it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Text not saved yet", question(reason, closing),
                      parent=parent)
    buttons = {
        box.addButton(Choice.RETRY.value, QMessageBox.ButtonRole.AcceptRole): Choice.RETRY,
        box.addButton(Choice.KEEP_IN_FILE.value, QMessageBox.ButtonRole.ActionRole):
            Choice.KEEP_IN_FILE,
        box.addButton("Close without saving" if closing else "Leave the page",
                      QMessageBox.ButtonRole.DestructiveRole): Choice.GO_ANYWAY,
    }
    stay = box.addButton(Choice.STAY.value, QMessageBox.ButtonRole.RejectRole)
    buttons[stay] = Choice.STAY
    box.setDefaultButton(stay)
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons.items() if button is clicked), Choice.STAY)


def question(reason: str, closing: bool) -> str:
    after = ("If you close now, it is lost unless you save it to a file." if closing else
             "If you leave the page, it stays kept and is tried again until it is saved.")
    return f"Text you typed is not saved yet: {reason}.\n\n{after}"


def may_leave(form: SessionForm, parent: QWidget, closing: bool, asker: Ask | None = None) -> bool:
    """True when nothing typed is left unsaved, or the therapist chose what happens to it."""
    form.flush()
    while form.autosave.has_pending():
        choice = (asker or ask)(parent, form.autosave.last_failure or "the database did not answer",
                     closing)
        if choice is Choice.RETRY:
            form.flush()
            continue
        if choice is Choice.STAY:
            return False
        if choice is Choice.KEEP_IN_FILE and form.keep_unsaved_in_file() is None:
            continue  # no file chosen or it could not be written: ask again
        if closing:
            form.autosave.discard()
        return True
    return True
