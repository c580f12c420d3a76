"""Printing fixtures: the demo clinic, and report actions whose system dialogs are scripted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.printing.physician_report_dialog import PhysicianReportOptions
from nmt_desktop.ui.printing.report_actions import ReportActions
from tests.people import TEST_OWNER


class ScriptedDialogs:
    """Stands in for the file chooser, the print dialog and the period chooser."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.save_path = str(folder / "summary.pdf")
        self.print_file = folder / "printed.pdf"
        self.options: PhysicianReportOptions | None = None
        self.offered_save_paths: list[str] = []
        self.first_session_offered: object = None

    def choose_save_path(self, _parent: QWidget, suggested: str) -> str:
        self.offered_save_paths.append(suggested)
        return self.save_path

    def choose_printer(self, printer: QPrinter, _parent: QWidget) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_file))
        return True

    def ask_options(self, _parent: QWidget, _patient: PatientRecord,
                    first_session: object) -> PhysicianReportOptions | None:
        self.first_session_offered = first_session
        return self.options


@pytest.fixture(scope="session")
def demo_template(demo_clinic_template: Path) -> Path:
    """The demo clinic, loaded once per run (tests/conftest.py): copy it, never open it."""
    return demo_clinic_template


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """Each test gets its own copy of the demo clinic (every fixture here uses `db`)."""
    path = tmp_path / "chart.sqlite"
    shutil.copyfile(demo_template, path)
    database = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    yield database
    database.close()


@pytest.fixture
def demo_db(db: Database) -> Database:
    return db


@pytest.fixture
def maria(demo_db: Database) -> PatientRecord:
    return patient_service.get_patient(demo_db, demo_uid("maria"))


@pytest.fixture
def scripted(tmp_path: Path) -> ScriptedDialogs:
    # Beside, not in, the test's folder: the test database lives there.
    folder = tmp_path / "out"
    folder.mkdir()
    return ScriptedDialogs(folder)


@pytest.fixture
def parent(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    # Previews are deleted on close; any still open would leak into the next test.
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and window is not widget:
            window.close()


@pytest.fixture
def actions(context: AppContext, demo_db: Database, parent: QWidget,
            scripted: ScriptedDialogs) -> ReportActions:
    return ReportActions(context, parent, ask_options=scripted.ask_options,
                         choose_save_path=scripted.choose_save_path,
                         choose_printer=scripted.choose_printer)


def report_events(db: Database) -> list[AuditEvent]:
    """The reports' output events (export, print); opening a preview is an access event apart."""
    with db.reading() as orm:
        return list(orm.scalars(select(AuditEvent).where(AuditEvent.entity_type == "report",
                                                         AuditEvent.action != "preview_report")
                                .order_by(AuditEvent.id)))


def preview_events(db: Database) -> list[AuditEvent]:
    with db.reading() as orm:
        return list(orm.scalars(select(AuditEvent).where(AuditEvent.action == "preview_report")
                                .order_by(AuditEvent.id)))
