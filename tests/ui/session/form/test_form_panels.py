"""The structured parts of the form: posture, range of motion, goals, techniques, home care."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.domain.posture import PostureSeverity, PostureSide
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services import clinic, home_care, session_findings, session_notes
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.rom_panel import remarks
from tests.intake_goals import add_goal
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def choose(combo: object, data: object) -> None:
    index = combo.findData(data)  # type: ignore[attr-defined]
    assert index > 0, data
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]
    combo.activated.emit(index)  # type: ignore[attr-defined]


def test_posture_finding_with_side_severity_and_note(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(open_session(session))
    choose(form.posture.add_combo, "elevated_shoulder")
    [row] = form.posture.rows.values()
    choose(row.side, PostureSide.RIGHT)
    row.severity.setCurrentIndex(row.severity.findData(PostureSeverity.MARKED))
    row.severity.activated.emit(row.severity.currentIndex())
    row.note.setText("Bag on the right <&>")
    row.note.textEdited.emit("Bag on the right <&>")
    form.flush()
    [stored] = session_findings.list_posture_findings(db, session.uid)
    assert (stored.finding_id, stored.side, stored.severity, stored.note) == (
        "elevated_shoulder", PostureSide.RIGHT, PostureSeverity.MARKED, "Bag on the right <&>")
    row.remove.click()
    assert session_findings.list_posture_findings(db, session.uid) == []


def test_rom_shows_both_sides_and_the_reference(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(open_session(session))
    choose(form.rom.add_combo, "cervical_spine/rotation")
    row = form.rom.rows[("cervical_spine", "rotation", True)]
    row.boxes[Side.LEFT].setValue(70)
    row.boxes[Side.RIGHT].setValue(45)
    assert "differ by 25°" in row.remark.text()
    assert "R below reference" in row.remark.text()
    form.flush()
    stored = {(r.side, r.degrees) for r in session_findings.list_rom(db, session.uid)}
    assert stored == {(Side.LEFT, 70.0), (Side.RIGHT, 45.0)}
    # Clearing one side removes that measurement only.
    row.boxes[Side.RIGHT].setValue(row.boxes[Side.RIGHT].minimum())
    form.flush()
    assert [(r.side, r.degrees) for r in session_findings.list_rom(db, session.uid)] == [
        (Side.LEFT, 70.0)]
    # The reference of §5.6 is on the row, and a reopened form shows what is stored.
    labels = [w.text() for w in row.widgets if hasattr(w, "text")]
    assert "60–80°" in labels
    form.show_session(form.session)  # type: ignore[arg-type]
    reopened = form.rom.rows[("cervical_spine", "rotation", True)]
    assert reopened.values() == {Side.LEFT: 70}


def test_spine_flexion_has_one_value_and_remarks_are_plain() -> None:
    assert remarks("cervical_spine", "flexion", {None: 30}) == "value below reference"
    assert remarks("shoulder", "flexion", {Side.LEFT: 170, Side.RIGHT: 165}) == ""


def test_goal_progress_per_goal(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    goal = add_goal(db, patient.uid, "Sit 60 min at work without pain",
                    target_date=dt.date.today() + dt.timedelta(days=42))
    form = form_of(open_session(session))
    row = form.goals.rows[goal.uid]
    row.buttons[GoalProgressStatus.PARTLY_MET].click()
    row.note.setText("Sits 40 min")
    row.note.textEdited.emit("Sits 40 min")
    form.flush()
    [progress] = session_findings.list_goal_progress(db, session.uid)
    assert (progress.status, progress.note) == (GoalProgressStatus.PARTLY_MET, "Sits 40 min")
    row.buttons[GoalProgressStatus.MET].click()
    assert row.status() is GoalProgressStatus.MET
    row.buttons[GoalProgressStatus.MET].click()  # a second click clears it
    assert row.status() is None


def test_techniques_switched_off_by_the_clinic_are_hidden(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    clinic.update_clinic_settings(db, {"disabled_techniques": ["dry_needling"]})
    form = form_of(open_session(session))
    techniques = form.fields["techniques"]
    assert "dry_needling" not in techniques.boxes  # type: ignore[attr-defined]
    box = techniques.boxes["stripping_massage"]  # type: ignore[attr-defined]
    box.click()
    form.flush()
    assert session_notes.get_session_notes(db, session.uid).techniques == ("stripping_massage",)


def test_home_care_from_the_library_with_a_patient_dose(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(open_session(session))
    choose(form.home_care.add_combo, "chin_tuck")
    [row] = form.home_care.rows.values()
    assert row.edits["dose"].text()  # starts at the library's typical dose
    for name, text in (("dose", "8 reps, 5 s hold"), ("frequency", "3× daily"),
                       ("progression", "Add resistance band in week 3")):
        row.edits[name].setText(text)
        row.edits[name].textEdited.emit(text)
    form.flush()
    [stored] = home_care.list_prescriptions(db, session.uid)
    assert (stored.exercise_id, stored.dose, stored.frequency, stored.progression) == (
        "chin_tuck", "8 reps, 5 s hold", "3× daily", "Add resistance band in week 3")


def test_dates_and_scales_round_trip(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(open_session(session))
    next_week = dt.date.today() + dt.timedelta(days=7)
    form.fields["next_visit"].date_edit.set_value(  # type: ignore[attr-defined]
        next_week, report=True)
    form.fields["nrs_after"].editor.setValue(2)
    form.fields["duration_minutes"].editor.setValue(45)
    form.flush()
    notes = session_notes.get_session_notes(db, session.uid)
    assert (notes.next_visit, notes.nrs_after, notes.duration_minutes) == (next_week, 2, 45)
    form.fields["nrs_after"].editor.setValue(form.fields["nrs_after"].editor.minimum())
    form.fields["next_visit"].clear_button.click()  # type: ignore[attr-defined]
    form.flush()
    notes = session_notes.get_session_notes(db, session.uid)
    assert (notes.next_visit, notes.nrs_after) == (None, None)


def test_picking_a_map_tool_brings_the_map_panel_forward(
    open_session: OpenSession, session: SessionRecord,
) -> None:
    from nmt_desktop.ui.bodymap.tools import Tool

    window = open_session(session)
    form = form_of(window)
    form.show_page("S")
    window.session_page.chart.tool_actions[Tool.PAIN_ZONE].trigger()
    assert form.tabs.currentWidget() is form.pages["Map"]
    assert window.session_page.chart.pain_options.isVisibleTo(form)
