"""The questions asked before something the therapist may not have meant.

Each is a plain function returning the answer, so that tests can answer it instead of a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from nmt_desktop import APP_NAME
from nmt_desktop.ui.common.formatting import local_datetime_text

if TYPE_CHECKING:  # the start-up path asks through confirm_action without loading the records
    from nmt_desktop.services.records import SessionRecord

OPEN, SECOND, CANCEL = "open", "second", "cancel"


def confirm_action(parent: QWidget | None, text: str, action: str, *,
                   destructive: bool = True) -> bool:
    """A warning with one action and Cancel, which is the default and Esc: True for the action."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, parent=parent)
    role = (QMessageBox.ButtonRole.DestructiveRole if destructive
            else QMessageBox.ButtonRole.AcceptRole)
    chosen = box.addButton(action, role)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is chosen


def ask_about_today(parent: QWidget | None, existing: SessionRecord) -> str:
    """Ctrl+T on a day that has a session: open it (default), start a second one, or cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("A session today already")
    state = "signed" if existing.is_signed else "draft"
    box.setText(f"This patient already has a session today "
                f"({local_datetime_text(existing.started_at)}, {state}).")
    box.setInformativeText("Open it, or start a second session for today?")
    open_button = box.addButton("Open today's session", QMessageBox.ButtonRole.AcceptRole)
    second = box.addButton("Start a second session", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_button)
    box.exec()
    clicked = box.clickedButton()
    return OPEN if clicked is open_button else SECOND if clicked is second else CANCEL


def confirm_quit_with_drafts(parent: QWidget | None, drafts: Sequence[str]) -> bool:
    """Closing with unsigned drafts: list them; True quits anyway."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsigned drafts")
    count = len(drafts)
    box.setText(f"{count} session{'s are' if count != 1 else ' is'} not signed yet:")
    shown = list(drafts[:12]) + ([f"… and {count - 12} more"] if count > 12 else [])
    box.setInformativeText("\n".join(f"• {line}" for line in shown)
                           + "\n\nThey are saved as drafts and can be signed later.")
    quit_button = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Stay and sign", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is quit_button


def confirm_discard(parent: QWidget | None, what: str) -> bool:
    """Esc with typed data: True discards it."""
    answer = QMessageBox.question(
        parent, "Discard what was typed?", f"Discard the {what} typed so far?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


def confirm_close_without_backup(parent: QWidget | None, problem: str) -> bool:
    """The backup on closing failed: True closes anyway (the data itself is saved)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Backup failed")
    box.setText("The backup on closing could not be written.")
    box.setInformativeText(f"Why: {problem}.\n\nYour changes are saved in the database; only "
                           "the backup copy is missing. Fix the backup folder and stay open to "
                           "retry, or close and it is tried again at the next start.")
    close_button = box.addButton("Close anyway", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Stay open", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is close_button
