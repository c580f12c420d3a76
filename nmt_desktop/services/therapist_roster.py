"""The clinic's active therapists: plain SQL on the driver, no SQLAlchemy import.

The window asks for them before its first paint (who is charting goes in the status line), so
this read stays off the ORM, like the patient search (services/patient_search.py).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from nmt_desktop.services._uow.access import signed_in
from nmt_desktop.services.records import TherapistRecord

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database

_ACTIVE_SQL = ("SELECT uid, full_name, credentials, licence_number FROM therapist"
               " WHERE active = :active ORDER BY full_name, id")


def list_therapists(db: Database) -> list[TherapistRecord]:
    """Active therapists by name."""
    signed_in(db)
    with db.driver_cursor() as cursor:
        cursor.execute(db.driver_sql(_ACTIVE_SQL), {"active": True})
        return [TherapistRecord(uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid),
                                full_name, credentials, licence_number)
                for uid, full_name, credentials, licence_number in cursor.fetchall()]
