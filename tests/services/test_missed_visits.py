"""Cancelled and missed visits: recorded, listed, audited, and counted in the physician report.

The issue: "cancelled visits are counted"; clinical-spec §5.7 puts "number of visits
attended/cancelled" in the report header. Also: every field of the physician report that does
not come from the latest visit carries its date (the re-assessment date, posture, home
programme, the intake's complaint).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    HomeCarePrescription,
    Intake,
    Patient,
    PostureObservation,
    SessionNote,
    TreatmentSession,
)
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.posture import PostureSeverity
from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.reports import render_physician_report
from nmt_desktop.services.missed_visits import (
    list_missed_visits,
    record_missed_visit,
    remove_missed_visit,
)
from nmt_desktop.services.report_data import build_physician_report
from tests.reports.pdf_tools import flat, text
from tests.services.clinical.conftest import events
from tests.services.report_charts import Clinic, add_patient, new_clinic, visit

D = dt.date
DAYS = (D(2025, 3, 3), D(2025, 3, 17), D(2025, 3, 31))


def _ids(db: Database, session_uids: list[uuid.UUID]) -> list[int]:
    with db.reading() as orm:
        return [orm.scalar(select(TreatmentSession.id).where(TreatmentSession.uid == u)) or 0
                for u in session_uids]


def add_rows(db: Database, *rows: Any) -> None:
    with db.transaction() as orm:
        orm.add_all(rows)


@pytest.fixture
def course(db: Database) -> tuple[Clinic, uuid.UUID, list[int]]:
    clinic = new_clinic(db)
    patient = add_patient(clinic, "Zoë", "O'Brien", "N-1", referring_physician="Dr. Raman")
    sessions = [visit(clinic, patient, day, pain=(("neck_posterior_left", 5),)) for day in DAYS]
    return clinic, patient, _ids(db, sessions)


def test_record_list_and_remove_with_one_audit_event_each(
        db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    _, patient, _ = course
    before = len(events(db))
    record, changes = record_missed_visit(db, patient, D(2025, 3, 10),
                                          MissedVisitKind.CANCELLED_BY_PATIENT,
                                          reason=" flu ", today=D(2025, 3, 10))
    assert (record.on_date, record.kind, record.reason) == (
        D(2025, 3, 10), MissedVisitKind.CANCELLED_BY_PATIENT, "flu")
    assert changes.patient_uid == patient and changes.sessions
    no_show, _ = record_missed_visit(db, patient, D(2025, 3, 24), "no_show",
                                     today=D(2025, 3, 24))
    assert [m.kind for m in list_missed_visits(db, patient)] == [
        MissedVisitKind.CANCELLED_BY_PATIENT, MissedVisitKind.NO_SHOW]
    assert events(db)[before:] == [("create", "missed_visit"), ("create", "missed_visit")]
    remove_missed_visit(db, no_show.uid)
    assert [m.uid for m in list_missed_visits(db, patient)] == [record.uid]
    assert events(db)[-1] == ("delete", "missed_visit")
    with pytest.raises(NotFoundError):
        remove_missed_visit(db, no_show.uid)


def test_the_reason_stays_out_of_the_audit_trail(
        db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    from nmt_desktop.services.audit import list_audit_events

    _, patient, _ = course
    record_missed_visit(db, patient, D(2025, 3, 10), "cancelled_by_patient",
                        reason="Chemotherapy week", today=D(2025, 3, 10))
    assert "Chemotherapy" not in repr(list_audit_events(db, patient))


def test_rules(db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    _, patient, _ = course
    today = D(2025, 3, 10)
    with pytest.raises(ValidationError, match="Unknown kind"):
        record_missed_visit(db, patient, today, "forgot", today=today)
    with pytest.raises(ValidationError, match="future"):
        record_missed_visit(db, patient, today + dt.timedelta(days=1), "no_show",
                            today=today)
    with pytest.raises(ValidationError, match="required"):
        record_missed_visit(db, patient, None, "no_show", today=today)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at most"):
        record_missed_visit(db, patient, today, "no_show", reason="x" * 501, today=today)
    # A cancellation may be noted ahead of its day
    ahead, _ = record_missed_visit(db, patient, today + dt.timedelta(days=7),
                                   "cancelled_by_clinic", today=today)
    assert ahead.kind is MissedVisitKind.CANCELLED_BY_CLINIC
    with pytest.raises(NotFoundError):
        record_missed_visit(db, uuid.uuid4(), today, "no_show", today=today)


def test_the_physician_report_counts_the_missed_visits_of_its_period(
        db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    _, patient, _ = course
    for day, kind, reason in ((D(2025, 3, 10), "cancelled_by_patient", "flu"),
                              (D(2025, 3, 24), "no_show", ""),
                              (D(2025, 3, 26), "cancelled_by_clinic", "therapist ill"),
                              (D(2025, 4, 7), "no_show", "")):
        record_missed_visit(db, patient, day, kind, reason=reason, today=D(2025, 4, 7))
    data = build_physician_report(db, patient, D(2025, 3, 1), D(2025, 3, 31))
    assert data.visits_attended == 3 and data.visits_cancelled == 3
    assert [(m.day, m.what, m.no_show, m.reason) for m in data.missed_visits] == [
        (D(2025, 3, 10), "cancelled by the patient", False, "flu"),
        (D(2025, 3, 24), "no-show", True, ""),
        (D(2025, 3, 26), "cancelled by the clinic", False, "therapist ill"),
    ]
    printed = flat(text(render_physician_report(data)))
    assert flat("3 attended, 2 cancelled, 1 no-show") in printed
    assert flat("Not attended: 10 Mar 2025 cancelled by the patient (flu); 24 Mar 2025 "
                "no-show; 26 Mar 2025 cancelled by the clinic (therapist ill).") in printed
    # Outside the period: not counted
    april = build_physician_report(db, patient, D(2025, 4, 1), D(2025, 4, 30))
    assert april.visits_cancelled == 1 and april.missed_visits[0].no_show
    none = build_physician_report(db, patient, D(2025, 3, 1), D(2025, 3, 9))
    assert none.visits_cancelled == 0 and none.missed_visits == ()
    assert "cancelled" not in flat(text(render_physician_report(none)))


def test_fields_not_from_the_latest_visit_carry_their_date(
        db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    _, patient, ids = course
    add_rows(db,
             SessionNote(session_id=ids[0], reassessment_date=D(2025, 5, 1), plan="Release"),
             SessionNote(session_id=ids[1], reassessment_date=D(2025, 5, 12)),
             SessionNote(session_id=ids[2], plan="Release and stretch"),
             PostureObservation(session_id=ids[1], finding_id="forward_head_posture",
                                severity=PostureSeverity.MARKED),
             HomeCarePrescription(session_id=ids[0], exercise_id="chin_tuck", position=0,
                                  dose="10 × 5 s"))
    data = build_physician_report(db, patient, D(2025, 3, 1), D(2025, 3, 31))
    # The re-assessment date set at the second visit (the latest that set one)
    assert (data.plan.reassessment_date, data.plan.reassessment_set_on) == (
        D(2025, 5, 12), D(2025, 3, 17))
    assert data.posture == ("Forward head posture, marked (recorded 17 Mar 2025)",)
    assert data.home_programme_prescribed_on == D(2025, 3, 3)
    printed = flat(text(render_physician_report(data)))
    assert flat("12 May 2025 (set at the visit of 17 Mar 2025)") in printed
    assert flat("Home programme (prescribed 3 Mar 2025)") in printed
    # Set at the latest visit: no date added
    latest_only = build_physician_report(db, patient, D(2025, 3, 1), D(2025, 3, 17))
    assert (latest_only.plan.reassessment_date, latest_only.plan.reassessment_set_on) == (
        D(2025, 5, 12), None)
    assert latest_only.posture == ("Forward head posture, marked",)


def test_the_intakes_complaint_carries_the_intakes_date(
        db: Database, course: tuple[Clinic, uuid.UUID, list[int]]) -> None:
    _, patient, _ = course
    with db.transaction() as orm:
        pid = orm.scalar(select(Patient.id).where(Patient.uid == patient))
        assert pid is not None
        orm.add(Intake(patient_id=pid, version=1, recorded_on=D(2025, 2, 20),
                       presenting_complaint="Neck pain after a fall "))
    data = build_physician_report(db, patient, D(2025, 3, 1), D(2025, 3, 31))
    assert data.chief_complaint == "Neck pain after a fall (intake of 20 Feb 2025)"
