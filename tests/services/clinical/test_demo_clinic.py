"""The demo clinic carries a full clinical record, loaded through the use cases."""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.services import (
    audit,
    home_care,
    intake,
    screening,
    session_findings,
    session_notes,
    sessions,
    signing,
)
from nmt_desktop.services.demo import demo_uid, load_demo_clinic
from nmt_desktop.services.report_data.course import CourseFigures, course_figures, load_course

TODAY = dt.date(2026, 3, 2)


def whole_course(db: Database, patient_uid: uuid.UUID) -> CourseFigures:
    return course_figures(load_course(db, patient_uid), dt.date.min, dt.date.max)


def test_demo_clinic_record_is_complete_and_idempotent(any_db: Database) -> None:
    # GIVEN the demo clinic loaded twice
    assert load_demo_clinic(any_db, today=TODAY).startswith("added 5 patients")
    trail_length = len(audit.list_audit_events(any_db, "D1001"))
    assert load_demo_clinic(any_db, today=TODAY) == "already loaded, nothing added"
    assert len(audit.list_audit_events(any_db, "D1001")) == trail_length
    maria, james = demo_uid("maria"), demo_uid("james")
    # THEN every past visit is signed and the latest one is a draft
    history = sessions.list_sessions(any_db, maria)
    assert [s.is_signed for s in history] == [False] + [True] * 5
    assert history[-2].amendment_count == 1
    amendment = [a for visit in reversed(history)
                 for a in signing.list_amendments(any_db, visit.uid)][0]
    assert amendment.author_name == "Alex Morgan"
    # Each visit was signed on its day, after it started, and before it was amended
    for visit in history[1:]:
        assert visit.signed_at is not None and visit.started_at < visit.signed_at
        assert visit.signed_at.date() == visit.started_at.date()
    assert history[-2].signed_at is not None and history[-2].signed_at < amendment.written_at
    # Screening: a precaution for María, a local no-go area for James, nothing blocks
    maria_screen = screening.screening_for_patient(any_db, maria)
    assert maria_screen.can_start and maria_screen.light_pressure
    james_screen = screening.screening_for_patient(any_db, james)
    assert set(james_screen.no_go_regions) == {"sacroiliac_right"}
    # Notes, goals, home care and questionnaires improving over time
    latest = session_notes.get_session_notes(any_db, history[0].uid)
    assert (latest.nrs_now, latest.nrs_after) == (2, 0)
    assert len(intake.list_goals(any_db, maria)) == 2
    assert [p.status.value for p in session_findings.list_goal_progress(any_db, history[0].uid)
            ] == ["met", "partly_met"]
    # The home programme: that of the latest visit that prescribed anything
    programme = next(found for visit in history
                     if (found := home_care.list_prescriptions(any_db, visit.uid)))
    assert [p.exercise_id for p in programme] == [
        "chin_tuck", "upper_trap_stretch", "postural_breaks"]
    # Progress from baseline, as the progress view figures it over the whole course
    progress = {t.measure: t for t in whole_course(any_db, maria).thresholds}
    assert set(progress) == {"nrs", "ndi", "psfs"}
    assert all(t.met for t in progress.values())
    assert {t.measure for t in whole_course(any_db, james).thresholds} == {"nrs", "odi",
                                                                            "psfs"}


def test_demo_clinic_is_clinically_coherent_and_shows_the_gate(any_db: Database) -> None:
    from nmt_desktop.domain.screening_rules import BlockKind

    load_demo_clinic(any_db, today=TODAY)
    # Dimitris: an urgent red flag (calf DVT signs) with a referral but no clearance
    dimitris = screening.screening_for_patient(any_db, demo_uid("dimitris"))
    assert not dimitris.can_start
    assert [(b.item_id, b.kind) for b in dimitris.blockers] == [
        ("calf_dvt_signs", BlockKind.CLEARANCE_REQUIRED)]
    assert dimitris.referrals_required == ()  # the referral is on record; it does not lift
    # Taro: an urgent red flag, referred and cleared before his first visit
    taro = screening.screening_for_patient(any_db, demo_uid("taro"))
    assert taro.can_start
    assert any("cleared by Dr. Samuel Lindqvist" in b.text for b in taro.banners)
    # No demo visit charts a technique discouraged for that patient
    for key in ("maria", "james", "zoe", "taro", "dimitris"):
        for visit in sessions.list_sessions(any_db, demo_uid(key)):
            found = screening.chart_warnings(any_db, visit.uid)
            assert not [w for w in found if w.warning.kind.value == "discouraged_technique"], key
            check = screening.session_today_check(any_db, visit.uid)
            assert check is not None and check.red_flags_asked == 22
    # Every red flag was asked at intake
    maria = intake.current_intake(any_db, demo_uid("maria"))
    assert maria is not None
    from nmt_desktop.domain.screening import RED_FLAGS_BY_ID
    assert sum(a.item_id in RED_FLAGS_BY_ID for a in maria.answers) == 22
