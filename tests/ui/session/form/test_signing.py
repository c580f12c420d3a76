"""Signing locks the whole session page; corrections are dated amendments listed under the form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.exercises import EXERCISES
from nmt_desktop.domain.posture import PostureSeverity
from nmt_desktop.services import charting, home_care, session_findings, session_notes, signing
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.amendments import AmendmentDialog
from nmt_desktop.ui.session.form.form import SessionForm
from tests.people import as_therapist
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# After signing, adding an amendment is the one thing the page still offers.
ALLOWED_AFTER_SIGNING = {"Add amendment…"}


def editable_controls(form: SessionForm) -> list[QWidget]:
    """Every visible input of the form that would still accept a change."""
    found: list[QWidget] = []
    for widget in form.findChildren(QWidget):
        if not widget.isVisibleTo(form) or not widget.isEnabled():
            continue
        if isinstance(widget.parentWidget(), QTabBar):
            continue  # the tab bar's scroll arrows change nothing
        if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
            if not widget.isReadOnly():
                found.append(widget)
        elif isinstance(widget, QComboBox) or (isinstance(widget, QAbstractButton)
                                               and widget.text() not in ALLOWED_AFTER_SIGNING):
            found.append(widget)
    return found


@pytest.fixture
def filled_session(session: SessionRecord, db: Database) -> SessionRecord:
    """A draft with a note, a posture finding, a prescription and a trigger point."""
    session_notes.update_session_notes(db, session.uid, {"chief_complaint": "Neck pain"})
    session_findings.add_posture_finding(db, session.uid, "forward_head_posture",
                                      PostureSeverity.MODERATE)
    home_care.prescribe_exercise(db, session.uid, EXERCISES[0].id)
    session_findings.record_rom(db, session.uid, "cervical_spine", "rotation", "left", 60.0)
    x, y = load_atlas().label_point("shoulder_top_left")
    charting.place_trigger_point(db, session.uid, x, y)
    return session


def test_signing_locks_every_control_the_map_and_undo(
    qtbot: QtBot, open_session: OpenSession, filled_session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a filled draft, open, with an undoable step on the map
    window = open_session(filled_session)
    form = form_of(window)
    chart = window.session_page.chart
    x, y = load_atlas().label_point("calf_left")
    chart._place_trigger_point(x, y)
    chart.editor.hide()
    assert chart.undo_action.isEnabled()
    assert editable_controls(form)
    # WHEN the therapist signs and confirms
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    form.sign_button.click()
    # THEN the session is signed, and nothing on the page accepts a change any more
    assert asked and "cannot be changed" not in asked[0] and "amendments" in asked[0]
    assert session_service.get_session(db, filled_session.uid).is_signed
    form = form_of(window)
    for index in range(form.tabs.count()):
        form.tabs.setCurrentIndex(index)
        left_open = [(w.metaObject().className(), w.accessibleName())
                     for w in editable_controls(form)]
        assert left_open == [], form.tabs.tabText(index)
    assert form.is_read_only()
    assert "Signed" in form.status.text()
    assert not form.sign_button.isVisible()
    assert not chart.scene.is_editable()
    assert [t for t, a in chart.tool_actions.items() if a.isEnabled()] == [Tool.SELECT]
    assert not chart.undo_action.isEnabled()
    assert "Signed" in window.session_page.subtitle.text()
    # AND a click on the map charts nothing
    before = len(charting.load_chart(db, filled_session.uid).trigger_points)
    chart._place_trigger_point(*load_atlas().label_point("calf_right"))
    assert len(charting.load_chart(db, filled_session.uid).trigger_points) == before


def test_cancelling_the_confirmation_keeps_the_draft(
    open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_session(session)
    answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    form_of(window).sign_button.click()
    assert not session_service.get_session(db, session.uid).is_signed
    assert not form_of(window).is_read_only()


def test_only_the_sessions_therapist_may_sign(
    open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    # GIVEN another therapist at the keyboard
    window = open_session(session)
    other, _ = therapist_service.create_therapist(db, "Sam Lee", "RMT", "ON-2")
    window.context.act_as(as_therapist(db, other.uid), other)
    window.open_session(session_service.get_session(db, session.uid))
    # THEN the sign button is off and says who may sign
    form = form_of(window)
    assert not form.sign_button.isEnabled()
    assert "Alex Morgan" in form.sign_button.toolTip()


def test_typing_then_signing_keeps_the_last_words(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["aftercare_advice"].editor.setPlainText("Heat tonight")
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    form.sign_button.click()
    assert session_notes.get_session_notes(db, session.uid).aftercare_advice == "Heat tonight"


def fill_and_save(reason: str, text: str) -> Callable[[AmendmentDialog], int]:
    def exec_(dialog: AmendmentDialog) -> int:
        dialog.reason.edit.setText(reason)
        dialog.text.setPlainText(text)
        dialog.save()
        return dialog.result()

    return exec_


def test_amendment_appears_under_the_signed_session(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a signed session
    assert open_session  # window factory
    therapist = therapist_service.list_therapists(db)[0]
    signing.sign_session(as_therapist(db, therapist.uid), session.uid)
    window = open_session(session)
    form = form_of(window)
    assert form.amendments.isVisible()
    assert form.amendments.add_button.isEnabled()
    # WHEN the therapist adds an amendment
    monkeypatch.setattr(AmendmentDialog, "exec",
                        fill_and_save("Wrong side <&>", "Point was on the RIGHT, Zoë 山田"))
    form.amendments.add_button.click()
    # THEN it is stored with author and date, and listed under the form
    stored = signing.list_amendments(db, session.uid)
    assert [(a.reason, a.text) for a in stored] == [("Wrong side <&>",
                                                     "Point was on the RIGHT, Zoë 山田")]
    assert stored[0].author_name.startswith("Alex Morgan")
    assert form.amendments.title.text() == "Amendments (1)"
    shown = form.amendments.list_layout.itemAt(0).widget().findChildren(type(form.status))[0]
    assert "Wrong side &lt;&amp;&gt;" in shown.text()
    assert "Alex Morgan" in shown.text()


def test_an_amendment_needs_a_reason_and_text(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    therapist = therapist_service.list_therapists(db)[0]
    signing.sign_session(as_therapist(db, therapist.uid), session.uid)
    window = open_session(session)
    dialog = AmendmentDialog(window.context, session_service.get_session(db, session.uid),
                             parent=window)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.reason.error.text()
    assert dialog.text_error.text()
    assert signing.list_amendments(db, session.uid) == []


def test_drafts_show_no_amendment_section(
    open_session: OpenSession, session: SessionRecord,
) -> None:
    window = open_session(session)
    assert not form_of(window).amendments.isVisible()


def test_a_signed_session_opens_read_only(
    open_session: OpenSession, filled_session: SessionRecord, db: Database,
) -> None:
    therapist = therapist_service.list_therapists(db)[0]
    signing.sign_session(as_therapist(db, therapist.uid), filled_session.uid)
    form = form_of(open_session(filled_session))
    assert form.is_read_only()
    for name in form.pages:
        form.show_page(name)
        assert editable_controls(form) == [], name
