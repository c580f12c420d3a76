"""Typing in the session form reaches the database without a Save button, even on a quick close."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import audit, session_notes
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from tests.people import as_therapist
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def test_typed_text_survives_closing_the_window_at_once(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database
) -> None:
    # GIVEN a draft session open in the window
    window = open_session(session)
    form = form_of(window)
    editor = form.fields["chief_complaint"].editor
    editor.setFocus()
    # WHEN the therapist types and closes the window before the autosave pause ends
    qtbot.keyClicks(editor, "Headache behind the left eye")
    assert form.autosave.has_pending()
    window.close()
    # THEN the text is in the database, and a new window shows it again
    assert session_notes.get_session_notes(db, session.uid).chief_complaint == \
        "Headache behind the left eye"
    reopened = open_session(session)
    assert form_of(reopened).fields["chief_complaint"].value() == "Headache behind the left eye"


def test_a_pause_writes_all_typed_fields_in_one_audited_change(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    # GIVEN an open session and the audit trail so far
    window = open_session(session)
    form = form_of(window)
    before = len(audit.list_audit_events(db, patient.uid))
    # WHEN several fields are edited in a row, then the therapist pauses
    form.fields["aggravating_factors"].editor.setPlainText("Desk work <&> driving")
    form.fields["sleep"].editor.setText("Zoë sleeps 5 h; 山田")
    form.fields["sleep"].editor.textEdited.emit("Zoë sleeps 5 h; 山田")
    form.fields["nrs_now"].editor.setValue(6)
    qtbot.waitUntil(lambda: not form.autosave.has_pending())
    # THEN one change event carries them all, and the quiet indicator says so
    notes = session_notes.get_session_notes(db, session.uid)
    assert notes.aggravating_factors == "Desk work <&> driving"
    assert notes.sleep == "Zoë sleeps 5 h; 山田"
    assert notes.nrs_now == 6
    events = audit.list_audit_events(db, patient.uid)[before:]
    assert [(e.action, e.entity_type) for e in events] == [("change", "session_notes")]
    assert form.saved_label.text().startswith("Saved")


def test_loading_a_session_writes_nothing(
    open_session: OpenSession, session: SessionRecord, db: Database, patient: PatientRecord
) -> None:
    before = len(audit.list_audit_events(db, patient.uid))
    window = open_session(session)
    assert not form_of(window).autosave.has_pending()
    # Only the access event of opening the chart is recorded: no change was written
    events = audit.list_audit_events(db, patient.uid)[before:]
    assert [(e.action, e.entity_type) for e in events] == [("open_chart", "patient")]


def test_opening_another_session_saves_the_first_one(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    context: AppContext, patient: PatientRecord,
) -> None:
    # GIVEN text typed in one session
    window = open_session(session)
    form = form_of(window)
    form.fields["assessment"].editor.setPlainText("Findings consistent with TrPs")
    assert context.therapist is not None
    other, _ = session_service.start_session(as_therapist(db, context.therapist.uid), patient.uid)
    # WHEN another session opens straight away
    window.open_session(other)
    # THEN the first session's text was written, and the form now shows the empty one
    assert session_notes.get_session_notes(db, session.uid).assessment == \
        "Findings consistent with TrPs"
    assert form.fields["assessment"].value() == ""
    assert session_notes.get_session_notes(db, other.uid).assessment == ""


def test_going_back_to_the_patient_saves(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["plan"].editor.setPlainText("Weekly, reassess in 4 weeks")
    window.session_page.back_requested.emit()
    assert not form.isVisible()
    assert session_notes.get_session_notes(db, session.uid).plan == "Weekly, reassess in 4 weeks"


def test_a_refused_value_is_reported_and_stays_on_screen(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: object,
) -> None:
    # GIVEN the session was signed elsewhere (another window) while this one was open
    window = open_session(session)
    form = form_of(window)
    from nmt_desktop.services import signing

    assert window.context.therapist is not None
    signing.sign_session(as_therapist(db, window.context.therapist.uid), session.uid)
    # WHEN the therapist types here
    form.fields["chief_complaint"].editor.setPlainText("Late note")
    form.flush()
    # THEN nothing was written, the text is still there and the indicator says why
    assert session_notes.get_session_notes(db, session.uid).chief_complaint == ""
    assert form.fields["chief_complaint"].value() == "Late note"
    assert "Not saved" in form.saved_label.text()
