"""Copy forward: a new session pre-filled from the previous one, flagged until edited."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services import (
    charting,
    copy_forward,
    home_care,
    intake,
    session_findings,
    session_notes,
    signing,
)
from nmt_desktop.services.screening import ScreeningBlockedError
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart, events


def _fill_previous(chart: Chart) -> None:
    db, uid = chart.db, chart.session_uid
    session_notes.update_session_notes(db, uid, {
        "chief_complaint": "Neck pain", "plan": "Weekly NMT", "techniques": ["myofascial_release"],
        "nrs_now": 6, "assessment": "Improving"})
    session_findings.add_posture_finding(db, uid, "forward_head_posture", "moderate")
    home_care.prescribe_exercise(db, uid, "chin_tuck", dose="10 × 5 s")
    charting.place_trigger_point(db, uid, *load_atlas().label_point("shoulder_top_left"),
                                 muscle_id="upper_trapezius", status="active")
    charting.paint_pain_zones(db, uid, ["temple_left"], 5, ["aching"])
    signing.sign_session(as_therapist(db, chart.therapist_uid), uid)


def test_copy_forward_flags_copies_until_edited(chart: Chart) -> None:
    db = chart.db
    _fill_previous(chart)
    # WHEN the next session is started from the signed one, with the marks
    record, changes = copy_forward.start_session_from_previous(
        as_therapist(db, chart.therapist_uid), chart.session_uid, copy_marks=True)
    # THEN plan-like fields, findings, prescriptions and marks are copied and flagged
    assert record.copied_from_uid == chart.session_uid and not record.is_signed
    assert record.mark_count == 2 and changes.marks
    notes = session_notes.get_session_notes(db, record.uid)
    assert notes.copied_fields == {"chief_complaint", "plan", "techniques"}
    assert (notes.chief_complaint, notes.techniques) == ("Neck pain", ("myofascial_release",))
    assert (notes.nrs_now, notes.assessment) == (None, "")
    assert len(notes.copied_mark_uids) == 2
    [finding] = session_findings.list_posture_findings(db, record.uid)
    [prescription] = home_care.list_prescriptions(db, record.uid)
    assert finding.copied and prescription.copied and prescription.dose == "10 × 5 s"
    assert events(db)[-1] == ("copy_forward", "session")
    # WHEN the therapist edits some of them THEN only those lose the flag
    session_notes.update_session_notes(db, record.uid, {"plan": "Fortnightly"})
    session_findings.update_posture_finding(db, finding.uid, {"severity": "mild"})
    chart_now = charting.load_chart(db, record.uid)
    charting.update_trigger_point(db, chart_now.trigger_points[0].uid, {"status": "latent"})
    notes = session_notes.get_session_notes(db, record.uid)
    assert notes.copied_fields == {"chief_complaint", "techniques"}
    assert notes.copied_mark_uids == {chart_now.pain_zones[0].uid}
    assert not session_findings.list_posture_findings(db, record.uid)[0].copied
    assert home_care.list_prescriptions(db, record.uid)[0].copied
    # The source session is untouched
    assert charting.load_chart(db, chart.session_uid).trigger_points[0].status.value == "active"


def test_copy_without_marks_and_screening_still_applies(chart: Chart) -> None:
    db = chart.db
    _fill_previous(chart)
    plain, _ = copy_forward.start_session_from_previous(as_therapist(db, chart.therapist_uid),
                                                        chart.session_uid)
    assert plain.mark_count == 0
    assert copy_forward.latest_session(db, chart.patient_uid).uid == plain.uid  # type: ignore[union-attr]
    record, _ = intake.start_intake(db, chart.patient_uid)
    intake.set_screening_answer(db, record.uid, "fever_acute_infection", True)
    with pytest.raises(ScreeningBlockedError):
        copy_forward.start_session_from_previous(as_therapist(db, chart.therapist_uid),
                                                 chart.session_uid)


def test_charting_a_copied_mark_does_not_make_the_open_notes_stale(chart: Chart) -> None:
    """Confirming a copied mark is not a change of the notes text the form edits (no lost
    update check trips over the therapist's own map action)."""
    db = chart.db
    _fill_previous(chart)
    record, _ = copy_forward.start_session_from_previous(
        as_therapist(db, chart.therapist_uid), chart.session_uid, copy_marks=True)
    opened = session_notes.get_session_notes(db, record.uid)
    chart_now = charting.load_chart(db, record.uid)
    charting.update_trigger_point(db, chart_now.trigger_points[0].uid, {"status": "latent"})
    after = session_notes.get_session_notes(db, record.uid)
    assert after.copied_mark_uids == {chart_now.pain_zones[0].uid}
    assert after.version == opened.version
    saved, _ = session_notes.update_session_notes(db, record.uid, {"plan": "Fortnightly"},
                                                  expected_version=opened.version)
    assert saved.plan == "Fortnightly" and saved.copied_mark_uids == after.copied_mark_uids
