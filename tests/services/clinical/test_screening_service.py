"""Screening at session start and warnings for charted marks."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.screening_rules import WarningKind, WarningLevel
from nmt_desktop.services import charting, clinic, intake, screening, session_notes, sessions
from nmt_desktop.services.screening import ScreeningBlockedError
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart, event_count

DAY = dt.date(2026, 3, 2)


def test_systemic_contraindication_blocks_start_until_cleared(chart: Chart) -> None:
    db = chart.db
    # GIVEN an intake with unstable cardiac disease and no clearance
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    intake.set_screening_answer(db, record.uid, "unstable_cardiac", True)
    before = event_count(db)
    # WHEN a session is started THEN it is refused, and nothing is written
    with pytest.raises(ScreeningBlockedError, match="medical clearance") as refused:
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    assert refused.value.outcome.blockers[0].item_id == "unstable_cardiac"
    assert event_count(db) == before
    assert len(sessions.list_sessions(db, chart.patient_uid)) == 1
    # WHEN the clearance is recorded THEN the session starts and the banner names the physician
    intake.record_clearance(db, record.uid, "unstable_cardiac", "Dr. Okafor", DAY)
    sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    outcome = screening.screening_for_patient(db, chart.patient_uid)
    assert outcome.can_start and "Dr. Okafor" in outcome.banners[0].text


def test_emergency_red_flag_blocks_until_a_clearance_not_a_referral(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    intake.set_screening_answer(db, record.uid, "cervical_arterial_5d3n", True)
    with pytest.raises(ScreeningBlockedError, match="who was contacted"):
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    intake.record_referral(db, record.uid, ["cervical_arterial_5d3n"], "GP on call",
                           dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), "Dizziness with neck pain")
    # Spec §4.2 (revised): the referral documents the contact; the block stays
    with pytest.raises(ScreeningBlockedError, match="does not lift"):
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    intake.record_clearance(db, record.uid, "cervical_arterial_5d3n", "Dr. Okafor",
                            dt.date.today(), note="Imaging clear, neck work allowed")
    sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)


def test_routine_red_flag_starts_once_referred(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    intake.set_screening_answer(db, record.uid, "no_improvement", True)
    with pytest.raises(ScreeningBlockedError, match="who was contacted"):
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    intake.record_referral(db, record.uid, ["no_improvement"], "Dr. Okafor",
                           dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), "Letter: no progress")
    sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)


def test_today_check_is_kept_with_the_session_and_can_block(chart: Chart) -> None:
    from nmt_desktop.domain.screening_today import full_today_check, today_check_lines

    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    fever = full_today_check(["fever_acute_infection"], new_health="Flu since Sunday")
    with pytest.raises(ScreeningBlockedError, match="dated today"):
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid,
                               today_check=fever)
    # a clearance dated yesterday does not hold for a same-day item
    intake.record_clearance(db, record.uid, "fever_acute_infection", "Dr. Okafor",
                            dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ScreeningBlockedError):
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid,
                               today_check=fever)
    intake.record_clearance(db, record.uid, "fever_acute_infection", "Dr. Okafor",
                            dt.date.today())
    started, _ = sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid,
                                        today_check=fever)
    kept = screening.session_today_check(db, started.uid)
    assert kept == fever
    lines = today_check_lines(kept)
    assert "Red flags: none reported (22 of 22 asked)." in lines
    assert any("Flu since Sunday" in line for line in lines)


def test_no_intake_needs_a_reason_why_screening_was_not_done(chart: Chart) -> None:
    from nmt_desktop.domain.errors import ValidationError
    from nmt_desktop.domain.screening_today import full_today_check

    db = chart.db
    with pytest.raises(ValidationError) as refused:
        sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid,
                               today_check=full_today_check())
    assert "not_done_reason" in refused.value.field_errors
    started, _ = sessions.start_session(
        as_therapist(db, chart.therapist_uid), chart.patient_uid,
        today_check=full_today_check(not_done_reason="First visit; intake after treatment"))
    kept = screening.session_today_check(db, started.uid)
    assert kept is not None and kept.not_done_reason.startswith("First visit")


def test_no_go_region_and_endangerment_warnings_for_marks(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    intake.set_screening_answer(db, record.uid, "recent_injection", True,
                                region_ids=["shoulder_top_left"])
    intake.set_screening_answer(db, record.uid, "anticoagulant_antiplatelet", True)
    no_go = screening.screening_warnings_for_mark(db, chart.session_uid, "shoulder_top_left")
    assert [(w.kind, w.level) for w in no_go] == [(WarningKind.NO_GO_REGION,
                                                   WarningLevel.WARNING)]
    deep = screening.screening_warnings_for_mark(db, chart.session_uid, "knee_posterior_right",
                                                 ["stripping_massage"])
    assert {w.kind for w in deep} == {WarningKind.ENDANGERMENT,
                                      WarningKind.DISCOURAGED_TECHNIQUE}
    # chart_warnings lists them for the charted points and the session's techniques
    point, _ = charting.place_trigger_point(db, chart.session_uid,
                                            *load_atlas().label_point("shoulder_top_left"),
                                            muscle_id="upper_trapezius")
    session_notes.update_session_notes(db, chart.session_uid,
                                       {"techniques": ["cross_fiber_friction"]})
    found = screening.chart_warnings(db, chart.session_uid)
    assert {(w.mark_uid, w.warning.kind) for w in found} == {
        (point.uid, WarningKind.NO_GO_REGION),
        (None, WarningKind.DISCOURAGED_TECHNIQUE)}


def test_switched_off_technique_warns_and_cannot_be_newly_recorded(chart: Chart) -> None:
    db = chart.db
    clinic.update_clinic_settings(db, {"disabled_techniques": ["dry_needling"]})
    warnings = screening.screening_warnings_for_mark(db, chart.session_uid, None,
                                                     ["dry_needling"], is_trigger_point=False)
    assert [w.kind for w in warnings] == [WarningKind.OUT_OF_SCOPE]
    assert screening.session_screening(db, chart.session_uid).outcome.can_start
