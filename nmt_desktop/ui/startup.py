"""Bring up the app: the sign-in window first, the main window once someone has signed in.

The sign-in window is the first paint. What it needs (the names of this database's accounts,
whether the owner must still be set up) is read without SQLAlchemy; the engine is created
right after that paint, while the person types (`after_first_paint(..., db.connect)`).
`finish_start`, run once the main window is on screen, builds the patient and session pages,
one step per event-loop turn, so that the window is ready before the first click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from nmt_desktop.ui.accounts.sign_in_flow import SignInFlow
from nmt_desktop.ui.accounts.start_window import StartWindow
from nmt_desktop.ui.common.theme import apply_theme
from nmt_desktop.ui.first_paint import after_first_paint

if TYPE_CHECKING:
    from nmt_desktop.services.database import Database
    from nmt_desktop.services.front_door import FrontDoor
    from nmt_desktop.ui.accounts.session_guard import SessionGuard
    from nmt_desktop.ui.main_window import MainWindow

# The main window, its pages and the session guard are imported once someone has signed in:
# loading them costs about 60 ms, which the sign-in window (the first paint) does not need.


def finish_start(window: MainWindow) -> None:
    """After the first paint: connect the engine, then build the pages (each in its own turn)."""

    def connect() -> None:
        window.context.db.connect()
        QTimer.singleShot(0, window.build_pages)
        QTimer.singleShot(0, window.backups.start)

    QTimer.singleShot(0, connect)


def show_main_window(db: Database, data_folder: str) -> MainWindow:
    """The main window acting as `db`'s person (NotSignedInError if nobody is signed in).

    The app comes here only through the sign-in window (`AppStart`). Scripts (screenshots,
    benchmarks) pass the program's own handle (services/program_person.py), which has no
    therapist profile: the window then charts as the clinic's first therapist.
    """
    from nmt_desktop.domain.access import AuthMethod
    from nmt_desktop.services.therapist_roster import list_therapists
    from nmt_desktop.ui.context import AppContext
    from nmt_desktop.ui.main_window import MainWindow

    apply_theme()
    context = AppContext(db)
    person = db.person
    if person.authenticated_by is AuthMethod.SYSTEM and person.therapist_uid is None:
        context.act_as(db, None)
        therapists = context.read(list_therapists)
        if therapists:
            context.act_as_therapist(therapists[0])
    else:
        context.switch_to(db)
    window = MainWindow(context, data_folder)
    window.show()
    window.patient_list.focus_search()
    return window


class AppStart(QObject):
    """The start of a run: sign in, then the main window and its guard (lock, switch user)."""

    def __init__(self, door: FrontDoor, data_folder: str) -> None:
        super().__init__()
        self.door = door  # how the database is entered: every sign-in goes through it
        self._data_folder = data_folder
        self.start_window = StartWindow(door.location)
        self.flow = SignInFlow(door, self.start_window)
        self.flow.signed_in.connect(self._signed_in)
        self.window: MainWindow | None = None
        self.guard: SessionGuard | None = None

    def begin(self) -> StartWindow:
        apply_theme()
        self.flow.start()
        return self.start_window

    def open_after_first_paint(self) -> None:
        """Open what painting the sign-in page did not need, while the person types.

        A plain file's engine; an encrypted file's key, if this laptop remembers it (and then
        its engine, in the next turn).
        """
        opened = self.door.opened
        if opened is None and self.flow.use_remembered_key():
            opened = self.door.opened
        if opened is not None:
            QTimer.singleShot(0, opened.connect)

    def _signed_in(self, handle: Database) -> None:
        from nmt_desktop.ui.accounts.session_guard import SessionGuard

        window = show_main_window(handle, self._data_folder)
        self.window = window
        self.guard = SessionGuard(window.context, window, self.door,
                                  self.flow.lock_after_minutes)
        self.guard.start()
        after_first_paint(window, lambda: finish_start(window))
