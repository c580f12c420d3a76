"""The lock: idle timer and Ctrl+L; typed text committed first; nothing of a patient visible.

The widget tree is checked while locked: no visible label, field, text box, button, list row,
window title or action shows the patient's name or a note's text.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import accounts, session_notes
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.accounts.lock_screen import LOCKED_TITLE
from nmt_desktop.ui.patients.patient_dialog import PatientDialog
from tests.ui.accounts.conftest import (
    NOTE,
    OWNER_PASSWORD,
    FakeClock,
    Setup,
    open_session_with_typed_note,
    spy_on_record_access,
)


def visible_texts() -> list[str]:
    """Every text a person could read on screen, from every visible widget of the app."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = QModelIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model keeps columnCount private: one column
                columns = 1
            texts.extend(str(model.index(row, column, root).data())
                         for row in range(model.rowCount(root)) for column in range(columns))
        texts.extend(action.text() for action in widget.actions() if action.isVisible())
    return texts


def assert_nothing_of(patient: PatientRecord) -> None:
    seen = "\n".join(visible_texts())
    for secret in (patient.given_name, patient.family_name, "Headache", patient.chart_number):
        assert secret not in seen


def test_ctrl_l_commits_typed_text_and_covers_every_window(
        qtbot: QtBot, signed_in: Setup, owner_handle: Database) -> None:
    window, guard, patient = signed_in
    # GIVEN a session with text still waiting for the autosave pause, and a patient dialog open
    open_session_with_typed_note(qtbot, window, patient)
    session_uid = window.session_page.session.uid
    dialog = PatientDialog(window.context, patient, parent=window)
    dialog.setWindowTitle(f"Edit {patient.display_name}")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert patient.given_name in "\n".join(visible_texts())
    # WHEN Ctrl+L is pressed in the dialog
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    # THEN the text was committed first
    assert guard.locked
    assert session_notes.get_session_notes(owner_handle, session_uid).chief_complaint == NOTE
    # AND nothing visible names the patient or shows the note; titles say only "locked"
    assert_nothing_of(patient)
    assert window.windowTitle() == LOCKED_TITLE and dialog.windowTitle() == LOCKED_TITLE
    assert guard.lock_screen.isVisible()
    assert "Alex Morgan" in guard.lock_screen.who.text()
    # AND the dialog was covered, not closed (its work is not lost)
    assert dialog.isVisible() and dialog.result() == 0


def test_the_right_password_unlocks_and_puts_everything_back(
        qtbot: QtBot, signed_in: Setup) -> None:
    window, guard, patient = signed_in
    window.open_patient(patient)
    dialog = PatientDialog(window.context, patient, parent=window)
    title = dialog.windowTitle()
    dialog.show()
    guard.lock()
    # WHEN a wrong password is typed
    qtbot.keyClicks(guard.lock_screen.password, "not the password")
    qtbot.keyClick(guard.lock_screen.password, Qt.Key.Key_Return)
    # THEN it stays locked and says why
    assert guard.locked and guard.lock_screen.message.isVisible()
    assert_nothing_of(patient)
    # WHEN the right one is typed
    qtbot.keyClicks(guard.lock_screen.password, OWNER_PASSWORD)
    qtbot.keyClick(guard.lock_screen.password, Qt.Key.Key_Return)
    # THEN the windows are back as they were
    assert not guard.locked and not guard.lock_screen.isVisible()
    assert window.windowTitle() != LOCKED_TITLE and dialog.windowTitle() == title
    assert window.patient_page.isVisible()
    assert patient.given_name in "\n".join(visible_texts())
    dialog.reject()


def test_the_idle_limit_locks_and_input_postpones_it(
        qtbot: QtBot, signed_in: Setup, clock: FakeClock) -> None:
    window, guard, patient = signed_in
    window.open_patient(patient)
    # GIVEN 4 minutes without input, then a mouse move
    clock.now += 4 * 60
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(QPoint(5, 5)), QPointF(QPoint(5, 5)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.patient_list, move)
    # WHEN 4 more minutes pass (8 since the start, 4 since the input) and the timer fires
    clock.now += 4 * 60
    guard.idle._check()
    assert not guard.locked
    # WHEN the 5-minute limit passes without input
    clock.now += 61
    guard.idle._check()
    # THEN it locks
    assert guard.locked
    assert_nothing_of(patient)


