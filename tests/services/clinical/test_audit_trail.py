"""Every clinical change writes exactly one audit event, in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from nmt_desktop.domain.errors import NotFoundError
from nmt_desktop.services import (
    audit,
    clinic,
    copy_forward,
    home_care,
    intake,
    outcomes,
    session_findings,
    session_notes,
    signing,
)
from nmt_desktop.services import session_notes as notes_module
from tests.intake_goals import add_goal, remove_goal, reword_goal
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart, events

WHEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_each_call_writes_exactly_its_event(chart: Chart) -> None:
    db, uid, patient = chart.db, chart.session_uid, chart.patient_uid
    state: dict[str, uuid.UUID] = {}

    def keep(name: str, value: object) -> None:
        state[name] = value[0].uid  # type: ignore[index]

    steps: list[tuple[Callable[[], object], tuple[str, str]]] = [
        (lambda: keep("intake", intake.start_intake(db, patient)), ("create", "intake")),
        (lambda: intake.update_intake(db, state["intake"], {"history": "h"}),
         ("change", "intake")),
        (lambda: intake.set_screening_answer(db, state["intake"], "pregnancy", True),
         ("create", "screening_answer")),
        (lambda: intake.set_screening_answer(db, state["intake"], "pregnancy", False),
         ("change", "screening_answer")),
        (lambda: intake.set_screening_answer(db, state["intake"], "pregnancy", None),
         ("delete", "screening_answer")),
        (lambda: intake.record_clearance(db, state["intake"], "cancer", "Dr. A",
                                         WHEN.date()), ("clear", "clearance")),
        (lambda: intake.record_referral(db, state["intake"], ["age_onset"], "Dr. A", WHEN, "s"),
         ("refer", "referral")),
        # Goals are written by the intake form: one event on the intake.
        (lambda: keep("goal", [add_goal(db, patient, "g")]), ("change", "intake")),
        (lambda: reword_goal(db, patient, state["goal"], "g2"), ("change", "intake")),
        (lambda: session_notes.update_session_notes(db, uid, {"sleep": "poor"}),
         ("change", "session_notes")),
        (lambda: keep("posture", session_findings.add_posture_finding(db, uid, "flat_back",
                                                                      "mild")),
         ("create", "posture_finding")),
        (lambda: session_findings.update_posture_finding(db, state["posture"], {"note": "n"}),
         ("change", "posture_finding")),
        (lambda: session_findings.remove_posture_finding(db, state["posture"]),
         ("delete", "posture_finding")),
        (lambda: keep("rom", session_findings.record_rom(db, uid, "hip", "abduction", "left", 40)),
         ("create", "rom_measure")),
        (lambda: session_findings.record_rom(db, uid, "hip", "abduction", "left", 42),
         ("change", "rom_measure")),
        (lambda: session_findings.remove_rom(db, state["rom"]), ("delete", "rom_measure")),
        (lambda: session_findings.set_goal_progress(db, uid, state["goal"], "met"),
         ("create", "goal_progress")),
        (lambda: keep("rx", home_care.prescribe_exercise(db, uid, "cat_camel")),
         ("create", "home_care")),
        (lambda: home_care.update_prescription(db, state["rx"], {"frequency": "daily"}),
         ("change", "home_care")),
        (lambda: home_care.remove_prescription(db, state["rx"]), ("delete", "home_care")),
        (lambda: keep("score", outcomes.record_outcome(db, patient, "odi", [1] * 10)),
         ("create", "outcome")),
        (lambda: outcomes.update_outcome(db, state["score"], [2] * 10),
         ("change", "outcome")),
        (lambda: outcomes.delete_outcome(db, state["score"]), ("delete", "outcome")),
        (lambda: signing.sign_session(as_therapist(db, chart.therapist_uid), uid), ("sign",
                                                                                    "session")),
        (lambda: signing.add_amendment(as_therapist(db, chart.therapist_uid), uid, "r", "t"),
         ("amend", "amendment")),
        (lambda: copy_forward.start_session_from_previous(as_therapist(db, chart.therapist_uid),
                                                          uid),
         ("copy_forward", "session")),
        (lambda: remove_goal(db, patient, state["goal"]), ("change", "intake")),
    ]
    for step, expected in steps:
        before = events(db)
        step()
        assert events(db) == [*before, expected], expected
    # All of them are on the patient's trail, oldest first
    trail = audit.list_audit_events(db, patient)
    assert [(e.action, e.entity_type) for e in trail][-len(steps):] == [e for _, e in steps]
    assert all(e.patient_uid == patient for e in trail)


def test_clinic_settings_changes_are_audited_without_a_patient(chart: Chart) -> None:
    db = chart.db
    before = events(db)
    settings, changes = clinic.update_clinic_settings(
        db, {"name": "Harbourside <Clinic> & Co", "logo_png": b"\x89PNG\r\n\x1a\n...."})
    assert events(db) == [*before, ("change", "clinic_settings")]
    assert settings.name == "Harbourside <Clinic> & Co" and changes.settings
    clinic.update_clinic_settings(db, {"name": "Harbourside <Clinic> & Co"})
    assert len(events(db)) == len(before) + 1
    assert clinic.get_clinic_settings(db).logo_png == b"\x89PNG\r\n\x1a\n...."
    with pytest.raises(Exception, match="PNG"):
        clinic.update_clinic_settings(db, {"logo_png": b"GIF89a"})
    with pytest.raises(Exception, match="Unknown technique"):
        clinic.update_clinic_settings(db, {"disabled_techniques": ["x"]})
    techniques = clinic.update_clinic_settings(
        db, {"disabled_techniques": ["dry_needling"]})[0].enabled_techniques()
    assert "dry_needling" not in {t.id for t in techniques}


def test_a_failing_change_writes_nothing(chart: Chart, monkeypatch: pytest.MonkeyPatch) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid)
    before = events(db)
    # A referral naming a session of nobody fails inside the transaction: no row, no event
    with pytest.raises(NotFoundError):
        intake.record_referral(db, record.uid, ["age_onset"], "Dr. A", WHEN, "s",
                               session_uid=uuid.uuid4())
    assert intake.current_intake(db, chart.patient_uid).referrals == ()  # type: ignore[union-attr]
    # If writing the audit event fails, the change itself is rolled back
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(notes_module, "record_event", broken)
    with pytest.raises(RuntimeError):
        session_notes.update_session_notes(db, chart.session_uid, {"plan": "lost"})
    assert session_notes.get_session_notes(db, chart.session_uid).plan == ""
    assert events(db) == before


def test_audit_listing_by_chart_number_and_unknown_patient(chart: Chart) -> None:
    from nmt_desktop.services.patients import get_patient

    number = get_patient(chart.db, chart.patient_uid).chart_number
    by_number = audit.list_audit_events(chart.db, number)
    assert [(e.action, e.entity_type) for e in by_number] == [("create", "patient"),
                                                              ("create", "session")]
    assert by_number == audit.list_audit_events(chart.db, str(chart.patient_uid))
    assert by_number[1].occurred_at.tzinfo is not None
    with pytest.raises(NotFoundError):
        audit.list_audit_events(chart.db, "no-such-chart")
