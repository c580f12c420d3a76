"""A signed session reads as signed: undo cannot reach into it, the signer and the goal words
it was signed against are frozen and printed from that copy."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.services import charting, session_findings, sessions, signing
from nmt_desktop.services.charting import MarkNotInSessionError
from nmt_desktop.services.report_data.patient_summary import build_patient_summary
from nmt_desktop.services.report_data.physician_report import build_physician_report
from tests.intake_goals import add_goal, reword_goal
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart, event_count


def _point(region_id: str) -> tuple[float, float]:
    return load_atlas().label_point(region_id)


def test_restore_mark_refuses_a_mark_of_another_signed_session(chart: Chart) -> None:
    db = chart.db
    mark, _ = charting.place_trigger_point(db, chart.session_uid, *_point("temple_right"),
                                           note="as palpated")
    signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    later, _ = sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    rewritten = mark.__class__(**{**mark.__dict__, "note": "rewritten by undo"})
    before = event_count(db)
    # A record of the signed session's mark, replayed into a draft, must not rewrite it ...
    with pytest.raises(MarkNotInSessionError):
        charting.restore_mark(db, later.uid, rewritten)
    # ... nor can it be replayed into its own, now signed, session.
    with pytest.raises(charting.SessionLockedError):
        charting.restore_mark(db, chart.session_uid, rewritten)
    assert charting.load_chart(db, chart.session_uid).trigger_points == (mark,)
    assert charting.load_chart(db, later.uid).trigger_points == ()
    assert event_count(db) == before


def test_restore_mark_refuses_a_deleted_mark_of_another_session(chart: Chart) -> None:
    db = chart.db
    other, _ = sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    mark, _ = charting.place_trigger_point(db, chart.session_uid, *_point("temple_right"))
    deleted, _ = charting.delete_mark(db, mark.uid)
    with pytest.raises(MarkNotInSessionError):
        charting.restore_mark(db, other.uid, deleted)
    restored, _ = charting.restore_mark(db, chart.session_uid, deleted)  # its own: fine
    assert restored == mark


def test_signer_is_frozen_at_signing_and_printed_from_the_copy(chart: Chart) -> None:
    db = chart.db
    signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    signing.add_amendment(as_therapist(db, chart.therapist_uid), chart.session_uid, "Typo",
                          "Left side.")
    # The roster changes afterwards (a newer therapist record, an import, a raw edit).
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE therapist SET full_name = 'Renamed Person', "
                                "credentials = 'XX', licence_number = 'ZZ-9'"))
    assert sessions.get_session(db, chart.session_uid).signed_by_name == "Alex Morgan"
    assert sessions.list_sessions(db, chart.patient_uid)[0].signed_by_name == "Alex Morgan"
    for report in (build_physician_report(db, chart.patient_uid),
                   build_patient_summary(db, chart.patient_uid)):
        assert (report.therapist.name, report.therapist.credentials,
                report.therapist.licence_number) == ("Alex Morgan", "LMT", "MA-1")
    # An amendment keeps the name its author wrote it under.
    assert [a.author_name for a in signing.list_amendments(db, chart.session_uid)] == [
        "Alex Morgan"]
    physician = build_physician_report(db, chart.patient_uid)
    assert [a.author for a in physician.amendments] == ["Alex Morgan, LMT"]


def test_goal_words_are_frozen_with_the_signed_session(chart: Chart) -> None:
    db = chart.db
    goal = add_goal(db, chart.patient_uid, "Turn head to check blind spot")
    session_findings.set_goal_progress(db, chart.session_uid, goal.uid,
                                       GoalProgressStatus.MET)
    signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    reword_goal(db, chart.patient_uid, goal.uid, "Run a marathon")
    (progress,) = session_findings.list_goal_progress(db, chart.session_uid)
    assert progress.goal_text == "Turn head to check blind spot"
    report = build_physician_report(db, chart.patient_uid)
    assert [g.text for g in report.plan.goals] == ["Turn head to check blind spot"]


def test_amendment_time_must_follow_the_signing_and_not_be_in_the_future(chart: Chart) -> None:
    db = chart.db
    signed, _ = signing.sign_session(as_therapist(db, chart.therapist_uid), chart.session_uid)
    assert signed.signed_at is not None
    for when in (signed.signed_at - dt.timedelta(days=1),
                 dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        with pytest.raises(ValidationError):
            signing.add_amendment(as_therapist(db, chart.therapist_uid), chart.session_uid, "Typo",
                                  "Left, not right.", written_at=when)
    assert signing.list_amendments(db, chart.session_uid) == []


def test_a_typed_session_date_obeys_the_rule_imports_obey(chart: Chart) -> None:
    db = chart.db
    before = event_count(db)
    for when in (dt.datetime(1850, 1, 1, 9, 0, tzinfo=dt.UTC),
                 dt.datetime.now(dt.UTC) + dt.timedelta(days=30)):
        with pytest.raises(ValidationError, match="cannot be opened"):
            sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid, when)
    assert event_count(db) == before
