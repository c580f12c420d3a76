"""UI fixtures: a context with a therapist, and a main-window factory that owns teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.services.records import TherapistRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.today_check import TodayCheckDialog
from nmt_desktop.ui.main_window import MainWindow
from tests.people import as_therapist

NO_INTAKE_REASON = "Intake to follow after today's visit"


def script_today_check(monkeypatch: pytest.MonkeyPatch,
                       steps: Callable[[TodayCheckDialog], None]) -> list[TodayCheckDialog]:
    """Run the today-check screen without a modal loop: `steps` does what a therapist would."""
    shown: list[TodayCheckDialog] = []

    def exec_(self: TodayCheckDialog) -> int:
        shown.append(self)
        self.show()
        steps(self)
        self.hide()
        return int(self.result())

    monkeypatch.setattr(TodayCheckDialog, "exec", exec_)
    return shown


def answer_no_change(dialog: TodayCheckDialog) -> None:
    """"No change" to every question (and, without an intake, the reason why), then Continue."""
    if not dialog.has_intake:
        dialog.reason.setText(NO_INTAKE_REASON)
    dialog.continue_button.click()


@pytest.fixture(autouse=True)
def today_check_answers_no_change(monkeypatch: pytest.MonkeyPatch) -> list[TodayCheckDialog]:
    """Tests that start a session meet the today check; they answer "no change" unless they
    script it themselves with `script_today_check`."""
    return script_today_check(monkeypatch, answer_no_change)


@pytest.fixture(autouse=True)
def own_window_state(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each UI test starts with no remembered window geometry and leaves none behind."""
    from PySide6.QtCore import QSettings

    from nmt_desktop.ui import window_geometry

    path = str(tmp_path_factory.mktemp("window-state") / "window-state.ini")
    monkeypatch.setattr(window_geometry, "settings",
                        lambda: QSettings(path, QSettings.Format.IniFormat))


def signed_in_context(db: Database, therapist: TherapistRecord) -> AppContext:
    """A context acting as `therapist`, an owner (the window hides what a role may not use)."""
    ctx = AppContext(db)
    ctx.act_as(as_therapist(db, therapist.uid), therapist)
    return ctx


@pytest.fixture
def context(db: Database) -> AppContext:
    therapist, _ = therapist_service.create_therapist(db, "Alex Morgan", "LMT", "MA-1")
    return signed_in_context(db, therapist)


@pytest.fixture
def add_patient(db: Database) -> Callable[..., object]:
    def add(given: str, family: str, dob: str = "1980-05-17") -> object:
        record, _ = patient_service.create_patient(db, PatientInput(given, family, dob))
        return record

    return add


@pytest.fixture
def make_main_window(qtbot: QtBot, context: AppContext) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(context, "/tmp/nmt-data")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    # A dialog or window left open by a test would leak into the next one.
    leaked = [w for w in QApplication.topLevelWidgets()
              if w.isVisible() and w not in windows]
    assert not leaked, f"top-level widgets left open: {leaked}"
