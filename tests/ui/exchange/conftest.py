"""Exchange fixtures: the demo clinic once per run, María's chart file, scripted file dialogs."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.exchange import (
    ChartNumberTakenError,
    ChartProtection,
    chart_document,
    chart_json,
)
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.exchange.chart_exchange import ChartExchangeActions
from nmt_desktop.ui.exchange.export_format_dialog import ExportChoice, ExportFormat
from nmt_desktop.ui.main_window import MainWindow
from tests.people import TEST_OWNER


class ScriptedExchange:
    """Stands in for the format chooser, the file dialogs and the chart number question."""

    def __init__(self) -> None:
        self.export_format: ExportFormat | None = ExportFormat.JSON
        self.export_protection = ChartProtection.plain()  # for a chart file (JSON)
        self.export_target = ""
        self.import_file = ""
        self.chart_numbers: list[str | None] = []
        self.offered_targets: list[str] = []
        self.clashes: list[tuple[ChartNumberTakenError, str]] = []
        self.passwords: list[str | None] = []
        self.password_questions: list[tuple[str, str]] = []

    def ask_format(self, _parent: QWidget, _patient: PatientRecord) -> ExportChoice | None:
        if self.export_format is None:
            return None
        protection = self.export_protection if self.export_format is ExportFormat.JSON else None
        return ExportChoice(self.export_format, protection)

    def ask_password(self, _parent: QWidget, file_name: str, problem: str) -> str | None:
        self.password_questions.append((file_name, problem))
        return self.passwords.pop(0) if self.passwords else None

    def choose_export_target(self, _parent: QWidget, _format: ExportFormat,
                             suggested: str) -> str:
        self.offered_targets.append(suggested)
        return self.export_target

    def choose_import_file(self, _parent: QWidget, _folder: str) -> str:
        return self.import_file

    def ask_chart_number(self, _parent: QWidget, clash: ChartNumberTakenError,
                         problem: str) -> str | None:
        self.clashes.append((clash, problem))
        return self.chart_numbers.pop(0) if self.chart_numbers else None


@pytest.fixture(scope="session")
def demo_template(demo_clinic_template: Path) -> Path:
    """The demo clinic, loaded once per run (tests/conftest.py): copy it, never open it."""
    return demo_clinic_template


@pytest.fixture(scope="session")
def maria_chart_file(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """María's chart file as the demo clinic exports it (read only: nothing is recorded)."""
    copy = tmp_path_factory.mktemp("demo-read") / "demo.sqlite"
    shutil.copyfile(demo_template, copy)
    database = Database.open(f"sqlite:///{copy}").signed_in_as(TEST_OWNER)
    try:
        return chart_json(chart_document(database, demo_uid("maria")))
    finally:
        database.close()


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    database = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    yield database
    database.close()


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"  # beside, not in, the folder of the test's database
    folder.mkdir()
    return folder


@pytest.fixture
def scripted() -> ScriptedExchange:
    return ScriptedExchange()


@pytest.fixture
def scripted_window(make_main_window: Callable[[], MainWindow],
                    scripted: ScriptedExchange) -> Callable[[], MainWindow]:
    def make() -> MainWindow:
        window = make_main_window()
        window.exchange = ChartExchangeActions(
            window.context, window, ask_format=scripted.ask_format,
            choose_export_target=scripted.choose_export_target,
            choose_import_file=scripted.choose_import_file,
            ask_chart_number=scripted.ask_chart_number, ask_password=scripted.ask_password)
        return window

    return make


def wait_for_job(qtbot: QtBot, window: MainWindow, trigger: Callable[[], None]) -> object:
    """Run `trigger` and return what the export or import finished with."""
    with qtbot.waitSignal(window.exchange.finished, timeout=60_000) as finished:
        trigger()
    return finished.args[0] if finished.args else None
