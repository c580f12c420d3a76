"""Reading the audit trail, and logging the actions that change nothing (exports, prints).

Events of changes are written by `_uow/audit_trail.record_event`, in the transaction of the
change they describe.
"""

from __future__ import annotations

import uuid
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import Permission
from nmt_desktop.services._uow.access import authorize, signed_in
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.records import AuditEventRecord

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database


def log_event(
    db: Database,
    action: str,
    entity_type: str,
    entity_uid: uuid.UUID | None,
    patient_uid: uuid.UUID | None,
    /,
    **detail: Any,
) -> None:
    """Write one event in its own transaction: for exports and prints, which change nothing."""
    who = signed_in(db)
    with db.transaction() as orm:
        record_event(orm, who, action, entity_type, entity_uid, patient_uid, **detail)


def list_audit_events(db: Database, patient_ref: uuid.UUID | str) -> list[AuditEventRecord]:
    """Everything that happened to one patient's chart, oldest first.

    Raises:
        NotFoundError: No patient has that chart number or uid.
    """
    authorize(db, Permission.READ_AUDIT)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        rows = orm.scalars(select(AuditEvent).where(AuditEvent.patient_uid == patient.uid)
                           .order_by(AuditEvent.occurred_at, AuditEvent.id))
        return [AuditEventRecord(r.occurred_at, r.actor, r.action, r.entity_type, r.entity_uid,
                                 r.patient_uid, MappingProxyType(dict(r.detail)))
                for r in rows]