def test_a_wall_clock_change_during_a_lock_neither_unlocks_nor_breaks_the_timer(
        qtbot: QtBot, signed_in: Setup, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, guard, patient = signed_in
    window.open_patient(patient)
    guard.lock()
    # WHEN the wall clock jumps a day ahead and back (the monotonic clock does not)
    real_time = time.time()
    monkeypatch.setattr(time, "time", lambda: real_time + 86_400)
    guard.idle._check()
    monkeypatch.setattr(time, "time", lambda: real_time - 86_400)
    guard.idle._check()
    # THEN still locked: only the password unlocks
    assert guard.locked and not guard.idle.watching
    guard.lock_screen.password.setText(OWNER_PASSWORD)
    guard.lock_screen.unlock_button.click()
    # AND the timer counts the full limit again from the unlock
    assert not guard.locked and guard.idle.watching
    assert guard.idle.seconds_idle() == 0
    clock.now += 5 * 60 - 1
    guard.idle._check()
    assert not guard.locked
    clock.now += 1
    guard.idle._check()
    assert guard.locked


def test_someone_else_signs_in_and_sees_nothing_of_the_previous_person(
        qtbot: QtBot, signed_in: Setup, owner_handle: Database) -> None:
    window, guard, patient = signed_in
    accounts.add_account(owner_handle, "sam", "Sam Rivera", Role.THERAPIST,
                                 "temporary pass 1")
    open_session_with_typed_note(qtbot, window, patient)
    undo = window.session_page.chart.undo_stack
    undo.push(QUndoCommand("a step of the owner's"))
    dialog = PatientDialog(window.context, patient, parent=window)
    dialog.show()
    guard.lock()
    # WHEN "Sign in as someone else" is chosen and the owner-reset colleague signs in
    guard.lock_screen.someone_else_button.click()
    flow = guard._flow
    assert flow is not None and flow.window.isVisible()
    assert not guard.lock_screen.isVisible()
    view = flow.window.sign_in
    view.account.setCurrentIndex(view.account.findData("sam"))
    view.password.setText("temporary pass 1")
    view.sign_in_button.click()
    page = flow.window.new_password
    page.password.setText("sams own words")
    page.repeat.setText("sams own words")
    page.save_button.click()
    # THEN the app acts as Sam; the owner's dialog is closed, the chart is not on screen
    assert window.context.person is not None and window.context.person.user_name == "sam"
    assert not guard.locked
    assert not dialog.isVisible()
    assert window.pages.currentWidget() is window.welcome
    assert undo.count() == 0  # Sam cannot undo the owner's steps
    assert "Sam Rivera" in window.signed_in_label.text()
    assert not window.accounts_action.isVisible()  # a therapist does not manage accounts


def test_cancelling_someone_else_returns_to_the_lock_screen(
        qtbot: QtBot, signed_in: Setup) -> None:
    window, guard, patient = signed_in
    window.open_patient(patient)
    guard.lock()
    guard.lock_screen.someone_else_button.click()
    flow = guard._flow
    assert flow is not None
    flow.window.sign_in.cancel_button.click()
    assert guard.locked and guard.lock_screen.isVisible()
    assert_nothing_of(patient)


def test_locks_and_unlocks_are_recorded(qtbot: QtBot, signed_in: Setup,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window, guard, _patient = signed_in
    recorded = spy_on_record_access(monkeypatch)
    guard.lock()
    guard.lock()  # a second Ctrl+L while locked changes nothing
    guard.lock_screen.password.setText(OWNER_PASSWORD)
    guard.lock_screen.unlock_button.click()
    assert [action for action, _patient_uid in recorded] == ["lock", "unlock"]


def test_ctrl_l_in_the_main_window_locks(qtbot: QtBot, signed_in: Setup) -> None:
    window, guard, patient = signed_in
    window.open_patient(patient)
    qtbot.keyClick(window.patient_list.search, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert guard.locked
    assert window.patient_list.search.text() == ""  # the key did not type an "l"
    assert_nothing_of(patient)


def test_a_new_idle_limit_applies_at_once(signed_in: Setup, owner_handle: Database) -> None:
    window, guard, _patient = signed_in
    window.context.events.changed.emit(
        accounts.set_lock_after_minutes(owner_handle, 12))
    assert guard.idle.limit_seconds == 12 * 60


def test_sign_out_commits_records_and_asks_who_is_next(
        qtbot: QtBot, signed_in: Setup, owner_handle: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, guard, patient = signed_in
    open_session_with_typed_note(qtbot, window, patient)
    session_uid = window.session_page.session.uid
    recorded = spy_on_record_access(monkeypatch)
    # WHEN File → Sign out is chosen
    window.sign_out_action.trigger()
    # THEN the text is saved, the sign-out recorded, the window gone, nobody signed in
    assert session_notes.get_session_notes(owner_handle, session_uid).chief_complaint == NOTE
    assert [action for action, _ in recorded] == ["sign_out"]
    assert not window.isVisible() and window.context.person is None
    flow = guard._flow
    assert flow is not None and flow.window.isVisible()
    assert not flow.window.sign_in.cancel_button.isVisible()
    assert_nothing_of(patient)
    # WHEN the owner signs in again
    flow.window.sign_in.account.setEditText("alex")
    flow.window.sign_in.password.setText(OWNER_PASSWORD)
    flow.window.sign_in.sign_in_button.click()
    # THEN the main window is back, and the idle timer runs
    assert window.isVisible() and window.context.person is not None
    assert guard.idle.watching
