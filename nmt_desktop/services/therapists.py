"""Use cases for therapist profiles: the signature on every session and report."""

from __future__ import annotations

import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Therapist
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services.records import ChangeSet, TherapistRecord
from nmt_desktop.services.therapist_roster import list_therapists as list_therapists  # re-export

_FORBIDDEN = set("<>")


def to_record(therapist: Therapist) -> TherapistRecord:
    return TherapistRecord(
        uid=therapist.uid,
        full_name=therapist.full_name,
        credentials=therapist.credentials,
        licence_number=therapist.licence_number,
    )


def _validate(full_name: str, credentials: str, licence_number: str) -> tuple[str, str, str]:
    problems: dict[str, str] = {}
    values = {
        "full_name": (full_name.strip(), "Name", 200),
        "credentials": (credentials.strip(), "Credentials", 120),
        "licence_number": (licence_number.strip(), "Licence number", 60),
    }
    for field, (value, label, limit) in values.items():
        if len(value) > limit:
            problems[field] = f"{label} is too long (at most {limit} characters)."
        elif _FORBIDDEN & set(value) or any(not c.isprintable() for c in value):
            problems[field] = f"{label} may not contain < > or control characters."
    if not values["full_name"][0]:
        problems["full_name"] = "Name is required."
    if problems:
        raise ValidationError(problems)
    return values["full_name"][0], values["credentials"][0], values["licence_number"][0]


def create_therapist(
    db: Database,
    full_name: str,
    credentials: str,
    licence_number: str,
    uid: uuid.UUID | None = None,
) -> tuple[TherapistRecord, ChangeSet]:
    who = authorize(db, Permission.MANAGE_ACCOUNTS)
    name, creds, licence = _validate(full_name, credentials, licence_number)
    with db.transaction() as orm:
        therapist = Therapist(
            uid=uid or uuid.uuid4(), full_name=name, credentials=creds, licence_number=licence
        )
        orm.add(therapist)
        orm.flush()
        record_event(orm, who, "create", "therapist", therapist.uid, None)
        record = to_record(therapist)
    return record, ChangeSet(therapists=True)
