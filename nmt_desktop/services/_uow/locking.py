"""The one rule every chart change obeys: a signed session never changes.

Every service that writes to a session, or to anything attached to it, loads the session
through `draft_session` (or checks a loaded row with `ensure_draft`) inside its transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from nmt_desktop.db.models import TreatmentSession
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services._uow.loaders import load_session


class SessionLockedError(ConflictError):
    """A signed session is part of the legal record: changes go in dated amendments."""


def ensure_draft(row: TreatmentSession) -> TreatmentSession:
    """Return the session if it is still a draft; raise SessionLockedError if it is signed.

    The patient is loaded with it: every change's audit event and ChangeSet name the patient,
    and results are built after the transaction, when nothing can be loaded any more.
    """
    if row.status is SessionStatus.SIGNED:
        raise SessionLockedError(
            "This session is signed and cannot be changed; add a dated amendment instead."
        )
    _ = row.patient.uid
    return row


def draft_session(orm: Session, session_uid: uuid.UUID) -> TreatmentSession:
    """Load a session for a change (NotFoundError, SessionLockedError)."""
    return ensure_draft(load_session(orm, session_uid, related=(TreatmentSession.patient,)))


def draft_session_by_id(orm: Session, session_id: int) -> TreatmentSession:
    """The draft session a child row belongs to."""
    row = orm.get(TreatmentSession, session_id)
    assert row is not None, "a child row always has its session (foreign key)"
    return ensure_draft(row)
