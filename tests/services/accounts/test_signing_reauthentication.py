"""Signing a session: the signer types their password again, checked in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent, TreatmentSession
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services import patients, sessions, signing
from nmt_desktop.services.program_person import program_person
from nmt_desktop.services.sign_in import SignInRefusedError
from tests.services.accounts.conftest import OWNER_PASSWORD, T0


def draft_session(owner: Database) -> uuid.UUID:
    patient, _ = patients.create_patient(owner, PatientInput("Ann", "Lee", "1980-01-01"))
    session, _ = sessions.start_session(owner, patient.uid)
    return session.uid


def stored(db: Database, session_uid: uuid.UUID) -> TreatmentSession:
    with db.reading() as orm:
        row = orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == session_uid))
        assert row is not None
        return row


def test_signing_needs_the_password_again_and_records_it(owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    uid = draft_session(owner)
    # WITHOUT the password, or with a wrong one: nothing is signed
    with pytest.raises(SignInRefusedError, match="password again"):
        signing.sign_session(owner, uid)
    with pytest.raises(SignInRefusedError, match="do not match"):
        signing.sign_session(owner, uid, "not my password", now=T0)
    assert stored(owner, uid).status is SessionStatus.DRAFT
    with owner.reading() as orm:
        refused = orm.scalar(select(AuditEvent)
                             .where(AuditEvent.action == "reauthenticate_refused"))
        assert refused is not None and refused.detail["failures_in_a_row"] == 1
        assert "not my password" not in str(refused.detail)
    # WITH the right one: signed, and the session says when its signer re-authenticated
    later = T0 + dt.timedelta(minutes=1)
    record, changes = signing.sign_session(owner, uid, OWNER_PASSWORD, now=later)
    assert record.status is SessionStatus.SIGNED and changes.sessions
    assert stored(owner, uid).signer_reauthenticated_at == later


def test_failed_signing_attempts_are_slowed_down_like_sign_ins(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    uid = draft_session(owner)
    for attempt in range(5):
        with pytest.raises(SignInRefusedError):
            signing.sign_session(owner, uid, "wrong password!",
                                 now=T0 + dt.timedelta(seconds=attempt))
    with pytest.raises(SignInRefusedError, match="try again") as waiting:
        signing.sign_session(owner, uid, OWNER_PASSWORD, now=T0 + dt.timedelta(seconds=5))
    assert waiting.value.retry_after_seconds > 0
    assert stored(owner, uid).status is SessionStatus.DRAFT


def test_only_the_program_itself_signs_without_a_password(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    uid = draft_session(owner)
    program = owner.signed_in_as(program_person("demo data", owner.person.therapist_uid))
    record, _ = signing.sign_session(program, uid)
    assert record.status is SessionStatus.SIGNED
    assert stored(owner, uid).signer_reauthenticated_at is None
