"""Accounts in the window: a fresh database with its owner set up through the accounts services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import access_log, sign_in
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.front_door import FrontDoor
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.accounts.idle import IdleWatcher
from nmt_desktop.ui.accounts.session_guard import SessionGuard
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.open_database import OpenForApp
from nmt_desktop.ui.startup import AppStart

NOTE = "Headache behind the left eye since the fall"
OWNER_PASSWORD = "plum tree in the yard"
OWNER = {"display_name": "Alex Morgan", "user_name": "alex", "credentials": "LMT",
         "licence_number": "MA-1"}


@pytest.fixture
def app_runs() -> Iterator[list[tuple[OpenForApp, AppStart]]]:
    """The app starts a test makes, each closed (windows, guard, door, lock) at its end."""
    started: list[tuple[OpenForApp, AppStart]] = []
    yield started
    for opened, start in started:
        if start.guard is not None:
            start.guard.lock_screen.release()
            start.guard.idle.uninstall()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        if start.window is not None:
            start.window.context.db.close()
        opened.release()


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """A new database nobody is signed in to (the start of a first run)."""
    database = Database.open(f"sqlite:///{tmp_path / 'clinic.sqlite'}")
    yield database
    database.close()


@pytest.fixture
def owner_handle(fresh_db: Database) -> Database:
    """The owner, set up and signed in with OWNER_PASSWORD (the first start done)."""
    handle, _code = sign_in.set_up_owner(fresh_db, OWNER_PASSWORD, **OWNER)
    return handle


def spy_on_record_access(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Note every record_access call (action value, patient uid), then let it be recorded."""
    recorded: list[tuple[str, object]] = []
    real = access_log.record_access

    def spy(db: Database, action: object, patient_uid: object,
            *args: object, **kwargs: object) -> None:
        recorded.append((str(getattr(action, "value", action)), patient_uid))
        real(db, action, patient_uid, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(access_log, "record_access", spy)
    return recorded


class FakeClock:
    """The monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Setup = tuple[MainWindow, SessionGuard, PatientRecord]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def signed_in(qtbot: QtBot, fresh_db: Database, owner_handle: Database, clock: FakeClock,
              tmp_path: Path) -> Iterator[Setup]:
    """The owner signed in, the main window up, a patient named Zoë 山田 in the database."""
    patient, _ = patient_service.create_patient(owner_handle,
                                                PatientInput("Zoë", "山田", "1980-05-17"))
    context = AppContext(fresh_db)
    context.switch_to(owner_handle)
    window = MainWindow(context, str(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    guard = SessionGuard(context, window, FrontDoor.for_url(fresh_db.url, opened=fresh_db), 5,
                          IdleWatcher(5, clock=clock))
    guard.start()
    yield window, guard, patient
    guard.lock_screen.release()
    guard.idle.uninstall()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not window:
            widget.close()
    window.close()


def open_session_with_typed_note(qtbot: QtBot, window: MainWindow,
                                 patient: PatientRecord) -> None:
    window.open_patient(patient)
    window.patient_page.start_session()
    assert window.pages.currentWidget() is window.session_page
    editor = window.session_page.form.fields["chief_complaint"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, NOTE)
    assert window.session_page.form.autosave.has_pending()


