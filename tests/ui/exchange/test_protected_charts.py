"""Encrypted chart files in the window: the export dialog's choices, the password question on
import, the refusals, and File → This clinic's exchange key…."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyrage import passphrase, x25519
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.exchange import (
    ChartProtection,
    ExportResult,
    Protection,
    create_clinic_exchange_key,
    file_protection,
)
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.exchange.exchange_key_dialog import ExchangeKeyDialog
from nmt_desktop.ui.exchange.export_format_dialog import ExportFormat, ExportFormatDialog
from nmt_desktop.ui.exchange.import_summary_dialog import ImportSummaryDialog
from nmt_desktop.ui.main_window import MainWindow
from tests.people import as_role
from tests.services.exchange.charts import audit_events, row_counts
from tests.ui.exchange.conftest import ScriptedExchange, wait_for_job

PASSWORD = "Lake Louise 1987"


@pytest.fixture(scope="module")
def maria_password_file(maria_chart_file: bytes) -> bytes:
    """María's chart file encrypted with PASSWORD (scrypt: made once)."""
    return bytes(passphrase.encrypt(maria_chart_file, PASSWORD))


@pytest.fixture
def db(demo_copy: Database) -> Database:
    """The window of every test here shows the demo clinic (signed in as the test owner)."""
    return demo_copy


@pytest.fixture
def maria(db: Database) -> PatientRecord:
    return patient_service.get_patient(db, demo_uid("maria"))


def _dialog(qtbot: QtBot, maria: PatientRecord) -> ExportFormatDialog:
    dialog = ExportFormatDialog(maria)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- the export dialog -------------------------------------------------------------------------


def test_chart_file_offers_three_protections_and_the_clinic_key_first(
        qtbot: QtBot, maria: PatientRecord) -> None:
    dialog = _dialog(qtbot, maria)
    choice = dialog.protection
    assert [b.text() for b in choice.buttons.values()] == [
        "Encrypt for the receiving clinic (recommended)", "Encrypt with a password",
        "Not encrypted: anyone who has the file can read it"]
    assert choice.chosen is Protection.CLINIC_KEY and choice.isEnabled()
    assert "readable by whoever gets the file" in choice.hints[Protection.NONE].text()
    # the other formats are never encrypted: the choice is greyed out for them
    dialog.buttons[ExportFormat.CSV].click()
    assert not choice.isEnabled()
    dialog.buttons[ExportFormat.CSV].click()
    dialog.ok_button.click()
    assert dialog.choice is not None and dialog.choice.protection is None
    assert not dialog.isVisible()


def test_clinic_key_is_checked_before_the_dialog_closes(
        qtbot: QtBot, maria: PatientRecord) -> None:
    dialog = _dialog(qtbot, maria)
    key_field = dialog.protection.clinic_key
    dialog.ok_button.click()  # no key pasted
    assert dialog.isVisible() and dialog.choice is None
    assert "starts with age1" in key_field.error.text() and key_field.error.isVisible()
    qtbot.keyClicks(key_field.edit, "age1thisisnotakey")
    assert key_field.error.isHidden()  # typing clears the problem
    dialog.ok_button.click()
    assert dialog.isVisible() and "not a clinic exchange key" in key_field.error.text()
    key = str(x25519.Identity.generate().to_public())
    key_field.edit.setText(f" {key} ")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert dialog.choice is not None and dialog.choice.encrypted
    assert dialog.choice.protection == ChartProtection.for_clinic(key)


def test_password_is_typed_twice_and_has_eight_characters(
        qtbot: QtBot, maria: PatientRecord) -> None:
    dialog = _dialog(qtbot, maria)
    choice = dialog.protection
    choice.buttons[Protection.PASSWORD].click()
    assert choice.password.isEnabled() and not choice.clinic_key.isEnabled()
    qtbot.keyClicks(choice.password.edit, "short")
    qtbot.keyClicks(choice.password_again.edit, "short")
    dialog.ok_button.click()
    assert dialog.isVisible() and "at least 8 characters" in choice.password.error.text()
    choice.password.edit.setText(PASSWORD)
    choice.password_again.edit.setText(PASSWORD + "x")
    dialog.ok_button.click()
    assert dialog.isVisible() and "differ" in choice.password_again.error.text()
    choice.password_again.edit.setText(PASSWORD)
    dialog.ok_button.click()
    assert not dialog.isVisible() and dialog.choice is not None
    assert dialog.choice.protection == ChartProtection.with_password(PASSWORD)


def test_plain_is_a_choice_of_its_own(qtbot: QtBot, maria: PatientRecord) -> None:
    dialog = _dialog(qtbot, maria)
    dialog.protection.buttons[Protection.NONE].click()
    dialog.ok_button.click()
    assert dialog.choice is not None and not dialog.choice.encrypted
    assert dialog.choice.protection == ChartProtection.plain()


# -- export and import through the window ------------------------------------------------------


def test_export_for_a_clinic_writes_an_age_file_named_so(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, db: Database, out_folder: Path) -> None:
    window = scripted_window()
    window.open_patient(maria)
    key = str(x25519.Identity.generate().to_public())
    scripted.export_protection = ChartProtection.for_clinic(key)
    scripted.export_target = str(out_folder / "maria")  # typed without an ending
    result = wait_for_job(qtbot, window, window.export_chart_action.trigger)
    assert isinstance(result, ExportResult)
    written = out_folder / "maria.json.age"
    assert result.paths == (written,)
    assert Path(scripted.offered_targets[0]).name.endswith(".json.age")
    assert file_protection(written.read_bytes()) is Protection.CLINIC_KEY
    assert b"Mar\xc3\xada" not in written.read_bytes()
    assert "encrypted for the receiving clinic" in window.statusBar().currentMessage()
    assert audit_events(db, "export")[0].detail["exchange_key"] == key


