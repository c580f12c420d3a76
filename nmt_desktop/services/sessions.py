"""Use cases for treatment sessions: start one, list a patient's, open one."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Amendment, TreatmentSession
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.screening_today import TodayCheck
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services._uow.access import acting_therapist_uid, authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_patient, load_session, load_therapist
from nmt_desktop.services._uow.stored_uids import uid_from_stored_hex
from nmt_desktop.services._uow.validation import session_start_problem
from nmt_desktop.services.records import ChangeSet, SessionRecord
from nmt_desktop.services.screening import ensure_can_start, local_day, store_today_check

MAX_DURATION_MINUTES = 480


def to_record(row: TreatmentSession, mark_count: int = 0, amendment_count: int = 0
              ) -> SessionRecord:
    return SessionRecord(
        uid=row.uid,
        patient_uid=row.patient.uid,
        therapist_uid=row.therapist.uid,
        therapist_name=row.therapist.full_name,
        started_at=row.started_at,
        duration_minutes=row.duration_minutes,
        status=row.status,
        atlas_version=row.atlas_version,
        mark_count=mark_count,
        signed_at=row.signed_at,
        signed_by_name=row.signer_name or (row.signed_by.full_name if row.signed_by else ""),
        copied_from_uid=row.copied_from.uid if row.copied_from is not None else None,
        amendment_count=amendment_count,
    )




def start_session(
    db: Database,
    patient_uid: uuid.UUID,
    started_at: dt.datetime | None = None,
    duration_minutes: int = 60,
    today_check: TodayCheck | None = None,
) -> tuple[SessionRecord, ChangeSet]:
    """Open a new draft session, charted against the current atlas.

    `today_check` is what the start screen asked (spec §4.3); it is kept with the session and
    evaluated with the intake. Callers without a start screen (the demo, tests) may omit it:
    the session's notes and reports then say that no check was recorded.

    Raises:
        ValidationError: The check is malformed, or there is no intake and it gives no reason.
        ScreeningBlockedError: The current intake or today's answers block treatment (spec
            §4.2 gate: see `domain.screening_rules.evaluate_screening`).
    """
    who = authorize(db, Permission.CHART)
    therapist_uid = acting_therapist_uid(who)
    check_duration(duration_minutes)
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        started_at = started_at or dt.datetime.now(dt.UTC)
        problem = session_start_problem(started_at, patient.date_of_birth)
        if problem:
            raise ValidationError({"started_at": f"The session cannot be opened: {problem}."})
        # The clearances must hold on the day of the visit (same-day items: that day only).
        ensure_can_start(orm, patient.id, today_check, local_day(started_at))
        therapist = load_therapist(orm, therapist_uid)
        row = TreatmentSession(
            patient=patient,
            therapist=therapist,
            started_at=started_at,
            duration_minutes=duration_minutes,
            atlas_version=load_atlas().version,
        )
        orm.add(row)
        orm.flush()
        if today_check is not None:
            store_today_check(orm, row.id, today_check, dt.datetime.now(dt.UTC))
        record_event(orm, who, "create", "session", row.uid, patient.uid,
                     **_check_details(today_check))
        record = to_record(row)
    return record, ChangeSet(sessions=True, patient_uid=patient_uid, session_uid=record.uid)


def _check_details(check: TodayCheck | None) -> dict[str, object]:
    """What the audit event says of today's check (ids only, no free text)."""
    if check is None:
        return {}
    return {"today_check_asked": len(check.asked_item_ids),
            "today_check_present": list(check.present_item_ids),
            "screening_not_done": bool(check.not_done_reason)}


def check_duration(duration_minutes: int) -> int:
    if (isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int)
            or not 1 <= duration_minutes <= MAX_DURATION_MINUTES):
        raise ValidationError(
            {"duration_minutes": f"Duration must be 1–{MAX_DURATION_MINUTES} minutes."}
        )
    return duration_minutes


