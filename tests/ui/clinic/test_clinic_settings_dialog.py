"""Clinic settings: letterhead fields, logo and scope of practice, stored and shown again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.services import clinic as clinic_service
from nmt_desktop.ui.clinic.clinic_logo import LOGO_MAX, logo_image
from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow

NAME = "Zoë's <Harbour> & 山田 Clinic 🌿"


def picture(path: Path, width: int, height: int, fmt: str) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6f8f"))
    assert image.save(str(path), fmt)
    return path


def open_dialog(qtbot: QtBot, context: AppContext, logo: Path | None = None
                ) -> ClinicSettingsDialog:
    def chooser(_parent: QWidget) -> str:
        return str(logo) if logo else ""

    dialog = ClinicSettingsDialog(context, choose_logo_file=chooser)
    qtbot.addWidget(dialog)
    return dialog


def click_save(qtbot: QtBot, dialog: ClinicSettingsDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def settings_events(db: Database) -> int:
    with db.reading() as orm:
        return orm.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.entity_type == "clinic_settings")) or 0


def test_settings_round_trip(qtbot: QtBot, context: AppContext, db: Database,
                             tmp_path: Path) -> None:
    # GIVEN a clinic that never saved its settings: empty letterhead, every technique on
    big_logo = picture(tmp_path / "sign.png", 3000, 1200, "PNG")
    dialog = open_dialog(qtbot, context, big_logo)
    assert dialog.fields["name"].text() == ""
    assert all(box.isChecked() for box in dialog.technique_boxes.values())
    assert dialog.logo_preview.text() == "No logo"
    # WHEN the letterhead is filled in, a large logo chosen and dry needling switched off
    dialog.fields["name"].edit.setText(NAME)
    dialog.address.setPlainText("12 Quay Street, Suite 4\nHalifax NS B3J 1A1")
    dialog.fields["phone"].edit.setText("902-555-0142")
    dialog.fields["email"].edit.setText("desk@harbour.example")
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert not dialog.logo_preview.pixmap().isNull()
    dialog.technique_boxes["dry_needling"].setChecked(False)
    click_save(qtbot, dialog)
    # THEN everything is stored, the logo as PNG scaled to letterhead size
    stored = clinic_service.get_clinic_settings(db)
    assert stored.name == NAME
    assert stored.address == "12 Quay Street, Suite 4\nHalifax NS B3J 1A1"
    assert (stored.phone, stored.email) == ("902-555-0142", "desk@harbour.example")
    assert stored.disabled_techniques == frozenset({"dry_needling"})
    assert stored.logo_png is not None and stored.logo_png.startswith(b"\x89PNG")
    logo = logo_image(stored.logo_png)
    assert logo.width() <= LOGO_MAX.width() and logo.height() <= LOGO_MAX.height()
    assert logo.width() / logo.height() == 2.5
    assert settings_events(db) == 1
    # AND the dialog opened again shows what was saved
    again = open_dialog(qtbot, context)
    assert again.fields["name"].text() == NAME
    assert again.address.toPlainText().startswith("12 Quay Street")
    assert not again.technique_boxes["dry_needling"].isChecked()
    assert again.technique_boxes["ischemic_compression"].isChecked()
    assert not again.logo_preview.pixmap().isNull()


def test_jpeg_logo_is_stored_as_png(qtbot: QtBot, context: AppContext, db: Database,
                                    tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, context, picture(tmp_path / "logo.jpg", 400, 100, "JPG"))
    dialog.choose_logo()
    click_save(qtbot, dialog)
    stored = clinic_service.get_clinic_settings(db).logo_png
    assert stored is not None and stored.startswith(b"\x89PNG")
    assert logo_image(stored).size().toTuple() == (400, 100)


def test_a_file_that_is_not_a_picture_is_refused_and_keeps_the_old_logo(
        qtbot: QtBot, context: AppContext, db: Database, tmp_path: Path) -> None:
    # GIVEN a saved logo
    first = open_dialog(qtbot, context, picture(tmp_path / "logo.png", 120, 40, "PNG"))
    first.choose_logo()
    click_save(qtbot, first)
    saved_logo = clinic_service.get_clinic_settings(db).logo_png
    # WHEN a text file renamed .png is chosen
    fake = tmp_path / "notes.png"
    fake.write_text("not a picture")
    dialog = open_dialog(qtbot, context, fake)
    dialog.choose_logo()
    # THEN the dialog says so and the logo stays
    assert dialog.logo_error.isVisibleTo(dialog)
    assert "notes.png could not be opened as a picture" in dialog.logo_error.text()
    assert dialog.logo_png == saved_logo
    assert dialog.changes() == {}


def test_removing_the_logo(qtbot: QtBot, context: AppContext, db: Database,
                           tmp_path: Path) -> None:
    first = open_dialog(qtbot, context, picture(tmp_path / "logo.png", 120, 40, "PNG"))
    first.choose_logo()
    click_save(qtbot, first)
    dialog = open_dialog(qtbot, context)
    qtbot.mouseClick(dialog.remove_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo_preview.text() == "No logo"
    assert not dialog.remove_logo_button.isEnabled()
    click_save(qtbot, dialog)
    assert clinic_service.get_clinic_settings(db).logo_png is None


def test_saving_without_changes_writes_nothing(qtbot: QtBot, context: AppContext,
                                               db: Database) -> None:
    dialog = open_dialog(qtbot, context)
    click_save(qtbot, dialog)
    assert dialog.result() == ClinicSettingsDialog.DialogCode.Accepted
    assert settings_events(db) == 0


def test_too_long_name_is_shown_under_the_field(qtbot: QtBot, context: AppContext,
                                                db: Database) -> None:
    dialog = open_dialog(qtbot, context)
    dialog.fields["name"].edit.setText("N" * 500)
    click_save(qtbot, dialog)
    assert dialog.fields["name"].error.isVisibleTo(dialog)
    assert dialog.result() != ClinicSettingsDialog.DialogCode.Accepted
    assert clinic_service.get_clinic_settings(db).name == ""


def test_edit_menu_opens_clinic_settings(make_main_window: Callable[[], MainWindow],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the main window, with the modal loop of the dialog replaced by a note of it
    opened: list[ClinicSettingsDialog] = []
    monkeypatch.setattr(ClinicSettingsDialog, "exec", lambda self: opened.append(self) or 0)
    window = make_main_window()
    # WHEN Edit → Clinic settings… is chosen THEN the dialog opens over the main window
    window.clinic_settings_action.trigger()
    assert len(opened) == 1 and opened[0].parent() is window
    opened[0].close()
