"""The start window: first-start owner setup, recovery code, sign-in, refusals, new password."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import accounts, sign_in
from nmt_desktop.services.front_door import FrontDoor
from nmt_desktop.ui.accounts.passwords import PASSWORD_FIELD_LIMIT
from nmt_desktop.ui.accounts.sign_in_flow import SignInFlow
from nmt_desktop.ui.accounts.sign_in_view import AccountChoice, SignInView
from nmt_desktop.ui.accounts.start_window import StartWindow
from tests.ui.accounts.conftest import OWNER, OWNER_PASSWORD


def start_flow(qtbot: QtBot, db: Database) -> tuple[SignInFlow, list[Database]]:
    window = StartWindow(db.location)
    qtbot.addWidget(window)
    flow = SignInFlow(FrontDoor.for_url(db.url, opened=db), window,
                      print_code=lambda _code, _where, _parent: True)
    signed: list[Database] = []
    flow.signed_in.connect(signed.append)
    flow.start()
    qtbot.waitExposed(window)
    return flow, signed


def test_first_start_sets_up_the_owner_and_shows_the_recovery_code_once(
        qtbot: QtBot, fresh_db: Database) -> None:
    # GIVEN a new database: the start window asks for the owner
    flow, signed = start_flow(qtbot, fresh_db)
    setup = flow.window.setup
    assert setup is not None and flow.window.pages.currentWidget() is setup
    assert setup.names_asked
    # WHEN the owner types names and a password twice
    qtbot.keyClicks(setup.display_name, OWNER["display_name"])
    qtbot.keyClicks(setup.user_name, OWNER["user_name"])
    qtbot.keyClicks(setup.credentials, OWNER["credentials"])
    qtbot.keyClicks(setup.password, OWNER_PASSWORD)
    qtbot.keyClicks(setup.repeat, OWNER_PASSWORD)
    setup.continue_button.click()
    # THEN the recovery code is shown; continuing needs the "written down" confirmation
    page = flow.window.recovery_code
    assert flow.window.pages.currentWidget() is page
    code = page.code.text()
    assert code
    assert not page.continue_button.isEnabled() and not signed
    page.copy_button.click()
    page.written_down.setChecked(True)
    page.continue_button.click()
    # AND the owner is signed in; the code left the screen and the clipboard
    [handle] = signed
    assert handle.person.display_name == "Alex Morgan" and handle.person.role is Role.OWNER
    assert page.code.text() == ""
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() != code
    assert not flow.window.isVisible()
    assert not sign_in.sign_in_choices(fresh_db).owner_setup_needed


def test_a_weak_or_mistyped_owner_password_is_refused_on_the_page(
        qtbot: QtBot, fresh_db: Database) -> None:
    flow, signed = start_flow(qtbot, fresh_db)
    setup = flow.window.setup
    assert setup is not None
    qtbot.keyClicks(setup.display_name, "Alex Morgan")
    qtbot.keyClicks(setup.user_name, "alex")
    # WHEN the two fields differ
    qtbot.keyClicks(setup.password, OWNER_PASSWORD)
    qtbot.keyClicks(setup.repeat, OWNER_PASSWORD + "x")
    setup.continue_button.click()
    assert setup.message.text() == "The two passwords are not the same."
    # WHEN the password is too short
    setup.password.setText("short")
    setup.repeat.setText("short")
    setup.continue_button.click()
    # THEN the services' one validation says why; nothing was set up
    assert "8" in setup.message.text()
    assert not signed
    assert sign_in.sign_in_choices(fresh_db).owner_setup_needed


def test_sign_in_with_a_wrong_then_the_right_password(
        qtbot: QtBot, fresh_db: Database, owner_handle: Database) -> None:
    # GIVEN an owner set up earlier: the next start lists the accounts
    flow, signed = start_flow(qtbot, fresh_db)
    view = flow.window.sign_in
    assert flow.window.pages.currentWidget() is view
    assert view.account.itemText(0) == "Alex Morgan (alex)"
    assert not view.demo_note.isVisible()
    # WHEN a wrong password is typed
    view.account.setCurrentIndex(0)
    qtbot.keyClicks(view.password, "not my password")
    qtbot.keyClick(view.password, "\r")
    # THEN it is refused on the page, the field emptied, nobody signed in
    assert view.message.isVisible() and view.message.text()
    assert view.password.text() == "" and not signed
    # WHEN the right one is typed and Enter pressed
    qtbot.keyClicks(view.password, OWNER_PASSWORD)
    qtbot.keyClick(view.password, "\r")
    [handle] = signed
    assert handle.person.user_name == "alex"


def test_a_typed_user_name_signs_in_too(qtbot: QtBot, fresh_db: Database,
                                        owner_handle: Database) -> None:
    flow, signed = start_flow(qtbot, fresh_db)
    view = flow.window.sign_in
    view.account.setEditText("alex")
    view.password.setText(OWNER_PASSWORD)
    view.sign_in_button.click()
    assert [h.person.user_name for h in signed] == ["alex"]


def test_repeated_failures_make_the_next_try_wait(qtbot: QtBot, fresh_db: Database,
                                                  owner_handle: Database) -> None:
    flow, signed = start_flow(qtbot, fresh_db)
    view = flow.window.sign_in
    view.account.setCurrentIndex(0)
    for _ in range(6):
        if not view.sign_in_button.isEnabled():
            break
        view.password.setText("wrong password")
        view.sign_in_button.click()
    # THEN after five failures the button waits, and the page says how long
    assert not view.sign_in_button.isEnabled()
    assert "try again in" in view.message.text()
    assert not signed


def test_a_temporary_password_must_be_replaced_at_first_sign_in(
        qtbot: QtBot, fresh_db: Database, owner_handle: Database) -> None:
    # GIVEN a colleague added by the owner with a temporary password
    accounts.add_account(owner_handle, "sam", "Sam Rivera", Role.THERAPIST,
                                 "temporary pass 1")
    flow, signed = start_flow(qtbot, fresh_db)
    view = flow.window.sign_in
    view.account.setCurrentIndex(view.account.findData("sam"))
    view.password.setText("temporary pass 1")
    view.sign_in_button.click()
    # THEN the new-password page comes instead of the app
    page = flow.window.new_password
    assert flow.window.pages.currentWidget() is page and not signed
    assert not page.current.isVisible()  # the temporary one was just typed
    # WHEN a password equal to the user name is tried, then a good one
    page.password.setText("sam")
    page.repeat.setText("sam")
    page.save_button.click()
    assert page.message.isVisible()
    page.password.setText("my own secret words")
    page.repeat.setText("my own secret words")
    page.save_button.click()
    # THEN Sam is in, and the next sign-in takes the new password
    assert [h.person.user_name for h in signed] == ["sam"]
    assert sign_in.sign_in(fresh_db, "sam", "my own secret words").person.user_name \
        == "sam"


def test_the_owner_resets_a_forgotten_password_with_the_recovery_code(
        qtbot: QtBot, fresh_db: Database) -> None:
    _handle, code = sign_in.set_up_owner(fresh_db, OWNER_PASSWORD, **OWNER)
    flow, signed = start_flow(qtbot, fresh_db)
    flow.window.sign_in.recovery_button.click()
    page = flow.window.recovery
    assert flow.window.pages.currentWidget() is page
    page.code.setText(code)
    page.password.setText("a brand new phrase")
    page.repeat.setText("a brand new phrase")
    page.reset_button.click()
    # THEN a NEW code is shown once, then the owner is in
    shown = flow.window.recovery_code.code.text()
    assert shown and shown != code
    flow.window.recovery_code.written_down.setChecked(True)
    flow.window.recovery_code.continue_button.click()
    assert [h.person.user_name for h in signed] == ["alex"]


def test_a_pasted_10000_character_password_is_cut_at_the_field(qtbot: QtBot) -> None:
    view = SignInView("clinic.sqlite")
    qtbot.addWidget(view)
    view.password.insert("ü" * 10_000)
    assert len(view.password.text()) == PASSWORD_FIELD_LIMIT


def test_emoji_in_a_password_reach_the_services_unchanged(qtbot: QtBot) -> None:
    view = SignInView("clinic.sqlite")
    qtbot.addWidget(view)
    view.set_accounts([AccountChoice("alex", "Alex Morgan", "Owner / admin")], "alex")
    asked: list[tuple[str, str]] = []
    view.sign_in_requested.connect(lambda user, password: asked.append((user, password)))
    view.password.setText("🔒 clé 山田 🌿")
    view.sign_in_button.click()
    assert asked == [("alex", "🔒 clé 山田 🌿")]


def test_a_demo_database_says_so_and_fills_in_its_password(qtbot: QtBot) -> None:
    # GIVEN the demo's accounts and its documented password
    view = SignInView("nmt-demo.sqlite")
    qtbot.addWidget(view)
    view.set_accounts([AccountChoice("alex", "Alex Morgan", "Owner / admin"),
                       AccountChoice("jo", "Jo Lee", "Front desk")], "alex")
    view.set_demo_password("demo-password")
    view.show()
    qtbot.waitExposed(view)
    # THEN the note names the accounts and the password, and Enter signs in as the owner
    assert view.demo_note.isVisible()
    assert "demo-password" in view.demo_note.text() and "jo" in view.demo_note.text()
    asked: list[tuple[str, str]] = []
    view.sign_in_requested.connect(lambda user, password: asked.append((user, password)))
    qtbot.keyClick(view.password, "\r")
    assert asked == [("alex", "demo-password")]
