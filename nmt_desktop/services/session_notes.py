"""SOAP notes of a session, written field by field as the therapist types.

`update_session_notes` is built for autosave: the form sends only the fields that changed
after a short pause, and each call is one small transaction with one audit event naming the
fields. Posture findings, ROM and goal progress live in `session_findings`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import SessionNote, TreatmentSession
from nmt_desktop.db.types import utc_now
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.copy_flags import confirm_copied_fields, session_notes_changed
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.loaders import load_session
from nmt_desktop.services._uow.locking import draft_session
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.row_versions import (
    check_version,
    lock_for_edit,
    stale_writes_refused,
)
from nmt_desktop.services._uow.validation import clean_date, clean_scale, clean_text
from nmt_desktop.services.clinic import disabled_techniques
from nmt_desktop.services.records import ChangeSet
from nmt_desktop.services.sessions import check_duration

TEXT_FIELDS = ("chief_complaint", "aggravating_factors", "easing_factors", "sleep",
               "psfs_activities", "observations", "assessment", "response_to_treatment", "plan",
               "frequency", "recommendation", "questions_for_physician", "aftercare_advice")
NRS_FIELDS = ("nrs_now", "nrs_best", "nrs_worst", "nrs_after")
DATE_FIELDS = ("next_visit", "reassessment_date")
NOTE_FIELDS: frozenset[str] = frozenset(TEXT_FIELDS + NRS_FIELDS + DATE_FIELDS
                                        + ("techniques",))
SESSION_FIELDS = frozenset({"duration_minutes"})
NRS_MAX = 10


@dataclass(frozen=True)
class SessionNotesRecord:
    """The SOAP record of one session (empty defaults before anything was written)."""

    session_uid: uuid.UUID
    duration_minutes: int
    read_only: bool
    chief_complaint: str = ""
    nrs_now: int | None = None
    nrs_best: int | None = None
    nrs_worst: int | None = None
    aggravating_factors: str = ""
    easing_factors: str = ""
    sleep: str = ""
    psfs_activities: str = ""
    observations: str = ""
    assessment: str = ""
    response_to_treatment: str = ""
    techniques: tuple[str, ...] = ()
    plan: str = ""
    frequency: str = ""
    next_visit: dt.date | None = None
    reassessment_date: dt.date | None = None
    recommendation: str = ""
    questions_for_physician: str = ""
    nrs_after: int | None = None
    aftercare_advice: str = ""
    copied_fields: frozenset[str] = frozenset()
    copied_mark_uids: frozenset[uuid.UUID] = frozenset()
    copied_from_uid: uuid.UUID | None = None
    #: The notes' row version (0: nothing written yet); an edit sends it back as
    #: `expected_version`, so a save made over someone else's newer notes is refused.
    version: int = 0


def notes_record(row: TreatmentSession, note: SessionNote | None) -> SessionNotesRecord:
    base: dict[str, Any] = {
        "session_uid": row.uid,
        "duration_minutes": row.duration_minutes,
        "read_only": row.status is SessionStatus.SIGNED,
        "copied_from_uid": row.copied_from.uid if row.copied_from is not None else None,
    }
    if note is None or note.row_version is None:
        return SessionNotesRecord(**base)
    values = {name: getattr(note, name) for name in NOTE_FIELDS}
    values["techniques"] = tuple(note.techniques)
    return SessionNotesRecord(
        **base, **values, copied_fields=frozenset(note.copied_fields),
        copied_mark_uids=frozenset(uuid.UUID(u) for u in note.copied_mark_uids),
        version=note.row_version)


def note_row(orm: Session, session_id: int) -> SessionNote | None:
    """The notes row of a session, or None before anything was written."""
    return orm.scalar(select(SessionNote).where(SessionNote.session_id == session_id))


def new_note(session_id: int) -> SessionNote:
    """An empty note row with every column at its default (Python defaults come at flush)."""
    return SessionNote(session_id=session_id, **dict.fromkeys(TEXT_FIELDS, ""),
                       **dict.fromkeys(NRS_FIELDS + DATE_FIELDS), techniques=[],
                       copied_fields=[], copied_mark_uids=[])


def get_session_notes(db: Database, session_uid: uuid.UUID) -> SessionNotesRecord:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        return notes_record(row, note_row(orm, row.id))


def clean_techniques(value: Any, already: list[str], disabled: frozenset[str]) -> list[str]:
    """Known §5.3 ids; one the clinic switched off may stay if it was recorded before."""
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise ValidationError({"techniques": "Give a list of technique ids."})
    ids = list(dict.fromkeys(str(t) for t in value))
    for technique_id in ids:
        if technique_id not in TECHNIQUES_BY_ID:
            raise ValidationError({"techniques": f"Unknown technique {technique_id!r}."})
        if technique_id in disabled and technique_id not in already:
            label = TECHNIQUES_BY_ID[technique_id].label
            raise ValidationError({"techniques": f"{label} is switched off in this clinic's "
                                                 "scope of practice."})
    return ids


def _clean_fields(field_changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(field_changes) - NOTE_FIELDS - SESSION_FIELDS
    if unknown:
        raise ValidationError({"fields": f"Unknown session field {sorted(unknown)[0]!r}."})
    clean: dict[str, Any] = {}
    for name, value in field_changes.items():
        if name in TEXT_FIELDS:
            clean[name] = clean_text(name, value)
        elif name in NRS_FIELDS:
            clean[name] = clean_scale(name, value, NRS_MAX)
        elif name in DATE_FIELDS:
            clean[name] = clean_date(name, value)
        elif name == "duration_minutes":
            clean[name] = check_duration(value)
        else:
            clean[name] = value  # techniques: checked against the stored list in the transaction
    return clean


def update_session_notes(
    db: Database, session_uid: uuid.UUID, field_changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> tuple[SessionNotesRecord, ChangeSet]:
    """Write the given fields of a draft session's notes; unchanged values write nothing.

    Every field given counts as confirmed by the therapist, so it loses its copy-forward flag
    even if its value did not change. `expected_version`: the notes' version the editor
    started from (`SessionNotesRecord.version`); StaleEditError if someone saved since.
    Two writers making the first notes row at once: the loser runs again and finds it.
    """
    who = authorize(db, Permission.CHART)
    clean = _clean_fields(field_changes)

    def write() -> tuple[SessionNotesRecord, ChangeSet]:
        with db.transaction() as orm:
            row = draft_session(orm, session_uid)
            note = note_row(orm, row.id)
            if note is not None:
                lock_for_edit(orm, note)
            check_version(orm, note, expected_version, "the session notes", NOTES_ENTITY)
            record = _write_notes(orm, row, note or new_note(row.id), dict(clean), who)
        return record, session_notes_changed(row)

    with stale_writes_refused(db, "the session notes", NOTES_ENTITY,
                              lambda orm: _notes_version(orm, session_uid)):
        return retry_races(write, "Saving session notes", blind=expected_version is None)


NOTES_ENTITY = "session_notes"


def _notes_version(orm: Session, session_uid: uuid.UUID) -> tuple[uuid.UUID | None, int]:
    note = note_row(orm, load_session(orm, session_uid).id)
    return (note.uid, note.row_version) if note is not None else (None, 0)


def _write_notes(orm: Session, row: TreatmentSession, note: SessionNote, clean: dict[str, Any],
                 who: SignedInPerson) -> SessionNotesRecord:
    """Write onto `note` (a new row is added only if something is written)."""
    if "techniques" in clean:
        clean["techniques"] = clean_techniques(clean["techniques"], list(note.techniques),
                                               disabled_techniques(orm))
    changed = sorted(
        apply_field_changes(row, {n: v for n, v in clean.items() if n in SESSION_FIELDS})
        + apply_field_changes(note, {n: v for n, v in clean.items()
                                     if n not in SESSION_FIELDS}))
    copied_before = set(note.copied_fields)
    confirm_copied_fields(note, clean)
    confirmed = sorted(copied_before - set(note.copied_fields))
    if changed or confirmed:
        # The notes' version counts every change of the form, the duration included.
        note.updated_at = utc_now()
        orm.add(note)
        orm.flush()
        detail: dict[str, Any] = {"session": str(row.uid), "fields": changed}
        if confirmed:
            detail["confirmed_copies"] = confirmed
        record_event(orm, who, "change", NOTES_ENTITY, note.uid, row.patient.uid, **detail)
    return notes_record(row, note)
