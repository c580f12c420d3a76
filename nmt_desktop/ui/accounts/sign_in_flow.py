"""Signing in, as the start window's pages ask for it: the controller between views and services.

It holds the database's front door (services/front_door.py: a plain file, an encrypted file,
a file its first owner creates, a clinic server), signs in through it, calls the other
accounts use cases (services/sign_in.py, loaded once a person acts: the sign-in page is the
first paint) and hands the signed-in handle on (`signed_in`).
Passwords live only in the password fields and in the call that checks them; every page
forgets them when it is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import NotAllowedError, ValidationError
from nmt_desktop.services.passwords import password_problem
from nmt_desktop.ui.accounts.sign_in_view import AccountChoice
from nmt_desktop.ui.accounts.start_window import StartWindow

if TYPE_CHECKING:
    from nmt_desktop.services.database import Database
    from nmt_desktop.services.front_door import FrontDoor

CodePrinter = Callable[[str, str, QWidget], bool]  # code, clinic location, parent → printed


def print_on_paper(code: str, location: str, parent: QWidget) -> bool:
    """The printer dialog (Qt's print support is loaded when asked for, not at start)."""
    from nmt_desktop.ui.accounts.recovery_print import print_recovery_code

    return print_recovery_code(code, location, parent)


class SignInFlow(QObject):
    signed_in = Signal(object)  # the Database handle bound to the person
    cancelled = Signal()

    def __init__(self, door: FrontDoor, window: StartWindow,
                 print_code: CodePrinter = print_on_paper) -> None:
        super().__init__(window)
        self.door = door
        self.window = window
        self._print_code = print_code
        self.choices: Any = None
        self._pending: Database | None = None  # signed in, recovery code not yet confirmed
        self._code = ""
        self._forced_user = ""
        view = window.sign_in
        view.sign_in_requested.connect(self._sign_in)
        view.recovery_requested.connect(self._show_recovery)
        view.cancel_requested.connect(self._cancel)
        window.closed_by_user.connect(self.cancelled)
        window.recovery_code.print_requested.connect(self._print)
        window.recovery_code.copy_requested.connect(self._copy)
        window.recovery_code.confirmed.connect(self._code_confirmed)
        window.new_password.chosen.connect(self._new_password)
        window.new_password.cancel_requested.connect(self._back_to_sign_in)
        window.recovery.reset_requested.connect(self._reset_with_code)
        window.recovery.cancel_requested.connect(self._back_to_sign_in)

    @property
    def lock_after_minutes(self) -> int:
        return int(self.choices.lock_after_minutes) if self.choices is not None else 5

    def start(self, cancellable: bool = False, title: str = "Sign in") -> None:
        """Read who may sign in (no sign-in needed for that) and show the right page."""
        self.choices = self.door.choices()
        self.window.sign_in.set_cancellable(cancellable, title)
        self.window.sign_in.set_door_note(self.door.note,
                                          recovery_offered=self.door.kind.value != "server")
        if self.choices.owner_setup_needed:
            owner = self.choices.owner
            setup = self.window.show_setup(owner.display_name if owner is not None else None,
                                           encrypted=self.door.kind.value == "new_file")
            setup.setup_requested.connect(self._set_up_owner)
        else:
            self._show_sign_in()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def use_remembered_key(self) -> bool:
        """An encrypted file, after the first paint: try the key this laptop may remember.

        When it opens the file, the page lists its accounts (unless the person has begun to
        type); when the keychain refused, the page says so and the password still works.
        True when the file is now open.
        """
        if self.door.kind.value != "encrypted_file":
            return False  # nothing to remember: a plain file, a server, a file not made yet
        opened = self.door.open_with_remembered_key()
        view = self.window.sign_in
        view.set_door_note(self.door.note)
        untouched = not view.account.currentText() and not view.password.text()
        if opened and untouched and self.window.pages.currentWidget() is view:
            self.choices = self.door.choices()
            self._show_sign_in()
        return opened

    # -- signing in --------------------------------------------------------------------

    def _show_sign_in(self) -> None:
        view = self.window.sign_in
        accounts = [a for a in self.choices.accounts if not a.disabled]
        demo = self.choices.demo_password
        # On the demo clinic the owner is chosen and the password filled in: Enter signs in.
        owner = next((a.user_name for a in accounts if a.role is Role.OWNER), "") if demo else ""
        view.set_accounts([AccountChoice(a.user_name, a.display_name, a.role.label)
                           for a in accounts], owner)
        view.set_demo_password(demo)
        view.clear_refusal()
        self.window.show_page(view)
        view.focus_first_empty()

    def _sign_in(self, user_name: str, password: str) -> None:
        try:
            handle = self.door.sign_in(user_name, password)
        except NotAllowedError as refusal:
            changing = getattr(refusal, "handle", None)
            if changing is not None:  # a temporary password: choose one's own first
                self._forced_user = user_name
                self._ask_new_password(changing, password)
                return
            self.window.sign_in.show_refusal(
                str(refusal), float(getattr(refusal, "retry_after_seconds", 0.0) or 0.0))
            return
        self._finish(handle)

    def _ask_new_password(self, handle: Database, current_password: str) -> None:
        self._pending = handle
        self.window.sign_in.password.clear()
        self.window.new_password.ask(handle.person.display_name, current_password)
        self.window.show_page(self.window.new_password)

    def _new_password(self, current: str, new: str) -> None:
        assert self._pending is not None
        problem = password_problem(new, self._forced_user)
        if problem:
            self.window.new_password.show_problem(problem)
            return
        try:
            from nmt_desktop.services.sign_in import change_own_password

            change_own_password(self._pending, current, new)
        except (NotAllowedError, ValidationError) as refusal:
            self.window.new_password.show_problem(str(refusal))
            return
        handle, self._pending = self._pending, None
        self._finish(handle)

    # -- first start and recovery ------------------------------------------------------

    def _set_up_owner(self, password: str, display_name: str, user_name: str,
                      credentials: str, licence_number: str) -> None:
        setup = self.window.setup
        assert setup is not None
        problem = password_problem(password, user_name)
        if problem:
            setup.show_problem(problem)
            return
        try:
            handle, code = self.door.set_up_owner(
                password, display_name=display_name, user_name=user_name,
                credentials=credentials, licence_number=licence_number)
        except (ValidationError, NotAllowedError) as refusal:
            setup.show_problem(str(refusal))
            return
        setup.password.clear()
        setup.repeat.clear()
        self._show_code(handle, code)

    def _show_recovery(self) -> None:
        self.window.recovery.clear()
        # No list of accounts (an encrypted file): the owner's user name is typed.
        self.window.recovery.ask_owner_name(self.choices is None or not self.choices.accounts)
        self.window.show_page(self.window.recovery)
        self.window.recovery.code.setFocus()

    def _reset_with_code(self, code: str, password: str) -> None:
        owner = self.choices.owner if self.choices is not None else None
        owner_name = owner.user_name if owner is not None else self.window.recovery.owner_name()
        problem = password_problem(password, owner_name)
        if problem:
            self.window.recovery.show_problem(problem)
            return
        try:
            handle, new_code = self.door.reset_with_recovery_code(
                code, password, owner_user_name=owner_name)
        except (NotAllowedError, ValidationError) as refusal:
            self.window.recovery.show_problem(str(refusal))
            return
        self.window.recovery.clear()
        self._show_code(handle, new_code)

    def _show_code(self, handle: Database, code: str) -> None:
        self._pending, self._code = handle, code
        self.window.recovery_code.explain_encrypted(self.door.kind.value == "encrypted_file")
        self.window.recovery_code.show_code(code)
        self.window.show_page(self.window.recovery_code)

    def _print(self) -> None:
        printed = self._print_code(self._code, self.door.location, self.window)
        if printed:
            self.window.recovery_code.status.setText("Sent to the printer.")

    def _copy(self) -> None:
        QApplication.clipboard().setText(self._code)
        self.window.recovery_code.status.setText(
            "Copied. Paste it where you keep it safe; the clipboard is cleared when you "
            "continue.")

    def _code_confirmed(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.text() == self._code:
            clipboard.clear()  # the code does not linger where any program can read it
        self._code = ""
        self.window.recovery_code.forget_code()
        handle, self._pending = self._pending, None
        assert handle is not None
        self._finish(handle)

    # -- leaving -----------------------------------------------------------------------

    def _back_to_sign_in(self) -> None:
        self._pending = None
        self.window.new_password.forget()
        if self.choices is not None and self.choices.owner_setup_needed:
            assert self.window.setup is not None
            self.window.show_page(self.window.setup)
            return
        self._show_sign_in()

    def _cancel(self) -> None:
        self.window.sign_in.password.clear()
        self.cancelled.emit()
        self.window.close_by_program()

    def _finish(self, handle: Database) -> None:
        self.window.sign_in.password.clear()
        self.window.new_password.forget()
        # The next window is shown before this one closes: closing the app's last visible
        # window would end the program.
        self.signed_in.emit(handle)
        self.window.close_by_program()
