"""Copy-forward flags: what a new session still holds only as a copy of the previous one.

A field or mark brought over by "copy forward" stays flagged until the therapist edits it;
any edit, even one that keeps the value, confirms it for this session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from nmt_desktop.db.models import SessionNote, TreatmentSession
from nmt_desktop.domain.access import SignedInPerson
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services.records import ChangeSet


def _note(orm: Session, session_id: int) -> SessionNote | None:
    return orm.scalar(select(SessionNote).where(SessionNote.session_id == session_id))


def confirm_copied_marks(orm: Session, session_id: int, mark_uids: Iterable[uuid.UUID]) -> None:
    """Clear the copied flag of these marks (a no-op when nothing was copied)."""
    note = _note(orm, session_id)
    if note is None or not note.copied_mark_uids:
        return
    confirmed = {str(uid) for uid in mark_uids}
    remaining = [uid for uid in note.copied_mark_uids if uid not in confirmed]
    if len(remaining) != len(note.copied_mark_uids):
        # Not a change of the notes the form edits: written without the ORM's version counter,
        # so charting a copied mark never makes the open notes form's next save look stale.
        orm.execute(update(SessionNote).where(SessionNote.id == note.id)
                    .values(copied_mark_uids=remaining)
                    .execution_options(synchronize_session=False))
        set_committed_value(note, "copied_mark_uids", remaining)


def confirm_copied_fields(note: SessionNote, field_names: Iterable[str]) -> None:
    """Clear the copied flag of these note fields."""
    confirmed = set(field_names)
    remaining = [name for name in note.copied_fields if name not in confirmed]
    if len(remaining) != len(note.copied_fields):
        note.copied_fields = remaining


def edit_copyable_row(orm: Session, entry: Any, clean: Mapping[str, Any], who: SignedInPerson,
                      entity_type: str, session: TreatmentSession) -> None:
    """Apply an edit to a list entry; any edit confirms a copied entry, so both are audited."""
    changed = apply_field_changes(entry, clean)
    confirmed = entry.copied
    entry.copied = False
    if changed or confirmed:
        record_event(orm, who, "change", entity_type, entry.uid, session.patient.uid,
                     session=str(session.uid), fields=changed)


def session_notes_changed(session: TreatmentSession) -> ChangeSet:
    """What the app must refresh after a change to a session's notes or lists."""
    return ChangeSet(notes=True, patient_uid=session.patient.uid, session_uid=session.uid)
