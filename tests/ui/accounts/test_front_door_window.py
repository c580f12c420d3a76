"""The window's way into an encrypted file and a file not made yet (services/front_door.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import accounts, encryption, sign_in
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.front_door import DoorKind, FrontDoor
from nmt_desktop.ui.accounts import encrypt_database
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.open_database import OpenForApp, open_for_app
from nmt_desktop.ui.startup import AppStart
from tests.keychains import MemoryKeyring
from tests.ui.accounts.conftest import OWNER, OWNER_PASSWORD, Setup

ENCRYPTED_NOTE = "This database is encrypted: your own password unlocks it."


def start_app(qtbot: QtBot, database: Path, tmp_path: Path,
              runs: list[tuple[OpenForApp, AppStart]]) -> AppStart:
    opened = open_for_app(f"sqlite:///{database}", can_ask=False)
    assert opened.door is not None
    start = AppStart(opened.door, str(tmp_path))
    runs.append((opened, start))
    first = start.begin()
    qtbot.addWidget(first)
    return start


def encrypted_clinic(database: Path) -> None:
    """A clinic its owner created encrypted on an earlier start."""
    door = FrontDoor.for_url(f"sqlite:///{database}")
    assert door.kind is DoorKind.NEW_FILE
    handle, _code = door.set_up_owner(OWNER_PASSWORD, **OWNER)
    handle.close()
    door.close()


def test_a_missing_file_is_made_encrypted_by_its_owner_then_the_code_then_the_window(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    # GIVEN no database file yet
    database = tmp_path / "clinic.sqlite"
    start = start_app(qtbot, database, tmp_path, app_runs)
    # THEN nothing is written before the owner sets up; the set-up page asks for the owner
    assert not database.exists()
    setup = start.start_window.setup
    assert setup is not None and start.start_window.pages.currentWidget() is setup
    assert "created encrypted" in setup.intro.text()
    # WHEN the owner types names and a password twice
    setup.display_name.setText(OWNER["display_name"])
    setup.user_name.setText(OWNER["user_name"])
    setup.credentials.setText(OWNER["credentials"])
    setup.password.setText(OWNER_PASSWORD)
    setup.repeat.setText(OWNER_PASSWORD)
    setup.continue_button.click()
    # THEN the file is encrypted: nothing of the owner's in its bytes
    written = b"".join(path.read_bytes() for path in tmp_path.glob("clinic.sqlite*")
                       if path.is_file())
    assert database.stat().st_size > 0
    assert not database.read_bytes().startswith(b"SQLite format 3")
    assert OWNER["display_name"].encode() not in written
    # AND the recovery code page says the code opens the data
    page = start.start_window.recovery_code
    assert start.start_window.pages.currentWidget() is page
    assert page.code.text()
    assert "opens the encrypted data if every password or the key file is lost" in \
        page.intro.text()
    page.written_down.setChecked(True)
    page.continue_button.click()
    # THEN the main window, as the owner
    assert start.window is not None
    qtbot.addWidget(start.window)
    assert f"Signed in: {OWNER['display_name']}" in start.window.signed_in_label.text()


def test_an_encrypted_file_is_entered_with_a_typed_name_and_ones_own_password(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    database = tmp_path / "clinic.sqlite"
    encrypted_clinic(database)
    start = start_app(qtbot, database, tmp_path, app_runs)
    view = start.start_window.sign_in
    # THEN no list of accounts, one sentence says what is going on
    assert start.flow.door.kind is DoorKind.ENCRYPTED_FILE
    assert view.account.count() == 0
    assert view.door_note.text() == ENCRYPTED_NOTE and not view.door_note.isHidden()
    # WHEN a wrong password is typed: the same words as on a plain file
    view.account.setEditText(OWNER["user_name"])
    view.password.setText("not my password")
    view.sign_in_button.click()
    assert start.window is None
    assert view.message.text().startswith(sign_in.WRONG_NAME_OR_PASSWORD)
    # WHEN the right one is typed
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    assert start.window is not None
    qtbot.addWidget(start.window)
    assert f"Signed in: {OWNER['display_name']}" in start.window.signed_in_label.text()


def test_switch_user_on_an_encrypted_file_goes_through_the_same_door(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    database = tmp_path / "clinic.sqlite"
    encrypted_clinic(database)
    start = start_app(qtbot, database, tmp_path, app_runs)
    view = start.start_window.sign_in
    view.account.setEditText(OWNER["user_name"])
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    window, guard = start.window, start.guard
    assert window is not None and guard is not None
    qtbot.addWidget(window)
    # GIVEN a colleague the owner added (their copy of the key is made with the account)
    accounts.add_account(window.context.db, "sam", "Sam Rivera", Role.THERAPIST,
                                 "temporary pass 1")
    # WHEN File → Switch user: Sam types the name and the temporary password, then their own
    guard.switch_user()
    flow = guard._flow
    assert flow is not None and flow.door is start.door
    assert flow.window.sign_in.door_note.text() == ENCRYPTED_NOTE
    flow.window.sign_in.account.setEditText("sam")
    flow.window.sign_in.password.setText("temporary pass 1")
    flow.window.sign_in.sign_in_button.click()
    page = flow.window.new_password
    page.password.setText("sams own words")
    page.repeat.setText("sams own words")
    page.save_button.click()
    # THEN the app acts as Sam, and Sam's own password unlocks the file from now on
    assert window.context.person is not None and window.context.person.user_name == "sam"
    assert not guard.locked
    again = FrontDoor.for_url(f"sqlite:///{database}")
    assert again.kind is DoorKind.ENCRYPTED_FILE
    again.sign_in("sam", "sams own words").close()
    again.close()


def test_the_owner_encrypts_a_plain_database_from_the_file_menu(
        qtbot: QtBot, signed_in: Setup, fresh_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, _guard, patient = signed_in
    database = fresh_db.sqlite_file
    assert database is not None and database.read_bytes().startswith(b"SQLite format 3")
    window.show_database_actions()
    assert window.encrypt_action.isVisible()
    assert not window.remember_key_action.isVisible()  # a plain file has no key to remember
    typed = iter(["not my password", OWNER_PASSWORD])
    refusals: list[str] = []

    def ask(_parent: object, _title: str, _text: str, _action: str, refusal: str) -> str:
        refusals.append(refusal)
        return next(typed)

    confirmed: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        confirmed.append(text)
        return True

    monkeypatch.setattr(encrypt_database, "ask_password", ask)
    monkeypatch.setattr(encrypt_database, "confirm_deletion", confirm)
    # WHEN the owner chooses File → Encrypt this database… (a wrong password first)
    window.encrypt_action.trigger()
    # THEN the password was asked again after the refusal, and the file is encrypted
    assert refusals[0] == "" and refusals[1]
    assert not database.read_bytes().startswith(b"SQLite format 3")
    dialog = window.encrypted_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.code.text()
    assert "plain (unencrypted) copy is kept" in dialog.copy_note.text()
    [copy] = encryption.plaintext_copies(window.context.db)
    assert str(copy) in dialog.copy_note.text()
    # AND the charts are still there, read through the encrypted file
    assert patient_service.get_patient(window.context.db, patient.uid).uid == patient.uid
    # WHEN the owner deletes the plain copies (after the confirmation)
    dialog.delete_button.click()
    assert confirmed and str(copy) in confirmed[0]
    assert not copy.exists()
    assert "Deleted 1 plain copy" in dialog.status.text()
    dialog.accept()
    # THEN the menu no longer offers it, and offers to remember the key instead
    window.show_database_actions()
    assert not window.encrypt_action.isVisible()
    assert window.remember_key_action.isVisible()
    assert not window.remember_key_action.isChecked()


def test_the_first_paints_list_is_the_one_sign_in_reads(tmp_path: Path) -> None:
    """The window's list (read without SQLAlchemy) equals the accounts service's own."""
    from nmt_desktop.__main__ import main
    from nmt_desktop.services.sign_in_list import listed_choices

    demo = tmp_path / "demo.sqlite"
    assert main(["--db", str(demo), "demo"]) == 0
    new = tmp_path / "new.sqlite"
    for path in (demo, new):
        db = Database.open(f"sqlite:///{path}")
        try:
            if path is new:
                assert listed_choices(db) == sign_in.sign_in_choices(db)
                handle, _code = sign_in.set_up_owner(db, OWNER_PASSWORD, **OWNER)
                accounts.add_account(handle, "sam", "Sam Rivera", Role.THERAPIST,
                                             "temporary pass 1")
            assert listed_choices(db) == sign_in.sign_in_choices(db)
        finally:
            db.close()


def test_a_refused_owner_set_up_leaves_no_file_and_the_next_try_makes_it(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    database = tmp_path / "clinic.sqlite"
    start = start_app(qtbot, database, tmp_path, app_runs)
    setup = start.start_window.setup
    assert setup is not None
    setup.display_name.setText(OWNER["display_name"])
    setup.user_name.setText(OWNER["user_name"])
    setup.licence_number.setText("MA-1 <b>")
    setup.password.setText(OWNER_PASSWORD)
    setup.repeat.setText(OWNER_PASSWORD)
    setup.continue_button.click()
    # THEN the page says why, and nothing is left on disk
    assert "Licence number may not contain" in setup.message.text()
    assert not database.exists()
    assert [p.name for p in tmp_path.glob("clinic.sqlite*")] == ["clinic.sqlite.lock"]  # ours
    assert start.flow.door.kind is DoorKind.NEW_FILE
    # WHEN the owner corrects it: the file is made, and its code opens it
    setup.licence_number.setText("MA-1")
    setup.continue_button.click()
    page = start.start_window.recovery_code
    assert start.start_window.pages.currentWidget() is page
    assert database.stat().st_size > 0


def remembered_clinic(database: Path) -> Path:
    """An encrypted clinic whose owner chose "remember on this laptop" (a memory keychain)."""
    encrypted_clinic(database)
    door = FrontDoor.for_url(f"sqlite:///{database}")
    handle = door.sign_in(OWNER["user_name"], OWNER_PASSWORD)
    encryption.remember_on_this_laptop(handle)
    handle.close()
    door.close()
    return database


def test_a_remembered_key_is_looked_up_after_the_first_paint_then_the_accounts_are_listed(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]],
        memory_keyring: MemoryKeyring) -> None:
    database = remembered_clinic(tmp_path / "clinic.sqlite")
    # WHEN the app starts: the sign-in page is painted before the keychain is asked
    start = start_app(qtbot, database, tmp_path, app_runs)
    view = start.start_window.sign_in
    assert start.flow.door.opened is None and view.account.count() == 0
    # THEN right after the first paint the remembered key opens the file and lists its people
    start.open_after_first_paint()
    opened = start.flow.door.opened
    assert opened is not None and opened.encrypted
    assert [view.account.itemData(i) for i in range(view.account.count())] == ["alex"]
    qtbot.waitUntil(lambda: opened.connected)
    # AND each person still signs in with their own password
    view.account.setCurrentIndex(0)
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    assert start.window is not None
    qtbot.addWidget(start.window)


def test_a_person_who_began_typing_keeps_what_they_typed_when_the_key_arrives(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]],
        memory_keyring: MemoryKeyring) -> None:
    database = remembered_clinic(tmp_path / "clinic.sqlite")
    start = start_app(qtbot, database, tmp_path, app_runs)
    view = start.start_window.sign_in
    view.account.setEditText("al")
    start.open_after_first_paint()
    assert view.account.currentText() == "al"
    assert start.flow.door.opened is not None


def test_a_keychain_that_fails_is_said_on_the_sign_in_page(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]],
        memory_keyring: MemoryKeyring) -> None:
    database = remembered_clinic(tmp_path / "clinic.sqlite")
    [entry] = memory_keyring.stored
    memory_keyring.stored[entry] = "00" * 32  # another database's key
    start = start_app(qtbot, database, tmp_path, app_runs)
    start.open_after_first_paint()
    view = start.start_window.sign_in
    assert "The key remembered on this laptop is not this database's" in view.door_note.text()
    assert start.flow.door.opened is None
    view.account.setEditText(OWNER["user_name"])
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    assert start.window is not None
    qtbot.addWidget(start.window)


def signed_in_to_encrypted_clinic(qtbot: QtBot, tmp_path: Path,
                                  app_runs: list[tuple[OpenForApp, AppStart]]) -> MainWindow:
    """The owner signed in to a new encrypted clinic; its main window, File menu opened."""
    database = tmp_path / "clinic.sqlite"
    encrypted_clinic(database)
    start = start_app(qtbot, database, tmp_path, app_runs)
    view = start.start_window.sign_in
    view.account.setEditText(OWNER["user_name"])
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    assert start.window is not None
    qtbot.addWidget(start.window)
    start.window.show_database_actions()
    return start.window


def test_remembering_the_key_on_this_laptop_is_asked_audited_and_undone_from_the_menu(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]],
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    from nmt_desktop.services.user_audit import list_user_events
    from nmt_desktop.ui.accounts import remember_key

    window = signed_in_to_encrypted_clinic(qtbot, tmp_path, app_runs)
    action = window.remember_key_action
    assert action.isVisible() and not action.isChecked()
    # WHEN the person chooses it but cancels the warning: nothing is stored
    asked: list[object] = []
    monkeypatch.setattr(remember_key, "confirm_remembering", lambda parent: asked.append(1))
    action.trigger()
    assert asked and not action.isChecked() and memory_keyring.stored == {}
    # WHEN they confirm: the key (never the password) is in the keychain, and it is audited
    monkeypatch.setattr(remember_key, "confirm_remembering", lambda parent: True)
    action.trigger()
    assert action.isChecked() and len(memory_keyring.stored) == 1
    assert OWNER_PASSWORD not in next(iter(memory_keyring.stored.values()))
    assert "remembers the database key" in window.statusBar().currentMessage()
    # THEN the menu still shows it remembered when it opens again
    window.show_database_actions()
    assert action.isChecked()
    # WHEN they turn it off: gone from the keychain
    action.trigger()
    assert not action.isChecked() and memory_keyring.stored == {}
    _account, events = list_user_events(window.context.db, OWNER["user_name"])
    actions = [event.action for event in events]
    assert "remember_key_on_laptop" in actions and "forget_key_on_laptop" in actions


def test_a_keychain_that_refuses_to_remember_is_said_and_nothing_is_checked(
        qtbot: QtBot, tmp_path: Path, app_runs: list[tuple[OpenForApp, AppStart]],
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.errors

    from nmt_desktop.ui.accounts import remember_key

    window = signed_in_to_encrypted_clinic(qtbot, tmp_path, app_runs)

    def locked(*_args: object) -> None:
        raise keyring.errors.KeyringLocked("the keychain is locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    monkeypatch.setattr(remember_key, "confirm_remembering", lambda parent: True)
    window.remember_key_action.trigger()
    assert not window.remember_key_action.isChecked()
    message = window.statusBar().currentMessage()
    assert message.startswith("⚠ The key was not remembered") and "locked" in message