def _amendment_counts(orm: Session, session_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = dict.fromkeys(session_ids, 0)
    if session_ids:
        query = (select(Amendment.session_id, func.count())
                 .where(Amendment.session_id.in_(session_ids)).group_by(Amendment.session_id))
        for session_id, count in orm.execute(query):
            counts[session_id] = count
    return counts


# Opening a patient lists every session with its counts; a long chart has hundreds. As ORM
# objects with lazily loaded therapists that cost 30 ms on a 520-session chart, so the list is
# one plain statement on the driver (amendments counted on their index, marks kept counted),
# giving the same records as `to_record` (tests/services/test_session_listing.py checks it on
# SQLite and PostgreSQL). Opening one chart reads its session the same way, without counts.
def _sessions_sql(where: str, *, counts: bool) -> str:
    # The database keeps each session's mark count (revision 0008): no mark row is read.
    marks = "s.mark_count" if counts else "0"
    amendments = "(SELECT count(*) FROM amendment a WHERE a.session_id = s.id)" if counts else "0"
    return f"""
SELECT s.uid, p.uid, t.uid, t.full_name, s.started_at, s.duration_minutes, s.status,
       s.atlas_version, {marks}, s.signed_at, COALESCE(s.signer_name, signer.full_name),
       origin.uid, {amendments}, s.id
FROM treatment_session s
JOIN patient p ON p.id = s.patient_id
JOIN therapist t ON t.id = s.therapist_id
LEFT JOIN therapist signer ON signer.id = s.signed_by_id
LEFT JOIN treatment_session origin ON origin.id = s.copied_from_id
WHERE {where}
ORDER BY s.started_at DESC, s.id DESC
"""


_LISTING_SQL = _sessions_sql("p.uid = :uid", counts=True)
_CHART_SESSION_SQL = _sessions_sql("s.uid = :uid", counts=False)
_STATUSES = {status.value: status for status in SessionStatus}


def _utc_from_text(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value + "+00:00")  # a fifth of the cost of .replace()


def _utc_from_naive(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _same(value: Any) -> Any:
    return value


def _fetch_records(db: Database, cursor: Any, sql: str, uid: uuid.UUID
                   ) -> tuple[list[SessionRecord], list[int]]:
    """Run a `_sessions_sql` statement; its records and their row ids, in order."""
    # SQLite stores uids as 32 hex digits and times as naive-UTC text; PostgreSQL's driver
    # hands back UUIDs and naive datetimes (UtcDateTime). The readers are picked once.
    on_sqlite = db.dialect == "sqlite"
    cursor.execute(db.driver_sql(sql), {"uid": uid.hex if on_sqlite else uid})
    rows = cursor.fetchall()
    read_uid = uid_from_stored_hex if on_sqlite else _same
    read_utc = _utc_from_text if on_sqlite else _utc_from_naive
    people: dict[Any, uuid.UUID] = {}  # the patient and a handful of therapists, over and over
    records: list[SessionRecord] = []
    append = records.append
    for (session_uid, patient_uid, therapist_uid, therapist_name, started_at, duration, status,
         atlas_version, marks, signed_at, signer, origin, amendments, _id) in rows:
        patient = people.get(patient_uid)
        if patient is None:
            patient = people[patient_uid] = read_uid(patient_uid)
        therapist = people.get(therapist_uid)
        if therapist is None:
            therapist = people[therapist_uid] = read_uid(therapist_uid)
        # Positional: the field order of SessionRecord (keywords cost a third more per row).
        append(SessionRecord(
            read_uid(session_uid), patient, therapist, therapist_name, read_utc(started_at),
            duration, _STATUSES[status], atlas_version, marks,
            None if signed_at is None else read_utc(signed_at), signer or "",
            None if origin is None else read_uid(origin), amendments))
    return records, [row[-1] for row in rows]


def list_sessions(db: Database, patient_uid: uuid.UUID) -> list[SessionRecord]:
    """A patient's sessions, newest first."""
    authorize(db, Permission.READ_CHARTS)
    with db.driver_cursor() as cursor:
        records, _ids = _fetch_records(db, cursor, _LISTING_SQL, patient_uid)
    if not records:
        with db.reading() as orm:
            load_patient(orm, patient_uid)  # NotFoundError for an unknown patient
    return records


def listed_sessions(db: Database, cursor: Any, patient_uid: uuid.UUID
                    ) -> tuple[list[SessionRecord], list[int]]:
    """`list_sessions` on a driver cursor, with each session's row id (newest first)."""
    authorize(db, Permission.READ_CHARTS)
    return _fetch_records(db, cursor, _LISTING_SQL, patient_uid)


def chart_session(db: Database, cursor: Any, session_uid: uuid.UUID) -> tuple[SessionRecord, int]:
    """The session as `to_record` gives it (no counts), and its row id, on a driver cursor."""
    authorize(db, Permission.READ_CHARTS)
    records, ids = _fetch_records(db, cursor, _CHART_SESSION_SQL, session_uid)
    if not records:
        raise NotFoundError(f"No session with uid {session_uid}.")
    return records[0], ids[0]


def get_session(db: Database, session_uid: uuid.UUID) -> SessionRecord:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        # The count the database keeps (revision 0008), read with the row just loaded.
        return to_record(row, row.mark_count, _amendment_counts(orm, [row.id])[row.id])


def previous_session(db: Database, session_uid: uuid.UUID) -> SessionRecord | None:
    """The patient's session just before this one (the ghost layer of the body map)."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        earlier = orm.scalar(
            select(TreatmentSession)
            .where(TreatmentSession.patient_id == row.patient_id,
                   (TreatmentSession.started_at < row.started_at)
                   | ((TreatmentSession.started_at == row.started_at)
                      & (TreatmentSession.id < row.id)))
            .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
            .limit(1)
        )
        return to_record(earlier) if earlier is not None else None


def unsigned_drafts(db: Database, therapist_uid: uuid.UUID) -> list[tuple[str, SessionRecord]]:
    """The therapist's sessions still in draft, oldest first, with the patient's name.

    Asked when the app is closed, so that no visit is left unsigned by mistake.
    """
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        therapist = load_therapist(orm, therapist_uid)
        rows = orm.scalars(
            select(TreatmentSession)
            .options(joinedload(TreatmentSession.patient), joinedload(TreatmentSession.therapist))
            .where(TreatmentSession.therapist_id == therapist.id,
                   TreatmentSession.status == SessionStatus.DRAFT)
            .order_by(TreatmentSession.started_at, TreatmentSession.id)).all()
        return [(f"{row.patient.given_name} {row.patient.family_name}", to_record(row))
                for row in rows]
