"""The whole intake form is saved in one transaction with one audit event, or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.intake import IntakeSupersededError
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.records import PatientRecord

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def patient(any_db: Database) -> PatientRecord:
    record, _ = patient_service.create_patient(any_db, PatientInput("Zoë", "山田", "1980-01-02"))
    return record


def events(db: Database) -> int:
    with db.reading() as orm:
        return orm.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.entity_type == "intake")) or 0


def form(**changes: object) -> IntakeFormInput:
    values: dict[str, object] = {
        "recorded_on": "2025-03-10",
        "presenting_complaint": "Neck <&> 🙂",
        "consent_date": "2025-03-10",
        "consent_scope": "assessment and treatment",
        "answers": [ScreeningAnswer("acute_injury_inflammation", True, ("calf_left",), "sprain"),
                    ScreeningAnswer("anticoagulant_antiplatelet", True),
                    ScreeningAnswer("fever_acute_infection", False)],
        "goals": [GoalInput("Sit 2 h", "2025-06-01"), GoalInput("Sleep through")],
    }
    values.update(changes)
    return IntakeFormInput(**values)  # type: ignore[arg-type]


def test_new_intake_is_written_whole_with_one_event(any_db: Database,
                                                    patient: PatientRecord) -> None:
    # WHEN the first intake form is saved
    record, changes = save_intake_form(any_db, patient.uid, form(), today=TODAY)
    # THEN everything is there, in one version, with one audit event
    assert changes.intake and changes.patient_uid == patient.uid
    assert record.version == 1 and record.is_current
    assert record.presenting_complaint == "Neck <&> 🙂"
    injury = record.answer("acute_injury_inflammation")
    assert injury is not None and injury.region_ids == ("calf_left",)
    assert injury.note == "sprain"
    fever = record.answer("fever_acute_infection")
    assert fever is not None and not fever.present
    assert [g.text for g in record.goals] == ["Sit 2 h", "Sleep through"]
    assert events(any_db) == 1


def test_invalid_form_writes_nothing(any_db: Database, patient: PatientRecord) -> None:
    bad = form(answers=[ScreeningAnswer("acute_injury_inflammation", True, ())],
               recorded_on="2025-13-01")
    with pytest.raises(ValidationError) as raised:
        save_intake_form(any_db, patient.uid, bad, today=TODAY)
    assert {"recorded_on", "answer:acute_injury_inflammation"} <= set(raised.value.field_errors)
    assert intake_service.list_intakes(any_db, patient.uid) == []
    assert intake_service.list_goals(any_db, patient.uid) == []
    assert events(any_db) == 0


def test_update_and_new_version_keep_the_old(any_db: Database, patient: PatientRecord) -> None:
    first, _ = save_intake_form(any_db, patient.uid, form(), today=TODAY)
    sit, sleep = first.goals
    # Saving the same form again changes nothing and writes no event.
    again, _ = save_intake_form(any_db, patient.uid, form(goals=[
        GoalInput("Sit 2 h", "2025-06-01", sit.uid), GoalInput("Sleep through", None,
                                                               sleep.uid)]),
                                intake_uid=first.uid, today=TODAY)
    assert again == first
    assert events(any_db) == 1
    # WHEN a new version is saved with a goal reworded and one removed
    second, _ = save_intake_form(any_db, patient.uid, form(
        recorded_on="2025-03-14", medications="Warfarin 5 mg",
        goals=[GoalInput("Sit 3 h at the desk", "2025-06-01", sit.uid)]), today=TODAY)
    # THEN version 2 holds it, version 1 is unchanged and read-only, goals keep their uid
    assert second.version == 2 and second.medications == "Warfarin 5 mg"
    versions = intake_service.list_intakes(any_db, patient.uid)
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].medications == "" and not versions[1].is_current
    assert [(g.uid, g.text) for g in second.goals] == [(sit.uid, "Sit 3 h at the desk")]
    retired = [g for g in intake_service.list_goals(any_db, patient.uid, include_retired=True)
               if g.retired_on is not None]
    assert [(g.uid, g.retired_on) for g in retired] == [(sleep.uid, TODAY)]
    assert events(any_db) == 2
    with pytest.raises(IntakeSupersededError):
        save_intake_form(any_db, patient.uid, form(), intake_uid=first.uid, today=TODAY)


def test_new_version_carries_referrals_but_ends_clearances(any_db: Database,
                                                          patient: PatientRecord) -> None:
    """Spec §4.3: a clearance holds "until the intake is revised" (changed on purpose: the
    old test expected the clearance to be copied into the new version)."""
    flagged = form(answers=[ScreeningAnswer("unstable_cardiac", True),
                            ScreeningAnswer("calf_dvt_signs", True)])
    first, _ = save_intake_form(any_db, patient.uid, flagged, today=TODAY)
    intake_service.record_clearance(any_db, first.uid, "unstable_cardiac", "Dr Okafor", TODAY)
    intake_service.record_referral(any_db, first.uid, ["calf_dvt_signs"], "Dr Okafor",
                                   dt.datetime(2025, 3, 14, 9, tzinfo=dt.UTC), "Seen today")
    second, _ = save_intake_form(any_db, patient.uid, flagged, today=TODAY)
    assert second.clearances == ()
    assert [r.red_flag_ids for r in second.referrals] == [("calf_dvt_signs",)]
