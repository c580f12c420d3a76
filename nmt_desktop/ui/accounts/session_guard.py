"""Who is at the keyboard, while the app runs: the automatic lock, unlock, switch user, sign out.

Locking first commits the text that is still waiting to be saved, then covers every window
(ui/accounts/cover.py) and shows the lock screen. Unlocking asks the same person's password
(`verify_password`, counted like a sign-in). "Sign in as someone else" and *Switch user* sign
a person in with the start window; the context then acts as them, and what the previous person
had open is closed. *Sign out* goes back to the start window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, QRect, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services import access_log, sign_in
from nmt_desktop.ui.accounts.cover import WindowCover
from nmt_desktop.ui.accounts.idle import IdleWatcher
from nmt_desktop.ui.accounts.lock_screen import LockScreen
from nmt_desktop.ui.accounts.sign_in_flow import SignInFlow
from nmt_desktop.ui.accounts.start_window import StartWindow
from nmt_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from nmt_desktop.services.database import Database
    from nmt_desktop.services.front_door import FrontDoor


class GuardedWindow(Protocol):
    """What the guard needs of the main window (ui/main_window.py).

    A protocol, so that ui/accounts does not import the window that imports it.
    """

    lock_requested: SignalInstance
    switch_user_requested: SignalInstance
    sign_out_requested: SignalInstance
    destroyed: SignalInstance

    def commit_pending_text(self) -> None: ...
    def clinic_name(self) -> str: ...
    def welcome_person(self, reset: bool) -> None: ...
    def close_without_asking(self) -> None: ...
    def geometry(self) -> QRect: ...
    def show(self) -> None: ...
    def hide(self) -> None: ...


class SessionGuard(QObject):
    locked_changed = Signal(bool)
    signed_out = Signal()

    def __init__(self, context: AppContext, window: GuardedWindow, door: FrontDoor,
                 lock_after_minutes: int, idle: IdleWatcher | None = None) -> None:
        # The main window is a QWidget that also has the methods of GuardedWindow.
        self._widget = cast(QWidget, window)
        super().__init__(self._widget)
        self._context = context
        self._window = window
        self._door = door  # every other person signs in through the same door
        self.idle = idle or IdleWatcher(lock_after_minutes, parent=self)
        self.lock_screen = LockScreen()
        self.cover = WindowCover()
        self.locked = False
        self._flow: SignInFlow | None = None
        self.idle.idle.connect(self.lock)
        self.idle.lock_key_pressed.connect(self.lock)
        self.lock_screen.unlock_requested.connect(self._unlock)
        self.lock_screen.someone_else_requested.connect(self._someone_else)
        window.lock_requested.connect(self.lock)
        window.switch_user_requested.connect(self.switch_user)
        window.sign_out_requested.connect(self.sign_out)
        window.destroyed.connect(self._stop)
        context.events.changed.connect(self._on_changed)

    def _on_changed(self, changes: object) -> None:
        # The owner changed the idle limit (Edit → Accounts…): it applies at once.
        if getattr(changes, "settings", False) and self._context.db.signed_in:
            minutes = self._context.read(sign_in.sign_in_choices).lock_after_minutes
            self.idle.set_minutes(int(minutes))

    def start(self) -> None:
        self.idle.install()
        self.idle.restart()

    def _stop(self) -> None:
        # The main window is going away (the end of the program): so does everything here,
        # in whatever order Qt deletes it.
        if isValid(self.idle):
            self.idle.uninstall()
        if isValid(self.lock_screen):
            self.lock_screen.release()
            self.lock_screen.deleteLater()

    # -- locking -----------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked or not self._context.db.signed_in:
            return
        self._window.commit_pending_text()
        self.locked = True
        self.idle.pause()
        self.cover.cover(keep=self.lock_screen)
        person = self._context.db.person
        self.lock_screen.show_locked(self._window.clinic_name(), person.display_name,
                                     person.role.label)
        self.lock_screen.setGeometry(self._window.geometry())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.activateWindow()
        self.lock_screen.password.setFocus()
        self._record("lock")
        self.locked_changed.emit(True)

    def _unlock(self, password: str) -> None:
        try:
            sign_in.verify_password(self._context.db, password)
        except NotAllowedError as refusal:
            # The refusal says it all, the wait after repeated failures included.
            self.lock_screen.show_refusal(str(refusal))
            return
        self._record("unlock")
        self._leave_lock()
        self.cover.uncover()

    def _leave_lock(self) -> None:
        self.lock_screen.release()
        self.locked = False
        self.idle.restart()
        self.locked_changed.emit(False)

    # -- another person ----------------------------------------------------------------

    def _someone_else(self) -> None:
        self._ask_sign_in("Sign in as someone else", cancellable=True)

    def switch_user(self) -> None:
        """File → Switch user…: lock (commit, cover), then ask who signs in."""
        self.lock()
        if self.locked:
            self._someone_else()

    def sign_out(self) -> None:
        """File → Sign out: commit, record, close everything of this person, ask who is next."""
        if not self._context.db.signed_in:
            return
        self._window.commit_pending_text()
        self._record("sign_out")
        if self.locked:
            self.lock_screen.release()
            self.locked = False
        else:
            self.cover.cover(keep=self.lock_screen)
        self.cover.dismiss_except(self._widget)
        self.idle.pause()
        self._window.hide()
        # A file's handle of nobody; a server has none (each login its own connection), so
        # the previous person's handle stays bound until the next sign-in replaces it.
        self._context.sign_out(self._door.opened or self._context.db)
        self.signed_out.emit()
        self._ask_sign_in("Sign in", cancellable=False)

    def _ask_sign_in(self, title: str, cancellable: bool) -> None:
        window = StartWindow(self._door.location)
        # Above the covered windows, which take no input meanwhile (as under the lock screen).
        window.setWindowModality(Qt.WindowModality.ApplicationModal)
        flow = SignInFlow(self._door, window)
        self._flow = flow
        flow.signed_in.connect(self._person_signed_in)
        flow.cancelled.connect(self._sign_in_cancelled if cancellable else self._quit)
        if self.locked:
            self.lock_screen.hide()
        flow.start(cancellable=cancellable, title=title)

    def _sign_in_cancelled(self) -> None:
        self._drop_flow()
        if self.locked:  # back to the lock screen of the person still signed in
            self.lock_screen.show()
            self.lock_screen.activateWindow()
            self.lock_screen.password.setFocus()

    def _quit(self) -> None:
        self._drop_flow()
        self._window.close_without_asking()

    def _person_signed_in(self, handle: Database) -> None:
        minutes = self._flow.lock_after_minutes if self._flow is not None else None
        self._drop_flow()
        same = (self._context.db.signed_in
                and handle.person.account_uid == self._context.db.person.account_uid)
        if self.locked:
            self.lock_screen.release()
            self.locked = False
        if same:
            self.cover.uncover()
        else:
            self.cover.dismiss_except(self._widget)
            previous = self._context.db
            self._context.switch_to(handle)
            self._close_if_own_connection(previous)
        self._window.show()
        self._window.welcome_person(reset=not same)
        if minutes:
            self.idle.set_minutes(minutes)
        self.idle.restart()
        self.locked_changed.emit(False)

    def _close_if_own_connection(self, previous: Database) -> None:
        """On a server each person's handle has its own connection: the last one's goes.

        A file's handles share the door's engine, which stays open (never closed here).
        """
        opened = self._door.opened
        if self._door.kind.value == "server" and previous is not opened \
                and previous is not self._context.db:
            previous.close()

    def _drop_flow(self) -> None:
        if self._flow is not None:
            self._flow.window.deleteLater()
            self._flow = None

    def _record(self, action: str) -> None:
        """Locks, unlocks and sign-outs are in the audit trail; a failed write is said."""
        db = self._context.db
        self._context.attempt(lambda: access_log.record_access(
            db, access_log.AccessAction(action), None))
