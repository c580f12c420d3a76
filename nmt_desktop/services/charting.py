"""Use cases for charting on the body map. Each call is one transaction and one audit event.

Undo and redo in the app call these same functions: a deleted mark comes back through
`restore_mark` with its original uid, so exports and audit trails never see a different mark.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import Text, cast, or_, select, text
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    AuditEvent,
    PainZone,
    TensionRating,
    TreatmentSession,
    TriggerPoint,
)
from nmt_desktop.db.plain_rows import PlainRows
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.domain.vocab import (
    KeyOrSatellite,
    LocalTwitchResponse,
    PainQuality,
    PainSource,
    PressureUnit,
    TextureTag,
    TriggerPointStatus,
)
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.copy_flags import confirm_copied_marks
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.locking import SessionLockedError as SessionLockedError  # re-export
from nmt_desktop.services._uow.locking import draft_session, draft_session_by_id
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.row_versions import lock_for_edit
from nmt_desktop.services._uow.validation import clean_text, locate_on_figure
from nmt_desktop.services.records import (
    ChangeSet,
    ChartRecord,
    PainZoneRecord,
    TensionRecord,
    TriggerPointRecord,
)
from nmt_desktop.services.sessions import chart_session

MarkRecord = TriggerPointRecord | PainZoneRecord | TensionRecord
_M = TypeVar("_M", TriggerPoint, PainZone, TensionRating)

# Trigger-point fields a therapist may edit after placing the point (position has its own call).
EDITABLE_TRIGGER_POINT_FIELDS = frozenset(
    f.name for f in fields(TriggerPointRecord)
) - {"uid", "view", "x", "y", "region_id", "side"}


def _editable_session(orm: Session, session_uid: uuid.UUID) -> TreatmentSession:
    return draft_session(orm, session_uid)


def _changes(row: TreatmentSession, *marks: uuid.UUID) -> ChangeSet:
    return ChangeSet(marks=True, patient_uid=row.patient.uid, session_uid=row.uid,
                     mark_uids=tuple(marks))


# ----------------------------------------------------------------------------- records

def trigger_point_record(row: TriggerPoint | SimpleNamespace) -> TriggerPointRecord:
    return TriggerPointRecord(
        uid=row.uid, view=row.view, x=row.x, y=row.y, region_id=row.region_id,
        muscle_id=row.muscle_id, side=row.side, status=row.status, taut_band=row.taut_band,
        hypersensitive_spot=row.hypersensitive_spot, nodule=row.nodule,
        referred_pain=row.referred_pain, referral_regions=tuple(row.referral_regions),
        pain_recognition=row.pain_recognition, local_twitch=row.local_twitch,
        jump_sign=row.jump_sign, tenderness_grade=row.tenderness_grade,
        ppt_value=row.ppt_value, ppt_unit=row.ppt_unit, rom_restriction=row.rom_restriction,
        weakness=row.weakness, key_or_satellite=row.key_or_satellite,
        techniques=tuple(row.techniques), post_treatment_grade=row.post_treatment_grade,
        note=row.note,
    )


def pain_zone_record(row: PainZone | SimpleNamespace) -> PainZoneRecord:
    return PainZoneRecord(uid=row.uid, region_id=row.region_id, nrs=row.nrs,
                          qualities=tuple(PainQuality(q) for q in row.qualities),
                          source=row.source)


def tension_record(row: TensionRating | SimpleNamespace) -> TensionRecord:
    return TensionRecord(uid=row.uid, region_id=row.region_id, muscle_id=row.muscle_id,
                         side=row.side, grade=row.grade,
                         texture_tags=tuple(TextureTag(t) for t in row.texture_tags))


# Opening a chart reads its marks on the driver (db/plain_rows.py): SQLAlchemy's execution
# machinery cost more than SQLite's reading; the values are typed by the same column types.
_TRIGGER_POINT_ROWS = PlainRows(TriggerPoint, [f.name for f in fields(TriggerPointRecord)],
                                "session_id")
_PAIN_ZONE_ROWS = PlainRows(PainZone, [f.name for f in fields(PainZoneRecord)], "session_id")
_TENSION_ROWS = PlainRows(TensionRating, [f.name for f in fields(TensionRecord)], "session_id")


def load_chart(db: Database, session_uid: uuid.UUID) -> ChartRecord:
    """The whole chart of one session, in the order the marks were made."""
    authorize(db, Permission.READ_CHARTS)
    with db.driver_cursor() as cursor:
        record, session_id = chart_session(db, cursor, session_uid)
        points = _TRIGGER_POINT_ROWS.read(db, cursor, session_id)
        zones = _PAIN_ZONE_ROWS.read(db, cursor, session_id)
        ratings = _TENSION_ROWS.read(db, cursor, session_id)
    return ChartRecord(session=record,
                       trigger_points=tuple(map(trigger_point_record, points)),
                       pain_zones=tuple(map(pain_zone_record, zones)),
                       tension_ratings=tuple(map(tension_record, ratings)))


# ----------------------------------------------------------------------------- validation

def _check_grade(name: str, value: Any, highest: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
        raise ValidationError({name: f"{name.replace('_', ' ').capitalize()} must be a whole "
                                     f"number from 0 to {highest}."})
    return value


def _check_region(region_id: str) -> None:
    if region_id not in load_atlas().regions:
        raise ValidationError({"region_id": f"Unknown body region {region_id!r}."})


def _check_muscle(muscle_id: str | None) -> None:
    # Any muscle of the atlas is accepted: some are reached through a neighbouring region
    # (subscapularis through the axilla), so "under this region" is a suggestion, not a rule.
    if muscle_id is None:
        return
    if muscle_id not in load_atlas().muscles:
        raise ValidationError({"muscle_id": f"Unknown muscle {muscle_id!r}."})


def _clean_trigger_point_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - EDITABLE_TRIGGER_POINT_FIELDS
    if unknown:
        raise ValidationError({"fields": f"Cannot edit {', '.join(sorted(unknown))} here."})
    clean: dict[str, Any] = {}
    enum_fields = {"status": TriggerPointStatus, "local_twitch": LocalTwitchResponse,
                   "key_or_satellite": KeyOrSatellite}
    for name, value in values.items():
        if name in enum_fields:
            try:
                clean[name] = enum_fields[name](value)
            except ValueError:
                raise ValidationError({name: f"Unknown {name.replace('_', ' ')} {value!r}."}
                                      ) from None
        elif name in {"tenderness_grade", "post_treatment_grade"}:
            clean[name] = _check_grade(name, value, 4)
        elif name == "ppt_value":
            if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)
                                      or not 0 < float(value) <= 2000):
                raise ValidationError({name: "Pressure pain threshold must be a positive number."})
            clean[name] = None if value is None else float(value)
        elif name == "ppt_unit":
            clean[name] = None if value is None else PressureUnit(value)
        elif name == "referral_regions":
            regions = list(dict.fromkeys(str(r) for r in value))
            for region_id in regions:
                _check_region(region_id)
            clean[name] = regions
        elif name == "techniques":
            clean[name] = list(dict.fromkeys(str(t) for t in value))
        elif name == "muscle_id":
            clean[name] = value or None
        elif name == "note":
            clean[name] = clean_text("note", value)
        else:
            clean[name] = bool(value)
    return clean


def _locate(x: float, y: float) -> tuple[str, Any, Any]:
    region = locate_on_figure(x, y)
    return region.id, region.view, region.side


# ----------------------------------------------------------------------------- trigger points

def place_trigger_point(
    db: Database, session_uid: uuid.UUID, x: float, y: float, muscle_id: str | None = None,
    **values: Any,
) -> tuple[TriggerPointRecord, ChangeSet]:
    """Mark a trigger point exactly where it was palpated; the region comes from the geometry."""
    who = authorize(db, Permission.CHART)
    region_id, view, side = _locate(x, y)
    _check_muscle(muscle_id)
    clean = _clean_trigger_point_fields(values)
    with db.transaction() as orm:
        row = _editable_session(orm, session_uid)
        mark = TriggerPoint(session_id=row.id, view=view, x=float(x), y=float(y),
                            region_id=region_id, side=side, muscle_id=muscle_id, **clean)
        orm.add(mark)
        orm.flush()
        record_event(orm, who, "create", "trigger_point", mark.uid, row.patient.uid,
                     session=str(row.uid), region=region_id, muscle=muscle_id)
        record = trigger_point_record(mark)
    return record, replace(_changes(row, record.uid), added_marks=(record,))


def _load_mark(orm: Session, model: type[_M], mark_uid: uuid.UUID) -> _M:
    mark = orm.scalar(select(model).where(model.uid == mark_uid))
    if mark is None:
        raise NotFoundError(f"No such mark {mark_uid} (it may have been deleted).")
    return mark


def _session_of(orm: Session, session_id: int) -> TreatmentSession:
    return draft_session_by_id(orm, session_id)


def _trigger_point_to_edit(orm: Session,
                           mark_uid: uuid.UUID) -> tuple[TriggerPoint, TreatmentSession]:
    """The trigger point, locked for this transaction, and its draft session (signed: refused).

    An edit confirms a mark copied forward from the last visit: it is now this visit's finding.
    """
    mark = _load_mark(orm, TriggerPoint, mark_uid)
    lock_for_edit(orm, mark)
    row = _session_of(orm, mark.session_id)
    confirm_copied_marks(orm, row.id, [mark.uid])
    return mark, row


def update_trigger_point(
    db: Database, mark_uid: uuid.UUID, values: Mapping[str, Any]
) -> tuple[TriggerPointRecord, ChangeSet]:
    """Change recorded findings of a trigger point (muscle, status, criteria, grades ...).

    The fields given replace what is stored (another laptop's commit in between is not
    overwritten wholesale: the change runs again on the newer row).
    """
    who = authorize(db, Permission.CHART)
    clean = _clean_trigger_point_fields(values)
    if "muscle_id" in clean:
        _check_muscle(clean["muscle_id"])

    def write() -> tuple[TriggerPointRecord, TreatmentSession]:
        with db.transaction() as orm:
            mark, row = _trigger_point_to_edit(orm, mark_uid)
            changed = apply_field_changes(mark, clean)
            if changed:
                record_event(orm, who, "change", "trigger_point", mark.uid, row.patient.uid,
                             session=str(row.uid), fields=changed)
            return trigger_point_record(mark), row

    record, row = retry_races(write, "Changing a trigger point", blind=True)
    return record, _changes(row, record.uid)


def move_trigger_point(
    db: Database, mark_uid: uuid.UUID, x: float, y: float
) -> tuple[TriggerPointRecord, ChangeSet]:
    """Move a marker; region, view and side follow the new position."""
    who = authorize(db, Permission.CHART)
    region_id, view, side = _locate(x, y)

    def write() -> tuple[TriggerPointRecord, TreatmentSession]:
        with db.transaction() as orm:
            mark, row = _trigger_point_to_edit(orm, mark_uid)
            mark.x, mark.y = float(x), float(y)
            mark.region_id, mark.view, mark.side = region_id, view, side
            record_event(orm, who, "move", "trigger_point", mark.uid, row.patient.uid,
                         session=str(row.uid), region=region_id)
            return trigger_point_record(mark), row

    record, row = retry_races(write, "Moving a trigger point", blind=True)
    return record, _changes(row, record.uid)


# ----------------------------------------------------------------------------- pain zones

def _clean_qualities(qualities: Iterable[PainQuality | str]) -> list[str]:
    try:
        return [PainQuality(q).value for q in dict.fromkeys(qualities)]
    except ValueError as error:
        raise ValidationError({"qualities": f"Unknown pain quality: {error}"}) from None


def paint_pain_zones(
    db: Database, session_uid: uuid.UUID, region_ids: Iterable[str], nrs: int,
    qualities: Iterable[PainQuality | str], source: PainSource = PainSource.PATIENT_REPORT,
) -> tuple[list[PainZoneRecord], ChangeSet]:
    """Paint one or more regions with an intensity and qualities (replacing what was there)."""
    who = authorize(db, Permission.CHART)
    checked_nrs = _check_grade("nrs", nrs, 10)
    assert checked_nrs is not None
    quality_values = _clean_qualities(qualities)
    regions = list(dict.fromkeys(region_ids))
    for region_id in regions:
        _check_region(region_id)
    def write() -> tuple[list[PainZoneRecord], TreatmentSession]:
        with db.transaction() as orm:
            row = _editable_session(orm, session_uid)
            _one_stroke_at_a_time(orm, row)
            existing = {z.region_id: z for z in orm.scalars(
                select(PainZone).where(PainZone.session_id == row.id,
                                       PainZone.region_id.in_(regions)))}
            records = []
            for region_id in regions:
                zone = existing.get(region_id)
                if zone is None:
                    zone = PainZone(session_id=row.id, region_id=region_id)
                    orm.add(zone)
                zone.nrs, zone.qualities = checked_nrs, quality_values
                zone.source = PainSource(source)
                orm.flush()
                records.append(pain_zone_record(zone))
            _record_stroke_event(orm, who, "paint", "pain_zone", row, records,
                                 nrs=checked_nrs, qualities=quality_values)
            confirm_copied_marks(orm, row.id, [r.uid for r in records])
        return records, row

    records, row = retry_races(write, "Painting pain zones", blind=True)
    return records, _changes(row, *(r.uid for r in records))


# ----------------------------------------------------------------------------- tension

def rate_tension(
    db: Database, session_uid: uuid.UUID, region_id: str, grade: int,
    texture_tags: Iterable[TextureTag | str], muscle_id: str | None = None,
) -> tuple[TensionRecord, ChangeSet]:
    """Record a 0–3 tension grade for a region (or a muscle within it), replacing an older one."""
    authorize(db, Permission.CHART)
    records, changes = rate_tension_regions(db, session_uid, [region_id], grade, texture_tags,
                                            muscle_id)
    return records[0], changes


def rate_tension_regions(
    db: Database, session_uid: uuid.UUID, region_ids: Iterable[str], grade: int,
    texture_tags: Iterable[TextureTag | str], muscle_id: str | None = None,
) -> tuple[list[TensionRecord], ChangeSet]:
    """Rate every region of one stroke alike: one transaction and one audit event."""
    who = authorize(db, Permission.CHART)
    checked = _check_grade("grade", grade, 3)
    assert checked is not None
    regions = list(dict.fromkeys(region_ids))
    for region_id in regions:
        _check_region(region_id)
    _check_muscle(muscle_id)
    try:
        tags = [TextureTag(t).value for t in dict.fromkeys(texture_tags)]
    except ValueError as error:
        raise ValidationError({"texture_tags": f"Unknown texture: {error}"}) from None
    def write() -> tuple[list[TensionRecord], TreatmentSession]:
        with db.transaction() as orm:
            row = _editable_session(orm, session_uid)
            _one_stroke_at_a_time(orm, row)
            records = []
            for region_id in regions:
                rating = orm.scalar(select(TensionRating).where(
                    TensionRating.session_id == row.id, TensionRating.region_id == region_id,
                    TensionRating.muscle_id.is_(None) if muscle_id is None
                    else TensionRating.muscle_id == muscle_id))
                if rating is None:
                    rating = TensionRating(session_id=row.id, region_id=region_id,
                                           muscle_id=muscle_id,
                                           side=load_atlas().regions[region_id].side)
                    orm.add(rating)
                rating.grade, rating.texture_tags = checked, tags
                orm.flush()
                records.append(tension_record(rating))
            _record_stroke_event(orm, who, "rate", "tension_rating", row, records,
                                 grade=checked)
            confirm_copied_marks(orm, row.id, [r.uid for r in records])
        return records, row

    records, row = retry_races(write, "Rating tension", blind=True)
    return records, _changes(row, *(r.uid for r in records))


# Any constant of this app: with the session's id, the key of the advisory lock that lets one
# stroke at a time replace the zones or ratings of a session on a server.
STROKE_LOCK_CLASS = 0x4E4D54


def _one_stroke_at_a_time(orm: Session, row: TreatmentSession) -> None:
    """Two strokes on one region of one session never both insert (on a clinic server).

    A pain zone is unique per region, so the later of two inserting strokes would fail; a
    tension rating is not, so both would be kept, twice. On PostgreSQL a transaction-level
    advisory lock per session makes the second stroke wait (milliseconds) and then update
    what the first made. SQLite: the driver runs reads outside the transaction until its first
    write, so a write that changes nothing takes the file's write lock first (waiting for the
    other writer), and the read that follows sees the other stroke's rows.
    """
    dialect = orm.get_bind().dialect.name
    if dialect == "postgresql":
        orm.execute(text("SELECT pg_advisory_xact_lock(:lock_class, :session_id)"),
                    {"lock_class": STROKE_LOCK_CLASS, "session_id": row.id})
    elif dialect == "sqlite":
        orm.execute(text("UPDATE pain_zone SET id = id WHERE id IS NULL"))


# One stroke or one undo step is one audit event. It names its mark when there is one (the
# shape every single-mark change has); a batch lists its marks under `marks`, and
# `_check_restorable` reads both.
BATCH_ENTITY = "chart_marks"


def _record_stroke_event(
    orm: Session, who: SignedInPerson, action: str, entity_type: str, row: TreatmentSession,
    records: Sequence[MarkRecord], **detail: Any,
) -> None:
    if len(records) == 1:
        record_event(orm, who, action, entity_type, records[0].uid, row.patient.uid,
                     session=str(row.uid), region=records[0].region_id, **detail)
    else:
        record_event(orm, who, action, BATCH_ENTITY, None, row.patient.uid,
                     session=str(row.uid), kind=entity_type,
                     marks=[str(r.uid) for r in records],
                     regions=[r.region_id for r in records], **detail)


# ----------------------------------------------------------------------------- delete / restore

def delete_mark(db: Database, mark_uid: uuid.UUID) -> tuple[MarkRecord, ChangeSet]:
    """Remove any mark; returns what it was, so that undo can restore it exactly."""
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        mark = _find_mark(orm, mark_uid)
        if mark is not None:
            row = _session_of(orm, mark.session_id)
            confirm_copied_marks(orm, row.id, [mark.uid])
            record = _record_of(mark)
            orm.delete(mark)
            record_event(orm, who, "delete", mark.__tablename__, mark_uid,
                         row.patient.uid, session=str(row.uid), region=mark.region_id)
            return record, _changes(row, mark_uid)
    raise NotFoundError(f"No such mark {mark_uid} (it may have been deleted already).")


def _find_mark(
    orm: Session, mark_uid: uuid.UUID
) -> TriggerPoint | PainZone | TensionRating | None:
    return (orm.scalar(select(TriggerPoint).where(TriggerPoint.uid == mark_uid))
            or orm.scalar(select(PainZone).where(PainZone.uid == mark_uid))
            or orm.scalar(select(TensionRating).where(TensionRating.uid == mark_uid)))


def _record_of(mark: TriggerPoint | PainZone | TensionRating) -> MarkRecord:
    if isinstance(mark, TriggerPoint):
        return trigger_point_record(mark)
    if isinstance(mark, PainZone):
        return pain_zone_record(mark)
    return tension_record(mark)


def restore_mark(
    db: Database, session_uid: uuid.UUID, record: MarkRecord
) -> tuple[MarkRecord, ChangeSet]:
    """Put a mark back exactly as it was recorded (same uid); replaces its current state."""
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        row = _editable_session(orm, session_uid)
        restored = _put_back(orm, row, record)
        record_event(orm, who, "restore", _model_of(record).__tablename__, record.uid,
                     row.patient.uid, session=str(row.uid), region=record.region_id)
    return restored, _changes(row, restored.uid)


def restore_marks(
    db: Database, session_uid: uuid.UUID, put_back: Sequence[MarkRecord],
    remove: Sequence[uuid.UUID],
) -> tuple[list[MarkRecord], ChangeSet]:
    """Undo or redo one stroke: remove the marks it made, put the others back as recorded.

    One transaction and one audit event for the whole stroke, however many regions it touched.
    """
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        row = _editable_session(orm, session_uid)
        removed = []
        for mark_uid in remove:
            mark = _find_mark(orm, mark_uid)
            if mark is None:
                raise NotFoundError(f"No such mark {mark_uid} (it may have been deleted already).")
            if mark.session_id != row.id:
                raise MarkNotInSessionError(
                    "This mark belongs to another session; it was not removed here.")
            removed.append(_record_of(mark))
            orm.delete(mark)
        orm.flush()
        confirm_copied_marks(orm, row.id, list(remove))
        restored = [_put_back(orm, row, record) for record in put_back]
        touched = removed + restored
        if len(touched) == 1:
            record_event(orm, who, "delete" if removed else "restore",
                         _model_of(touched[0]).__tablename__,
                         touched[0].uid, row.patient.uid, session=str(row.uid),
                         region=touched[0].region_id)
        else:
            record_event(orm, who, "restore", BATCH_ENTITY, None, row.patient.uid,
                         session=str(row.uid), marks=[str(r.uid) for r in restored],
                         removed=[str(r.uid) for r in removed],
                         regions=[r.region_id for r in touched])
    return restored, _changes(row, *(r.uid for r in touched))


def _put_back(orm: Session, row: TreatmentSession, record: MarkRecord) -> MarkRecord:
    model = _model_of(record)
    mark = _find_mark(orm, record.uid)
    _check_restorable(orm, row, record, mark)
    if mark is None and isinstance(record, PainZoneRecord):
        # A zone painted again after the delete holds the region; replace it.
        mark = orm.scalar(select(PainZone).where(
            PainZone.session_id == row.id, PainZone.region_id == record.region_id))
    if mark is None:
        mark = model(session_id=row.id, uid=record.uid)
        orm.add(mark)
    mark.uid = record.uid
    for name, value in _column_values(record).items():
        setattr(mark, name, value)
    orm.flush()
    return _record_of(mark)


class MarkNotInSessionError(ConflictError):
    """An undo/redo record names a mark of another session; nothing was changed."""


def _check_restorable(
    orm: Session, row: TreatmentSession, record: MarkRecord,
    mark: TriggerPoint | PainZone | TensionRating | None,
) -> None:
    """A mark is put back only into the draft session it belonged to.

    A mark still stored must be this session's; a deleted one is known by its last audit
    event (every place, change, delete and stroke names its session), which must name this
    session.
    Without this, a record of a signed session's mark would rewrite the signed chart.
    """
    if mark is not None:
        belongs = mark.session_id == row.id
    else:
        named = or_(AuditEvent.entity_uid == record.uid,
                    (AuditEvent.entity_type == BATCH_ENTITY)
                    & cast(AuditEvent.detail, Text).contains(str(record.uid)))
        last = orm.scalar(select(AuditEvent).where(named)
                              .order_by(AuditEvent.id.desc()).limit(1))
        belongs = last is None or last.detail.get("session") == str(row.uid)
    if not belongs:
        raise MarkNotInSessionError(
            "This mark belongs to another session; it was not put back here.")
    if mark is not None and (type(mark) is not _model_of(record)):
        raise MarkNotInSessionError("This record is not the kind of mark stored under its uid.")


def _model_of(record: MarkRecord) -> type[TriggerPoint] | type[PainZone] | type[TensionRating]:
    return (TriggerPoint if isinstance(record, TriggerPointRecord)
            else PainZone if isinstance(record, PainZoneRecord) else TensionRating)


def _column_values(record: MarkRecord) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "uid"}
    for name, value in values.items():
        if isinstance(value, tuple):
            values[name] = [v.value if hasattr(v, "value") else v for v in value]
    return values