def _import(qtbot: QtBot, window: MainWindow) -> ImportSummaryDialog:
    with qtbot.waitSignal(window.exchange.dialog_opened, timeout=60_000) as shown:
        window.import_chart_action.trigger()
    dialog = shown.args[0]
    assert isinstance(dialog, ImportSummaryDialog)
    return dialog


def test_password_file_asks_again_after_an_empty_or_wrong_password_then_imports(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_password_file: bytes, db: Database, out_folder: Path) -> None:
    window = scripted_window()
    path = out_folder / "maria.json.age"
    path.write_bytes(maria_password_file)
    scripted.import_file = str(path)
    scripted.passwords = ["", "wrong password", PASSWORD]
    dialog = _import(qtbot, window)
    assert [problem for _name, problem in scripted.password_questions] == [
        "", "The password is empty: type the password the chart file was encrypted with.",
        "That password does not open the file."]
    assert {name for name, _problem in scripted.password_questions} == {"maria.json.age"}
    assert dialog.windowTitle() == "Chart imported" and dialog.imported is not None
    chart_events = [e for e in audit_events(db, "import") if e.entity_type == "chart"]
    assert chart_events[0].detail["protection"] == "password"
    dialog.close()


def test_cancelled_password_question_changes_nothing(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_password_file: bytes, db: Database, out_folder: Path) -> None:
    window = scripted_window()
    path = out_folder / "maria.json.age"
    path.write_bytes(maria_password_file)
    scripted.import_file = str(path)
    before = row_counts(db)
    with qtbot.waitSignal(window.exchange.status, timeout=60_000) as said:
        window.import_chart_action.trigger()
    assert said.args[0] == "maria.json.age was not imported; nothing was changed."
    assert len(scripted.password_questions) == 1 and row_counts(db) == before


@pytest.mark.parametrize("case, sentence", [
    ("for another clinic", "encrypted for another clinic"),
    ("cut short", "damaged or incomplete"),
    ("named .age", "its name ends in .age, but it is not an encrypted (age) file"),
])
def test_refused_encrypted_files_say_why_in_one_sentence(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path, case: str,
        sentence: str) -> None:
    own_key, _ = create_clinic_exchange_key(db)
    other = x25519.Identity.generate().to_public()
    content = {
        "for another clinic": lambda: x25519_file(maria_chart_file, str(other)),
        "cut short": lambda: x25519_file(maria_chart_file, own_key)[:-11],
        "named .age": lambda: maria_chart_file,
    }[case]()
    path = out_folder / "maria.json.age"
    path.write_bytes(content)
    scripted.import_file = str(path)
    window = scripted_window()
    before = row_counts(db)
    dialog = _import(qtbot, window)
    assert dialog.windowTitle() == "Chart not imported"
    assert sentence in dialog.plain_text() and "Nothing was changed" in dialog.plain_text()
    assert scripted.password_questions == [] and row_counts(db) == before
    dialog.close()


def x25519_file(content: bytes, key: str) -> bytes:
    import pyrage

    return bytes(pyrage.encrypt(content, [x25519.Recipient.from_str(key)]))


def test_file_for_this_clinic_imports_without_a_question(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    key, _ = create_clinic_exchange_key(db)
    path = out_folder / "maria.json.age"
    path.write_bytes(x25519_file(maria_chart_file, key))
    scripted.import_file = str(path)
    dialog = _import(qtbot, scripted_window())
    assert dialog.windowTitle() == "Chart imported" and scripted.password_questions == []
    dialog.close()


# -- this clinic's exchange key ----------------------------------------------------------------


def test_owner_makes_the_key_once_and_copies_it(qtbot: QtBot, db: Database) -> None:
    dialog = ExchangeKeyDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.key.isHidden() and not dialog.create_button.isHidden()
    assert "no exchange key yet" in dialog.state.text()
    dialog.create_button.click()
    key = dialog.key.text()
    assert key.startswith("age1") and dialog.create_button.isHidden()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == key
    again = ExchangeKeyDialog(AppContext(db))
    qtbot.addWidget(again)
    assert again.key.text() == key and again.key.isReadOnly()


def test_a_therapist_sees_the_key_but_cannot_make_it(qtbot: QtBot, db: Database) -> None:
    therapist = as_role(db, Role.THERAPIST)
    dialog = ExchangeKeyDialog(AppContext(therapist))
    qtbot.addWidget(dialog)
    assert dialog.create_button.isHidden() and "an owner/admin makes it" in dialog.state.text()
    key, _ = create_clinic_exchange_key(db)
    dialog = ExchangeKeyDialog(AppContext(therapist))
    qtbot.addWidget(dialog)
    assert dialog.key.text() == key and not dialog.copy_button.isHidden()


def test_the_file_menu_opens_the_key_dialog(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[ExchangeKeyDialog] = []
    monkeypatch.setattr(ExchangeKeyDialog, "exec", lambda self: shown.append(self) or 0)
    window = make_main_window()
    window.exchange_key_action.trigger()
    assert len(shown) == 1
