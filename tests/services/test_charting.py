"""Charting use cases: every mark committed at once, located by geometry, restorable."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent, TreatmentSession
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import (
    PainQuality,
    PainSource,
    PressureUnit,
    SessionStatus,
    Side,
    TextureTag,
    TriggerPointStatus,
    View,
)
from nmt_desktop.services import charting, patients, sessions, therapists
from nmt_desktop.services.charting import SessionLockedError
from tests.people import as_therapist


@pytest.fixture
def session_uid(any_db: Database) -> uuid.UUID:
    therapist, _ = therapists.create_therapist(any_db, "Alex Morgan", "LMT", "1")
    patient, _ = patients.create_patient(any_db, PatientInput("Ann", "Smith", "1980-01-01"))
    record, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid)
    return record.uid


def point_in(region_id: str) -> tuple[float, float]:
    return load_atlas().label_point(region_id)


def test_trigger_point_is_located_by_geometry_and_committed(any_db: Database,
                                                            session_uid: uuid.UUID) -> None:
    x, y = point_in("shoulder_top_left")
    record, changes = charting.place_trigger_point(
        any_db, session_uid, x, y, muscle_id="upper_trapezius",
        status=TriggerPointStatus.ACTIVE, taut_band=True, tenderness_grade=3,
        ppt_value=2.5, ppt_unit=PressureUnit.KG_PER_CM2)
    assert (record.region_id, record.side, record.view) == (
        "shoulder_top_left", Side.LEFT, View.POSTERIOR)
    assert changes.marks and changes.session_uid == session_uid
    chart = charting.load_chart(any_db, session_uid)
    assert chart.trigger_points == (record,)
    assert (record.x, record.y) == (x, y)


def test_edit_move_delete_and_restore(any_db: Database, session_uid: uuid.UUID) -> None:
    record, _ = charting.place_trigger_point(any_db, session_uid, *point_in("temple_right"))
    edited, _ = charting.update_trigger_point(
        any_db, record.uid, {"muscle_id": "temporalis", "status": "latent",
                             "referral_regions": ("orbit_right",), "techniques":
                             ("ischemic_compression",), "post_treatment_grade": 1})
    assert edited.status is TriggerPointStatus.LATENT
    assert edited.referral_regions == ("orbit_right",)
    moved, _ = charting.move_trigger_point(any_db, record.uid, *point_in("temple_left"))
    assert (moved.region_id, moved.side, moved.muscle_id) == ("temple_left", Side.LEFT,
                                                              "temporalis")
    deleted, _ = charting.delete_mark(any_db, record.uid)
    assert charting.load_chart(any_db, session_uid).trigger_points == ()
    restored, _ = charting.restore_mark(any_db, session_uid, deleted)
    assert restored == moved
    assert charting.load_chart(any_db, session_uid).trigger_points == (moved,)


@pytest.mark.parametrize(
    ("values", "field"),
    [({"tenderness_grade": 5}, "tenderness_grade"), ({"status": "angry"}, "status"),
     ({"ppt_value": -1}, "ppt_value"), ({"referral_regions": ["elbow_middle"]}, "region_id"),
     ({"muscle_id": "biceps_of_doom"}, "muscle_id"), ({"x": 3}, "fields")],
)
def test_bad_trigger_point_values_are_refused(db: Database, values: dict[str, object],
                                              field: str) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    record, _ = charting.place_trigger_point(db, session.uid, *point_in("calf_left"))
    with pytest.raises(ValidationError) as caught:
        charting.update_trigger_point(db, record.uid, values)
    assert field in caught.value.field_errors
    assert charting.load_chart(db, session.uid).trigger_points == (record,)


def test_outside_body_is_refused(db: Database) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    with pytest.raises(ValidationError, match="outside the body"):
        charting.place_trigger_point(db, session.uid, -50.0, -50.0)
    assert charting.load_chart(db, session.uid).trigger_points == ()


def test_paint_replaces_and_restores_pain_zones(any_db: Database,
                                                session_uid: uuid.UUID) -> None:
    first, _ = charting.paint_pain_zones(any_db, session_uid, ["buttock_left",
                                                               "thigh_posterior_left"],
                                         6, [PainQuality.ACHING])
    again, _ = charting.paint_pain_zones(any_db, session_uid, ["buttock_left"], 8,
                                         [PainQuality.BURNING, PainQuality.SHOOTING],
                                         PainSource.THERAPIST_PALPATION)
    assert again[0].uid == first[0].uid  # one zone per region, updated in place
    chart = charting.load_chart(any_db, session_uid)
    zones = {z.region_id: z for z in chart.pain_zones}
    assert zones["buttock_left"].nrs == 8
    assert zones["buttock_left"].qualities == (PainQuality.BURNING, PainQuality.SHOOTING)
    assert zones["thigh_posterior_left"].nrs == 6
    charting.restore_mark(any_db, session_uid, first[0])
    assert {z.region_id: z.nrs for z in charting.load_chart(any_db, session_uid).pain_zones
            } == {"buttock_left": 6, "thigh_posterior_left": 6}
    with pytest.raises(ValidationError):
        charting.paint_pain_zones(any_db, session_uid, ["calf_left"], 11, [])


def test_tension_rating_per_region_and_muscle(any_db: Database, session_uid: uuid.UUID) -> None:
    region = charting.rate_tension(any_db, session_uid, "low_back_right", 2,
                                   [TextureTag.ROPY])[0]
    muscle = charting.rate_tension(any_db, session_uid, "low_back_right", 3, [],
                                   "quadratus_lumborum")[0]
    updated = charting.rate_tension(any_db, session_uid, "low_back_right", 1, [])[0]
    assert updated.uid == region.uid and updated.grade == 1
    ratings = charting.load_chart(any_db, session_uid).tension_ratings
    assert {(r.muscle_id, r.grade) for r in ratings} == {(None, 1), ("quadratus_lumborum", 3)}
    assert muscle.side is Side.RIGHT


def test_signed_session_refuses_every_change(db: Database) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    record, _ = charting.place_trigger_point(db, session.uid, *point_in("calf_left"))
    with db.transaction() as orm:
        orm.scalar(select(TreatmentSession)).status = SessionStatus.SIGNED
    for attempt in (
        lambda: charting.place_trigger_point(db, session.uid, *point_in("calf_left")),
        lambda: charting.update_trigger_point(db, record.uid, {"status": "active"}),
        lambda: charting.move_trigger_point(db, record.uid, *point_in("calf_right")),
        lambda: charting.delete_mark(db, record.uid),
        lambda: charting.paint_pain_zones(db, session.uid, ["calf_left"], 3, []),
        lambda: charting.rate_tension(db, session.uid, "calf_left", 3, []),
    ):
        with pytest.raises(SessionLockedError):
            attempt()
    assert charting.load_chart(db, session.uid).trigger_points == (record,)


def test_every_chart_change_is_audited(db: Database) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    record, _ = charting.place_trigger_point(db, session.uid, *point_in("calf_left"))
    charting.update_trigger_point(db, record.uid, {"status": "active"})
    charting.paint_pain_zones(db, session.uid, ["calf_left"], 3, [])
    charting.delete_mark(db, record.uid)
    with db.reading() as orm:
        actions = [(e.action, e.entity_type) for e in orm.scalars(
            select(AuditEvent).where(AuditEvent.patient_uid == patient.uid)
            .order_by(AuditEvent.id))]
    assert actions == [("create", "patient"), ("create", "session"),
                       ("create", "trigger_point"), ("change", "trigger_point"),
                       ("paint", "pain_zone"), ("delete", "trigger_point")]


def test_a_stroke_over_many_regions_is_one_audit_event(db: Database) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    regions = ["calf_left", "low_back_left"]
    zones, _ = charting.paint_pain_zones(db, session.uid, regions, 3, [])
    ratings, changes = charting.rate_tension_regions(db, session.uid, regions, 2, [])
    assert changes.mark_uids == tuple(r.uid for r in ratings)
    charting.restore_marks(db, session.uid, [], [z.uid for z in zones])
    charting.restore_marks(db, session.uid, zones, [])
    with db.reading() as orm:
        events = [(e.action, e.entity_type, e.detail.get("regions")) for e in orm.scalars(
            select(AuditEvent).where(AuditEvent.patient_uid == patient.uid)
            .order_by(AuditEvent.id))][2:]
    assert events == [("paint", "chart_marks", regions), ("rate", "chart_marks", regions),
                      ("restore", "chart_marks", regions), ("restore", "chart_marks", regions)]
    assert charting.load_chart(db, session.uid).pain_zones == tuple(zones)


def test_restore_marks_refuses_a_stroke_of_another_session(db: Database) -> None:
    therapist, _ = therapists.create_therapist(db, "A", "", "")
    patient, _ = patients.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01"))
    first, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    second, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    zones, _ = charting.paint_pain_zones(db, first.uid, ["calf_left", "low_back_left"], 3, [])
    charting.restore_marks(db, first.uid, [], [z.uid for z in zones])
    with pytest.raises(charting.MarkNotInSessionError):
        charting.restore_marks(db, second.uid, zones, [])
    painted, _ = charting.paint_pain_zones(db, first.uid, ["calf_left"], 3, [])
    with pytest.raises(charting.MarkNotInSessionError):
        charting.restore_marks(db, second.uid, [], [painted[0].uid])
    assert charting.load_chart(db, first.uid).pain_zones == tuple(painted)
