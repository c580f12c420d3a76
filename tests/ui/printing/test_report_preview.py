"""Report preview, Save as PDF and Print, driven through the real dialog on the demo clinic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import io
import os
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.printing.page_view import ZoomMode
from nmt_desktop.ui.printing.physician_report_dialog import PhysicianReportOptions
from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog
from nmt_desktop.ui.printing.report_actions import ReportActions
from tests.ui.printing.conftest import ScriptedDialogs, preview_events, report_events


def preview_of(qtbot: QtBot, actions: ReportActions,
               request: Callable[[], None]) -> ReportPreviewDialog:
    """The preview opened once the report, made on a worker thread, is ready."""
    with qtbot.waitSignal(actions.preview_opened, timeout=60_000) as opened:
        request()
    dialog = opened.args[0]
    assert isinstance(dialog, ReportPreviewDialog)
    return dialog


def open_summary(qtbot: QtBot, actions: ReportActions,
                 patient: PatientRecord) -> ReportPreviewDialog:
    dialog = preview_of(qtbot, actions, lambda: actions.patient_summary(patient))
    # Shortcuts (Ctrl+S, Ctrl+P) go to the active window only.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_preview_shows_every_page_of_the_patient_summary(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord) -> None:
    # GIVEN the demo patient with charted sessions
    # WHEN her summary is previewed
    dialog = open_summary(qtbot, actions, maria)
    # THEN the preview holds as many pages as the PDF, and draws them all without being asked
    expected = len(PdfReader(io.BytesIO(dialog.report.pdf)).pages)
    assert expected >= 1
    assert dialog.view.page_count == expected
    assert dialog.page_label.text() == f"Page 1 of {expected}"
    qtbot.waitUntil(lambda: dialog.view.rendered_pages() == list(range(expected)))
    assert maria.display_name in dialog.windowTitle()
    dialog.close()


def test_save_as_pdf_writes_the_previewed_bytes_and_audits_the_export(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs) -> None:
    # GIVEN a previewed summary
    dialog = open_summary(qtbot, actions, maria)
    # WHEN it is saved (Ctrl+S) to a name without the .pdf ending
    scripted.save_path = scripted.save_path.removesuffix(".pdf")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # THEN the file holds exactly the bytes shown, a PDF that names the patient
    saved = Path(scripted.save_path + ".pdf")
    assert saved.read_bytes() == dialog.report.pdf
    assert maria.display_name in text_of(saved.read_bytes())
    # AND the file chooser offered the report's own file name
    assert scripted.offered_save_paths[0].endswith(dialog.report.suggested_filename)
    # AND one export event names the report, the patient and the file (not its folder)
    [event] = report_events(demo_db)
    assert (event.action, event.patient_uid) == ("export", maria.uid)
    assert event.detail["kind"] == "patient_summary"
    assert event.detail["file"] == saved.name
    # AND opening the preview was recorded once, apart from the export
    [preview] = preview_events(demo_db)
    assert (preview.patient_uid, preview.entity_uid) == (maria.uid, dialog.report.uid)
    assert dialog.notice.isVisible() and "Saved" in dialog.notice.text()
    dialog.close()


def test_print_paints_every_page_and_audits_the_print(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs) -> None:
    # GIVEN a previewed summary and a printer that writes a PDF file
    dialog = open_summary(qtbot, actions, maria)
    pages = dialog.view.page_count
    # WHEN it is printed (Ctrl+P)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # THEN the printer received every page
    printed = PdfReader(scripted.print_file)
    assert len(printed.pages) == pages
    # AND one print event was recorded, naming the printer output
    [event] = report_events(demo_db)
    assert event.action == "print"
    assert event.patient_uid == maria.uid
    assert "printed.pdf" in event.detail["printer"]
    dialog.close()


def test_printing_cancelled_in_the_dialog_prints_and_records_nothing(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database) -> None:
    dialog = open_summary(qtbot, actions, maria)
    dialog._choose_printer = lambda _printer, _parent: False
    assert dialog.print() is False
    assert report_events(demo_db) == []
    dialog.close()


@pytest.mark.parametrize("where", ["missing-folder", "inside-a-file"])
def test_unwritable_path_shows_an_error_and_records_nothing(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs, tmp_path: Path, where: str) -> None:
    # GIVEN a place no file can be written (a folder that does not exist, or a "folder"
    # that is a file; both hold even for root, which ignores permission bits)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    target = (tmp_path / "gone" / "summary.pdf" if where == "missing-folder"
              else blocker / "summary.pdf")
    scripted.save_path = str(target)
    dialog = open_summary(qtbot, actions, maria)
    # WHEN the therapist saves there
    assert dialog.save_as_pdf() is None
    # THEN the dialog says why, in words, and stays open with the report
    assert dialog.notice.isVisible()
    assert "does not exist" in dialog.notice.text()
    assert dialog.isVisible() and dialog.view.page_count > 0
    # AND nothing was written and nothing recorded
    assert not target.exists()
    assert report_events(demo_db) == []
    # AND a second try somewhere sensible works
    scripted.save_path = str(tmp_path / "ok.pdf")
    assert dialog.save_as_pdf() == tmp_path / "ok.pdf"
    assert [e.action for e in report_events(demo_db)] == ["export"]
    dialog.close()


def test_full_disk_is_named_and_leaves_no_partial_file(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_summary(qtbot, actions, maria)

    def disk_full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    assert dialog.save_as_pdf() is None
    assert "disk is full" in dialog.notice.text()
    assert list(scripted.folder.iterdir()) == []
    assert report_events(demo_db) == []
    dialog.close()


def test_page_keys_move_between_pages_and_zoom_modes_fit(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord,
        scripted: ScriptedDialogs) -> None:
    # GIVEN the physician report, which runs over more than one page
    scripted.options = PhysicianReportOptions(dt.date(2000, 1, 1), dt.date.today(), None)
    dialog = preview_of(qtbot, actions, lambda: actions.physician_report(maria))
    count = dialog.view.page_count
    assert count >= 2
    # WHEN PgDn is pressed THEN page 2 is current and the label says so
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.view.current_page == 1
    assert dialog.page_label.text() == f"Page 2 of {count}"
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageUp)
    assert dialog.page_label.text() == f"Page 1 of {count}"
    assert not dialog.previous_action.isEnabled()
    # AND fitting the whole page shows it smaller than fitting its width
    dialog.set_zoom(ZoomMode.FIT_WIDTH)
    fit_width = dialog.view.scale
    dialog.set_zoom(ZoomMode.FIT_PAGE)
    assert dialog.view.scale < fit_width
    assert dialog.zoom.currentText() == "Fit page"
    dialog.set_zoom(ZoomMode.ACTUAL_SIZE)
    assert dialog.view.scale == pytest.approx(dialog.view.logicalDpiX() / 72)
    dialog.close()


def test_physician_report_with_a_password_opens_in_the_preview_and_saves_encrypted(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs) -> None:
    # GIVEN a period and a password chosen for e-mailing
    scripted.options = PhysicianReportOptions(dt.date(2000, 1, 1), dt.date.today(),
                                              "s3cret-harbour")
    # WHEN the report is previewed and saved
    dialog = preview_of(qtbot, actions, lambda: actions.physician_report(maria))
    assert dialog.view.page_count >= 2
    saved = dialog.save_as_pdf()
    # THEN the file needs the password, and with it names the patient
    assert saved is not None
    reader = PdfReader(saved)
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/R"] == 6  # AES-256
    assert reader.decrypt("s3cret-harbour") != 0
    assert maria.display_name in "".join(page.extract_text() for page in reader.pages)
    [event] = report_events(demo_db)
    assert event.detail["kind"] == "physician_report"
    assert event.detail["encrypted"] is True
    assert "s3cret-harbour" not in str(event.detail)
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    dialog.close()


def test_period_chooser_offers_the_first_session_day(
        actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs) -> None:
    # GIVEN the therapist cancels the period chooser
    scripted.options = None
    actions.physician_report(maria)
    assert not actions.busy
    # THEN it had been offered the day of her first session
    first = session_service.list_sessions(demo_db, maria.uid)[-1]
    assert scripted.first_session_offered == first.started_at.astimezone().date()
    assert report_events(demo_db) == []


def test_print_honours_a_page_range_chosen_in_the_print_dialog(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, demo_db: Database,
        scripted: ScriptedDialogs) -> None:
    # GIVEN the multi-page physician report, and a print dialog answered "page 2 only"
    scripted.options = PhysicianReportOptions(dt.date(2000, 1, 1), dt.date.today(), None)
    dialog = preview_of(qtbot, actions, lambda: actions.physician_report(maria))

    def page_two_only(printer: QPrinter, parent: QWidget) -> bool:
        scripted.choose_printer(printer, parent)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        return True

    dialog._choose_printer = page_two_only
    # WHEN it is printed THEN one page came out, and the audit says so
    assert dialog.print()
    assert len(PdfReader(scripted.print_file).pages) == 1
    [event] = report_events(demo_db)
    assert event.action == "print"
    dialog.close()


def test_letterhead_saved_in_clinic_settings_heads_the_preview(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, context: AppContext,
        demo_db: Database, tmp_path: Path) -> None:
    # GIVEN the clinic's name, address and logo entered in Clinic settings
    logo = QImage(1200, 400, QImage.Format.Format_RGB32)
    logo.fill(QColor("#2f6f8f"))
    logo.save(str(tmp_path / "logo.png"), "PNG")
    settings = ClinicSettingsDialog(context,
                                    choose_logo_file=lambda _parent: str(tmp_path / "logo.png"))
    qtbot.addWidget(settings)
    settings.fields["name"].edit.setText("Harbour Street Clinic & Co")
    settings.address.setPlainText("12 Quay Street\nHalifax NS")
    settings.choose_logo()
    settings.save()
    # WHEN a summary is previewed
    dialog = open_summary(qtbot, actions, maria)
    # THEN its letterhead is the clinic's, with the logo drawn as an image
    text = text_of(dialog.report.pdf)
    assert "Harbour Street Clinic & Co" in text and "12 Quay Street" in text
    first_page = PdfReader(io.BytesIO(dialog.report.pdf)).pages[0]
    assert len(first_page.images) >= 1
    dialog.close()


def test_a_second_request_while_a_report_is_being_made_is_ignored(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, parent: QWidget) -> None:
    # GIVEN a summary being made on the worker thread
    with qtbot.waitSignal(actions.preview_opened, timeout=60_000):
        actions.patient_summary(maria)
        assert actions.busy
        # WHEN the therapist asks again before it is ready
        actions.patient_summary(maria)
    qtbot.wait(50)
    # THEN one preview opened, and the next request is free to go
    assert len([d for d in parent.findChildren(ReportPreviewDialog) if d.isVisible()]) == 1
    assert not actions.busy


def test_a_report_that_cannot_be_made_says_why(
        qtbot: QtBot, actions: ReportActions, maria: PatientRecord, context: AppContext,
        parent: QWidget) -> None:
    # GIVEN a patient record that is no longer in the database
    gone = dataclasses.replace(maria, uid=uuid.uuid4())
    # WHEN its summary is asked for THEN the error broadcast explains, and no preview opens
    with qtbot.waitSignal(context.events.error, timeout=60_000) as said:
        actions.patient_summary(gone)
    assert said.args[0].startswith("Could not make the report")
    assert not actions.busy
    assert parent.findChildren(ReportPreviewDialog) == []
