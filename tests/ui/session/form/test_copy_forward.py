"""A session started from the previous one shows what was copied until the therapist edits it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.posture import PostureSeverity
from nmt_desktop.services import copy_forward, home_care, session_findings, session_notes
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.fields import COPIED_BACKGROUND
from tests.people import as_therapist
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


@pytest.fixture
def copied(session: SessionRecord, db: Database, context: AppContext) -> SessionRecord:
    """Today's session, started from a previous one with notes, a finding and an exercise."""
    session_notes.update_session_notes(db, session.uid, {
        "chief_complaint": "Neck pain <&> headache", "plan": "Weekly for 4 weeks",
        "techniques": ("ischemic_compression",)})
    session_findings.add_posture_finding(db, session.uid, "forward_head_posture",
                                      PostureSeverity.MODERATE)
    home_care.prescribe_exercise(db, session.uid, "chin_tuck")
    assert context.therapist is not None
    record, _ = copy_forward.start_session_from_previous(as_therapist(db, context.therapist.uid),
                                                         session.uid)
    return record


def test_copied_fields_are_marked_until_edited(
    qtbot: QtBot, open_session: OpenSession, copied: SessionRecord, db: Database,
) -> None:
    # GIVEN a session copied forward
    window = open_session(copied)
    form = form_of(window)
    complaint = form.fields["chief_complaint"]
    # THEN copied values show, tinted and tagged with the source date
    assert complaint.value() == "Neck pain <&> headache"
    assert complaint.is_marked_copied()
    assert "copied from" in complaint.copied_tag.text()
    assert "edit to confirm" in complaint.copied_tag.text()
    assert COPIED_BACKGROUND in complaint.editor.styleSheet()
    assert {"chief_complaint", "plan", "techniques"} <= form.copied_field_names()
    assert form.copied_banner.isVisible()
    assert all(row.copied for row in form.posture.rows.values())
    assert all(row.copied for row in form.home_care.rows.values())
    # WHEN the therapist edits the chief complaint
    complaint.editor.setPlainText("Neck pain, better")
    # THEN its marker goes at once, and stays gone after saving
    assert not complaint.is_marked_copied()
    assert complaint.editor.styleSheet() == ""
    form.flush()
    notes = session_notes.get_session_notes(db, copied.uid)
    assert "chief_complaint" not in notes.copied_fields
    assert "plan" in notes.copied_fields
    assert form.fields["plan"].is_marked_copied()


def test_editing_a_copied_row_clears_its_tint(
    qtbot: QtBot, open_session: OpenSession, copied: SessionRecord, db: Database,
) -> None:
    window = open_session(copied)
    form = form_of(window)
    row = next(iter(form.home_care.rows.values()))
    row.edits["dose"].setText("5 reps, twice daily")
    row.edits["dose"].textEdited.emit("5 reps, twice daily")
    form.flush()
    assert not row.copied
    assert not home_care.list_prescriptions(db, copied.uid)[0].copied
    posture = next(iter(form.posture.rows.values()))
    posture.severity.setCurrentIndex(posture.severity.findData(PostureSeverity.MILD))
    posture.severity.activated.emit(posture.severity.currentIndex())
    form.flush()
    assert not posture.copied
    assert not session_findings.list_posture_findings(db, copied.uid)[0].copied


def test_confirm_all_keeps_the_values_and_drops_every_marker(
    qtbot: QtBot, open_session: OpenSession, copied: SessionRecord, db: Database,
) -> None:
    window = open_session(copied)
    form = form_of(window)
    form.confirm_button.click()
    notes = session_notes.get_session_notes(db, copied.uid)
    assert notes.copied_fields == frozenset()
    assert notes.chief_complaint == "Neck pain <&> headache"
    assert not form.copied_field_names()
    assert not form.copied_banner.isVisible()
    assert not any(r.copied for r in form.posture.rows.values())
    assert not any(p.copied for p in home_care.list_prescriptions(db, copied.uid))


def test_patient_page_starts_a_session_from_the_last_one(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], session: SessionRecord,
    patient: PatientRecord, db: Database,
) -> None:
    # GIVEN a patient with a previous session that has notes
    session_notes.update_session_notes(db, session.uid, {"sleep": "Poor"})
    window = make_main_window()
    window.open_patient(patient)
    page = window.patient_page
    assert page.copy_forward_button.isEnabled()
    # WHEN the therapist starts from the last session
    page.copy_forward_button.click()
    # THEN a new session opens with the copied values marked
    form = form_of(window)
    assert window.pages.currentWidget() is window.session_page
    assert form.session is not None and form.session.uid != session.uid
    assert form.fields["sleep"].value() == "Poor"
    assert form.fields["sleep"].is_marked_copied()
