"""Signing a session, and the dated amendments that correct a signed one.

Signing makes the session part of the legal record: from then on every service refuses to
change it, its marks, notes, findings, prescriptions or questionnaires. Corrections are
amendments: dated, with an author, a reason and the text, shown beside the original.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Amendment, Goal, GoalProgress, Therapist, TreatmentSession
from nmt_desktop.domain.access import AuthMethod, Permission, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services._uow.access import acting_therapist_uid, authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_session, load_therapist
from nmt_desktop.services._uow.locking import ensure_draft
from nmt_desktop.services._uow.validation import (
    amendment_time_problem,
    clean_datetime,
    required_text,
)
from nmt_desktop.services.records import ChangeSet, SessionRecord
from nmt_desktop.services.sessions import to_record as session_record
from nmt_desktop.services.sign_in import reauthentication_refusal

MAX_AMENDMENT_LENGTH = 20_000


class NotSessionTherapistError(ConflictError):
    """Only the therapist who gave the session may sign it."""


class AmendmentNotAllowedError(ConflictError):
    """A draft is corrected by editing it; amendments are for signed sessions."""


@dataclass(frozen=True)
class AmendmentRecord:
    uid: uuid.UUID
    session_uid: uuid.UUID
    author_uid: uuid.UUID
    author_name: str
    reason: str
    text: str
    written_at: dt.datetime


def _record(row: Amendment, session_uid: uuid.UUID, author: Therapist) -> AmendmentRecord:
    return AmendmentRecord(row.uid, session_uid, author.uid, row.author_name or author.full_name,
                           row.reason, row.text, row.written_at)


def sign_session(
    db: Database, session_uid: uuid.UUID, password: str | None = None,
    signed_at: dt.datetime | None = None, *, now: dt.datetime | None = None,
) -> tuple[SessionRecord, ChangeSet]:
    """Lock the session under its therapist's signature (now, unless a back-dated demo says).

    The signer types their password again (`password`), checked in this same transaction; the
    session records when (`signer_reauthenticated_at`). Only the program itself (the demo
    builder, tests: AuthMethod.SYSTEM) signs without. A wrong password signs nothing, is
    counted and audited like a failed sign-in, and raises SignInRefusedError.
    """
    who = authorize(db, Permission.SIGN)
    therapist_uid = acting_therapist_uid(who)
    now = now or dt.datetime.now(dt.UTC)
    with db.transaction() as orm:
        refusal = reauthentication_refusal(db, orm, who, password, now)
        if refusal is None:
            record = _sign(orm, who, session_uid, therapist_uid, signed_at, now)
    if refusal is not None:
        raise refusal  # after the commit: the failed attempt stays counted
    return record, ChangeSet(sessions=True, notes=True, patient_uid=record.patient_uid,
                             session_uid=record.uid)


def _sign(orm: Session, who: SignedInPerson, session_uid: uuid.UUID, therapist_uid: uuid.UUID,
          signed_at: dt.datetime | None, now: dt.datetime) -> SessionRecord:
    """Sign inside the open transaction, the signer's password having just been checked."""
    row = ensure_draft(load_session(orm, session_uid))
    signer = load_therapist(orm, therapist_uid)
    if signer.id != row.therapist_id:
        raise NotSessionTherapistError(
            f"Only {row.therapist.full_name}, who gave this session, can sign it.")
    freeze_goal_texts(orm, row.id)
    orm.flush()  # before the session is signed: from then on its parts are read-only
    row.status = SessionStatus.SIGNED
    row.signed_at = signed_at or dt.datetime.now(dt.UTC)
    row.signed_by = signer
    freeze_signer(row, signer)
    if who.authenticated_by is not AuthMethod.SYSTEM:
        row.signer_reauthenticated_at = now
    orm.flush()
    record_event(orm, who, "sign", "session", row.uid, row.patient.uid,
                 therapist=signer.full_name, signed_at=row.signed_at.isoformat(),
                 reauthenticated=who.authenticated_by is not AuthMethod.SYSTEM)
    return session_record(row)


def freeze_signer(row: TreatmentSession, signer: Therapist) -> None:
    """Copy who signed into the session: reports print this copy, never the current roster."""
    row.signer_name = signer.full_name
    row.signer_credentials = signer.credentials
    row.signer_licence_number = signer.licence_number


def freeze_goal_texts(orm: Session, session_id: int) -> None:
    """Copy the words of each goal the session records progress on, as they read now."""
    for progress, goal in orm.execute(select(GoalProgress, Goal)
                                      .join(Goal, GoalProgress.goal_id == Goal.id)
                                      .where(GoalProgress.session_id == session_id)):
        progress.goal_text = goal.text


def add_amendment(
    db: Database, session_uid: uuid.UUID, reason: str, text: str,
    written_at: dt.datetime | None = None,
) -> tuple[AmendmentRecord, ChangeSet]:
    """Attach a dated correction to a signed session."""
    who = authorize(db, Permission.CHART)
    therapist_uid = acting_therapist_uid(who)
    clean_reason = required_text("reason", reason, 2000)
    clean_body = required_text("text", text, MAX_AMENDMENT_LENGTH)
    when = clean_datetime("written_at", written_at) if written_at else dt.datetime.now(dt.UTC)
    with db.transaction() as orm:
        row = load_session(orm, session_uid)
        if row.status is not SessionStatus.SIGNED:
            raise AmendmentNotAllowedError(
                "This session is not signed yet: correct the draft directly.")
        problem = amendment_time_problem(when, row.signed_at)
        if problem:
            raise ValidationError({"written_at": f"The amendment cannot be saved: {problem}."})
        author = load_therapist(orm, therapist_uid)
        amendment = Amendment(session_id=row.id, therapist_id=author.id, reason=clean_reason,
                              text=clean_body, written_at=when, author_name=author.full_name,
                              author_credentials=author.credentials)
        orm.add(amendment)
        orm.flush()
        record_event(orm, who, "amend", "amendment", amendment.uid, row.patient.uid,
                     session=str(row.uid), author=author.full_name, reason=clean_reason)
        record = _record(amendment, row.uid, author)
    return record, ChangeSet(sessions=True, notes=True, patient_uid=row.patient.uid,
                             session_uid=row.uid)


def list_amendments(db: Database, session_uid: uuid.UUID) -> list[AmendmentRecord]:
    """The amendments of a session, oldest first."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        found = orm.execute(select(Amendment, Therapist)
                            .join(Therapist, Amendment.therapist_id == Therapist.id)
                            .where(Amendment.session_id == row.id)
                            .order_by(Amendment.written_at, Amendment.id))
        return [_record(amendment, row.uid, author) for amendment, author in found]
