"""Screenshots of signing in, the lock screen and the accounts dialog (tools/screenshots.py).

The sign-in window is the demo clinic's, as a newcomer meets it after `tools/dev.py app`: the
demo accounts named and the demo password filled in. The lock screen covers María's open
chart (Ctrl+L); the accounts dialog is the owner's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.front_door import DoorKind, FrontDoor
from nmt_desktop.ui.accounts.accounts_dialog import AccountsDialog
from nmt_desktop.ui.accounts.session_guard import SessionGuard
from nmt_desktop.ui.accounts.sign_in_flow import SignInFlow
from nmt_desktop.ui.accounts.start_window import StartWindow
from nmt_desktop.ui.main_window import MainWindow

Shot = Callable[[MainWindow, Database], QWidget | None]


def sign_in_window(window: MainWindow, db: Database) -> QWidget:
    """The first window of a run on the demo database (its accounts need no sign-in to list)."""
    window.hide()
    start = StartWindow(db.location)
    flow = SignInFlow(FrontDoor(db.url, DoorKind.PLAIN_FILE, db), start)
    flow.start()
    start.resize(520, 440)
    return start


def lock_screen(window: MainWindow, db: Database) -> QWidget:
    """Ctrl+L over María's chart: the clinic's name and who is signed in, nothing else."""
    window.open_patient(patient_service.get_patient(db, demo_uid("maria")))
    guard = SessionGuard(window.context, window, FrontDoor(db.url, DoorKind.PLAIN_FILE, db), 5)
    guard.lock()
    return guard.lock_screen


def accounts_dialog(window: MainWindow, db: Database) -> QWidget:
    dialog = AccountsDialog(window.context, parent=window)
    dialog.show()
    return dialog


ACCOUNTS_SHOTS: dict[str, Shot] = {
    "sign-in.png": sign_in_window,
    "lock-screen.png": lock_screen,
    "accounts-dialog.png": accounts_dialog,
}
