"""Opening a chart reads plain rows on the driver; they must equal what the ORM would give.

Same values and the same Python types (enum members, not their strings; UUIDs; aware UTC
times), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import fields

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import PainZone, TensionRating, TriggerPoint
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import NotFoundError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import (
    PainQuality,
    PainSource,
    PressureUnit,
    TextureTag,
    TriggerPointStatus,
)
from nmt_desktop.services import charting, copy_forward, patients, sessions, signing, therapists
from nmt_desktop.services._uow import loaders
from nmt_desktop.services.records import ChartRecord
from tests.people import as_therapist


def orm_chart(db: Database, session_uid: uuid.UUID) -> ChartRecord:
    """The chart as ORM objects give it (what load_chart returned before plain rows)."""
    with db.reading() as orm:
        row = loaders.load_session(orm, session_uid)

        def marks(model: type[TriggerPoint] | type[PainZone] | type[TensionRating]) -> list:
            return list(orm.scalars(select(model).where(model.session_id == row.id)
                                    .order_by(model.id)))

        return ChartRecord(
            session=sessions.to_record(row),
            trigger_points=tuple(charting.trigger_point_record(m) for m in marks(TriggerPoint)),
            pain_zones=tuple(charting.pain_zone_record(m) for m in marks(PainZone)),
            tension_ratings=tuple(charting.tension_record(m) for m in marks(TensionRating)))


def test_chart_read_on_the_driver_equals_the_orm_chart(any_db: Database) -> None:
    therapist, _ = therapists.create_therapist(any_db, "Zoë Ærøe-Nguyễn", "LMT", "MA-1")
    patient, _ = patients.create_patient(any_db, PatientInput("Zoë", "山田", "1980-01-01"))
    first = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)
    signed, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid,
                                       started_at=first)
    x, y = load_atlas().label_point("shoulder_top_left")
    point, _ = charting.place_trigger_point(any_db, signed.uid, x, y)
    charting.update_trigger_point(any_db, point.uid, {
        "status": TriggerPointStatus.ACTIVE, "taut_band": True, "referral_regions": ["temple_left"],
        "techniques": ["ischemic_compression"], "tenderness_grade": 3, "ppt_value": 4.5,
        "ppt_unit": PressureUnit.KG_PER_CM2, "note": "Zoë <&> 山田 🙂"})
    x, y = load_atlas().label_point("scapula_right")
    charting.place_trigger_point(any_db, signed.uid, x, y)
    charting.paint_pain_zones(any_db, signed.uid, ["temple_left", "occiput_left"], 6,
                              [PainQuality.BURNING, PainQuality.ACHING],
                              source=PainSource.PATIENT_REPORT)
    charting.rate_tension(any_db, signed.uid, "scapula_right", 2,
                          [TextureTag.ROPY, TextureTag.WARM])
    signing.sign_session(as_therapist(any_db, therapist.uid), signed.uid)
    copied, _ = copy_forward.start_session_from_previous(
        as_therapist(any_db, therapist.uid), signed.uid, started_at=first + dt.timedelta(days=7))
    empty, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid,
                                      started_at=first + dt.timedelta(days=8))

    for session in (signed, copied, empty):
        read = charting.load_chart(any_db, session.uid)
        assert read == orm_chart(any_db, session.uid)
        expected = orm_chart(any_db, session.uid)
        for mine, theirs in zip((read.session, *read.trigger_points, *read.pain_zones,
                                 *read.tension_ratings),
                                (expected.session, *expected.trigger_points,
                                 *expected.pain_zones, *expected.tension_ratings), strict=True):
            for field in fields(mine):
                ours, orm = getattr(mine, field.name), getattr(theirs, field.name)
                assert type(ours) is type(orm), field.name
    chart = charting.load_chart(any_db, signed.uid)
    assert chart.trigger_points[0].ppt_unit is PressureUnit.KG_PER_CM2
    assert chart.session.signed_at is not None and chart.session.signed_at.tzinfo is dt.UTC
    assert charting.load_chart(any_db, copied.uid).session.copied_from_uid == signed.uid


def test_an_unknown_session_is_not_found(any_db: Database) -> None:
    with pytest.raises(NotFoundError, match="No session"):
        charting.load_chart(any_db, uuid.uuid4())


def test_an_unknown_patient_has_no_session_list(any_db: Database) -> None:
    with pytest.raises(NotFoundError):
        sessions.list_sessions(any_db, uuid.uuid4())
