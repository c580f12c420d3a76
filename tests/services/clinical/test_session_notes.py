"""SOAP notes written field by field (autosave), posture, ROM and goal progress."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.domain.posture import PostureSeverity, PostureSide
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services import clinic, session_findings
from nmt_desktop.services.session_notes import get_session_notes, update_session_notes
from tests.intake_goals import add_goal
from tests.services.clinical.conftest import Chart, event_count, events


def test_partial_update_writes_only_the_changed_fields(chart: Chart) -> None:
    db = chart.db
    # GIVEN an empty session record
    empty = get_session_notes(db, chart.session_uid)
    assert (empty.chief_complaint, empty.nrs_now, empty.read_only) == ("", None, False)
    before = event_count(db)
    # WHEN the form autosaves the complaint while typing, then the pain numbers
    update_session_notes(db, chart.session_uid, {"chief_complaint": "Headache behind the "})
    update_session_notes(db, chart.session_uid, {"chief_complaint": "Headache behind the eye"})
    notes, changes = update_session_notes(db, chart.session_uid,
                                          {"nrs_now": 6, "nrs_best": 2, "nrs_worst": 8,
                                           "next_visit": "2026-03-09", "duration_minutes": 45})
    # THEN every call wrote one event, and the values come back as typed
    assert event_count(db) == before + 3
    assert events(db)[-1] == ("change", "session_notes")
    assert notes.chief_complaint == "Headache behind the eye"
    assert (notes.nrs_now, notes.nrs_best, notes.nrs_worst) == (6, 2, 8)
    assert notes.next_visit == dt.date(2026, 3, 9)
    assert notes.duration_minutes == 45
    assert changes.notes and changes.session_uid == chart.session_uid
    # WHEN nothing changed THEN nothing is written
    update_session_notes(db, chart.session_uid, {"nrs_now": 6})
    assert event_count(db) == before + 3


@pytest.mark.parametrize(("changes", "message"), [
    ({"nrs_now": 11}, "from 0 to 10"),
    ({"nrs_after": -1}, "from 0 to 10"),
    ({"next_visit": "next week"}, "YYYY-MM-DD"),
    ({"duration_minutes": 0}, "Duration"),
    ({"colour": "blue"}, "Unknown session field"),
    ({"assessment": "bell\x07"}, "control characters"),
    ({"techniques": ["tickling"]}, "Unknown technique"),
])
def test_bad_input_is_refused_and_nothing_is_written(chart: Chart, changes: dict[str, object],
                                                     message: str) -> None:
    before = event_count(chart.db)
    with pytest.raises(ValidationError, match=message):
        update_session_notes(chart.db, chart.session_uid, changes)
    assert event_count(chart.db) == before
    assert get_session_notes(chart.db, chart.session_uid).techniques == ()


def test_techniques_switched_off_by_the_clinic_cannot_be_added(chart: Chart) -> None:
    db = chart.db
    update_session_notes(db, chart.session_uid, {"techniques": ["dry_needling"]})
    clinic.update_clinic_settings(db, {"disabled_techniques": ["dry_needling",
                                                               "joint_manipulation"]})
    # Already recorded: may stay when the list is saved again
    kept, _ = update_session_notes(db, chart.session_uid,
                                   {"techniques": ["dry_needling", "ischemic_compression"]})
    assert kept.techniques == ("dry_needling", "ischemic_compression")
    with pytest.raises(ValidationError, match="switched off"):
        update_session_notes(db, chart.session_uid, {"techniques": ["joint_manipulation"]})


def test_posture_findings(chart: Chart) -> None:
    db = chart.db
    finding, _ = session_findings.add_posture_finding(db, chart.session_uid, "elevated_shoulder",
                                                   "moderate", side="left")
    assert (finding.side, finding.severity) == (PostureSide.LEFT, PostureSeverity.MODERATE)
    changed, _ = session_findings.update_posture_finding(db, finding.uid, {"severity": "mild"})
    assert changed.severity is PostureSeverity.MILD
    with pytest.raises(ValidationError, match="Unknown postural finding"):
        session_findings.add_posture_finding(db, chart.session_uid, "slouch", "mild")
    with pytest.raises(ValidationError, match="Unknown side"):
        session_findings.add_posture_finding(db, chart.session_uid, "scoliosis", "mild",
                                          side="middle")
    session_findings.remove_posture_finding(db, finding.uid)
    assert session_findings.list_posture_findings(db, chart.session_uid) == []


def test_rom_is_one_value_per_joint_movement_side(chart: Chart) -> None:
    db = chart.db
    first, _ = session_findings.record_rom(db, chart.session_uid, "cervical_spine", "rotation",
                                        "left", 55)
    corrected, _ = session_findings.record_rom(db, chart.session_uid, "cervical_spine", "rotation",
                                            Side.LEFT, 60.5)
    session_findings.record_rom(db, chart.session_uid, "cervical_spine", "rotation", "right", 75)
    session_findings.record_rom(db, chart.session_uid, "cervical_spine", "flexion", None, 40)
    assert corrected.uid == first.uid and corrected.degrees == 60.5
    assert [(r.side, r.degrees) for r in session_findings.list_rom(db, chart.session_uid)] == [
        (Side.LEFT, 60.5), (Side.RIGHT, 75.0), (None, 40.0)]
    with pytest.raises(ValidationError, match="has no side"):
        session_findings.record_rom(db, chart.session_uid, "cervical_spine", "flexion", "left", 40)
    with pytest.raises(ValidationError, match="Side is required"):
        session_findings.record_rom(db, chart.session_uid, "shoulder", "flexion", None, 40)
    with pytest.raises(ValidationError, match="Unknown joint movement"):
        session_findings.record_rom(db, chart.session_uid, "shoulder", "wiggle", "left", 40)
    with pytest.raises(ValidationError, match="between"):
        session_findings.record_rom(db, chart.session_uid, "shoulder", "flexion", "left", 720)


def test_goal_progress_per_session(chart: Chart) -> None:
    db = chart.db
    goal = add_goal(db, chart.patient_uid, "Lift the grandchild")
    progress, _ = session_findings.set_goal_progress(db, chart.session_uid, goal.uid, "partly_met",
                                                     note="with some pain")
    assert progress is not None and progress.status is GoalProgressStatus.PARTLY_MET
    session_findings.set_goal_progress(db, chart.session_uid, goal.uid, "met")
    assert [(p.goal_text, p.status) for p in session_findings.list_goal_progress(
        db, chart.session_uid)] == [("Lift the grandchild", GoalProgressStatus.MET)]
    cleared, _ = session_findings.set_goal_progress(db, chart.session_uid, goal.uid, None)
    assert cleared is None and session_findings.list_goal_progress(db, chart.session_uid) == []
    with pytest.raises(NotFoundError):
        session_findings.set_goal_progress(db, chart.session_uid, chart.patient_uid, "met")
