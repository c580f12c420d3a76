"""Append-only audit trail, written in the same transaction as the change it describes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import SignedInPerson


def record_event(
    orm: Session,
    who: SignedInPerson,
    action: str,
    entity_type: str,
    entity_uid: uuid.UUID | None,
    patient_uid: uuid.UUID | None,
    /,
    **detail: Any,
) -> None:
    """Add one audit event to the open unit of work."""
    orm.add(
        AuditEvent(
            actor=who.display_name,
            actor_account_uid=who.account_uid,
            action=action,
            entity_type=entity_type,
            entity_uid=entity_uid,
            patient_uid=patient_uid,
            detail=detail,
        )
    )
