"""The period and password chooser of the physician report."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.report_password import report_password_problem
from nmt_desktop.ui.printing.physician_report_dialog import PhysicianReportDialog

TODAY = dt.date(2025, 6, 30)


def make(qtbot: QtBot, first: dt.date | None = dt.date(2025, 1, 7)) -> PhysicianReportDialog:
    dialog = PhysicianReportDialog("Zoë 山田 <&>", first, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_period_defaults_to_first_session_through_today(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.confirm()
    assert dialog.options is not None
    assert (dialog.options.date_from, dialog.options.date_to) == (dt.date(2025, 1, 7), TODAY)
    assert dialog.options.password is None


def test_a_patient_without_sessions_gets_today_to_today(qtbot: QtBot) -> None:
    dialog = make(qtbot, first=None)
    dialog.confirm()
    assert dialog.options is not None
    assert dialog.options.date_from == dialog.options.date_to == TODAY


def test_a_period_that_ends_before_it_starts_is_refused(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.date_from.setDate(QDate(2025, 7, 1))
    dialog.confirm()
    assert dialog.options is None
    assert "starts after it ends" in dialog.error.text()


def test_password_must_be_typed_twice_alike(qtbot: QtBot) -> None:
    # GIVEN protection ticked
    dialog = make(qtbot)
    dialog.protect.setChecked(True)
    assert dialog.password.isEnabled()
    # WHEN nothing, then two different passwords, then the same one twice are typed
    dialog.confirm()
    assert dialog.options is None and "Type a password" in dialog.error.text()
    # (setText: QTest cannot type letters outside ASCII and aborts the process)
    dialog.password.setText("Zoë-山田-1")
    dialog.repeat.setText("Zoe-山田-1")
    dialog.confirm()
    assert dialog.options is None and "differ" in dialog.error.text()
    dialog.repeat.setText("Zoë-山田-1")
    dialog.confirm()
    # THEN the options carry it
    assert dialog.options is not None and dialog.options.password == "Zoë-山田-1"


def test_a_short_password_gets_the_same_words_as_on_the_command_line(qtbot: QtBot) -> None:
    # GIVEN a seven-character password typed twice alike
    dialog = make(qtbot)
    dialog.protect.setChecked(True)
    dialog.password.setText("Zoë-123")
    dialog.repeat.setText("Zoë-123")
    # WHEN
    dialog.confirm()
    # THEN the shared rule refuses it, in its own words, and the password is not repeated
    assert dialog.options is None and dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == report_password_problem("Zoë-123")
    assert "at least 8 characters" in dialog.error.text() and "Zoë-123" not in dialog.error.text()
    # and the dialog says the rule before anyone types
    assert any("At least 8 characters" in label.text() for label in dialog.findChildren(QLabel))


def test_password_fields_are_off_until_protection_is_ticked(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    dialog.password.setText("typed before ticking")
    assert not dialog.password.isEnabled()
    dialog.confirm()
    assert dialog.options is not None and dialog.options.password is None
