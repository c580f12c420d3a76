"""`audit --user NAME`: what one person did, and what was done to their account."""

from __future__ import annotations

from types import MappingProxyType

from sqlalchemy import and_, or_, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.account_rows import account_named, to_record
from nmt_desktop.services.account_records import AccountRecord
from nmt_desktop.services.records import AuditEventRecord


def list_user_events(db: Database,
                     user_name: str) -> tuple[AccountRecord, list[AuditEventRecord]]:
    """The account and its events, oldest first.

    What they did (as the signed-in person) and what happened to their account (sign-ins
    refused, password resets, role changes).

    Raises:
        NotFoundError: No account has that user name.
    """
    authorize(db, Permission.READ_AUDIT)
    with db.reading() as orm:
        account = account_named(orm, user_name)
        if account is None:
            raise NotFoundError(f"No account with the user name {user_name.strip()}.")
        rows = orm.scalars(
            select(AuditEvent).where(or_(
                AuditEvent.actor_account_uid == account.uid,
                and_(AuditEvent.entity_type == "account", AuditEvent.entity_uid == account.uid)))
            .order_by(AuditEvent.occurred_at, AuditEvent.id))
        events = [AuditEventRecord(r.occurred_at, r.actor, r.action, r.entity_type,
                                   r.entity_uid, r.patient_uid, MappingProxyType(dict(r.detail)))
                  for r in rows]
        return to_record(account), events
