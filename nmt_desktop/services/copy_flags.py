"""Copy-forward flags: what a new session still holds only as a copy of the previous one.

A field or mark brought over by "copy forward" stays flagged until the therapist edits it;
any edit, even one that keeps the value, confirms it for this session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.clinical_models import SessionNote


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
        note.copied_mark_uids = remaining


def confirm_copied_fields(note: SessionNote, field_names: Iterable[str]) -> None:
    """Clear the copied flag of these note fields."""
    confirmed = set(field_names)
    remaining = [name for name in note.copied_fields if name not in confirmed]
    if len(remaining) != len(note.copied_fields):
        note.copied_fields = remaining
