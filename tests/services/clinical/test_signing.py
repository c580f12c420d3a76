"""Signing locks the session on every service path; corrections are dated amendments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services import (
    charting,
    home_care,
    outcomes,
    session_findings,
    session_notes,
    sessions,
    signing,
    therapists,
)
from nmt_desktop.services._uow.locking import SessionLockedError
from nmt_desktop.services.report_data.physician_report import build_physician_report
from nmt_desktop.services.signing import AmendmentNotAllowedError, NotSessionTherapistError
from tests.intake_goals import add_goal
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart, event_count, events


def test_only_the_sessions_therapist_can_sign(chart: Chart) -> None:
    db = chart.db
    other, _ = therapists.create_therapist(db, "Sam Lee", "RMT", "2")
    before = event_count(db)
    with pytest.raises(NotSessionTherapistError, match="Alex Morgan"):
        signing.sign_session(as_therapist(db, other.uid), chart.session_uid)
    assert event_count(db) == before
    signed, changes = signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    assert signed.is_signed and signed.signed_by_name == "Alex Morgan"
    assert signed.signed_at is not None and changes.sessions
    assert events(db)[-1] == ("sign", "session")
    with pytest.raises(SessionLockedError):
        signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)


def test_signed_session_refuses_every_change(chart: Chart) -> None:
    db = chart.db
    uid, patient = chart.session_uid, chart.patient_uid
    # GIVEN a session with a note, a point, a finding, ROM, a prescription, a goal, a score
    spot = load_atlas().label_point("calf_left")
    point, _ = charting.place_trigger_point(db, uid, *spot)
    finding, _ = session_findings.add_posture_finding(db, uid, "scoliosis", "mild")
    rom, _ = session_findings.record_rom(db, uid, "knee", "flexion", "left", 120)
    prescription, _ = home_care.prescribe_exercise(db, uid, "chin_tuck")
    goal = add_goal(db, patient, "Walk the dog")
    score, _ = outcomes.record_outcome(db, patient, "ndi", [1] * 10, session_uid=uid)
    signing.sign_session(as_therapist(db, chart.therapist_uid), uid)
    before = event_count(db)
    attempts: list[Callable[[], object]] = [
        lambda: session_notes.update_session_notes(db, uid, {"assessment": "x"}),
        lambda: session_notes.update_session_notes(db, uid, {"duration_minutes": 30}),
        lambda: session_findings.add_posture_finding(db, uid, "flat_back", "mild"),
        lambda: session_findings.update_posture_finding(db, finding.uid, {"note": "x"}),
        lambda: session_findings.remove_posture_finding(db, finding.uid),
        lambda: session_findings.record_rom(db, uid, "knee", "flexion", "left", 130),
        lambda: session_findings.remove_rom(db, rom.uid),
        lambda: session_findings.set_goal_progress(db, uid, goal.uid, "met"),
        lambda: home_care.prescribe_exercise(db, uid, "bird_dog"),
        lambda: home_care.update_prescription(db, prescription.uid, {"dose": "x"}),
        lambda: home_care.remove_prescription(db, prescription.uid),
        lambda: outcomes.record_outcome(db, patient, "odi", [1] * 10, session_uid=uid),
        lambda: outcomes.update_outcome(db, score.uid, [2] * 10),
        lambda: outcomes.delete_outcome(db, score.uid),
        lambda: charting.place_trigger_point(db, uid, *spot),
        lambda: charting.update_trigger_point(db, point.uid, {"status": "active"}),
        lambda: charting.delete_mark(db, point.uid),
    ]
    # WHEN anything is changed THEN it is refused and nothing is written
    for attempt in attempts:
        with pytest.raises(SessionLockedError):
            attempt()
    assert event_count(db) == before
    assert session_notes.get_session_notes(db, uid).read_only
    # Questionnaires not attached to the session stay editable
    free, _ = outcomes.record_outcome(db, patient, "odi", [1] * 10)
    outcomes.update_outcome(db, free.uid, [2] * 10)


def test_amendments_only_on_signed_sessions(chart: Chart) -> None:
    db = chart.db
    with pytest.raises(AmendmentNotAllowedError):
        signing.add_amendment(as_therapist(db, chart.therapist_uid), chart.session_uid, "typo",
                              "text")
    signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    other, _ = therapists.create_therapist(db, "Sam Lee", "RMT", "2")
    # Written after the signing (an earlier date is refused: test_signed_snapshots.py).
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)
    amendment, _ = signing.add_amendment(as_therapist(db, other.uid), chart.session_uid,
                                         "Wrong side recorded",
                                         "The trigger point was in the RIGHT calf.",
                                         written_at=when)
    assert (amendment.author_name, amendment.written_at) == ("Sam Lee", when)
    assert events(db)[-1] == ("amend", "amendment")
    assert signing.list_amendments(db, chart.session_uid) == [amendment]
    # The patient's amendments, as the physician report lists them
    assert [(a.written_at, a.reason, a.text) for a in build_physician_report(
        db, chart.patient_uid).amendments] == [
        (amendment.written_at, amendment.reason, amendment.text)]
    assert sessions.get_session(db, chart.session_uid).amendment_count == 1
    with pytest.raises(Exception, match="Reason is required"):
        signing.add_amendment(as_therapist(db, other.uid), chart.session_uid, "", "text")
