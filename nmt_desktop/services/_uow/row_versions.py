"""No lost update: an edit made from an older version of a record is refused, never written over.

Every record edited in place carries `row_version` (db/base.py `Versioned`). An editor (the
session form, a command) sends the version it started from as `expected_version`;
`check_version` refuses a stale one before anything is written, naming who changed the record
and when from the audit trail. Between that check and the UPDATE another writer may still
commit: SQLAlchemy's version counter then finds no row to update and raises StaleDataError,
which `stale_writes_refused` turns into the same refusal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.errors import StaleEditError
from nmt_desktop.services._uow.retry import retry_races

R = TypeVar("R")
T = TypeVar("T")


def lock_for_edit(orm: Session, row: Any) -> None:
    """Hold `row` for this transaction and read its newest committed state.

    Then no other writer can commit between the version check and the UPDATE, and a blind
    edit (no expected version) never trips the version counter however many clients edit
    the row at once. PostgreSQL: SELECT … FOR UPDATE (a second editor waits for the first to
    commit). SQLite: the driver reads outside the transaction until its first write, so a
    write that changes nothing takes the file's write lock first, and the row is read again.
    """
    dialect = orm.get_bind().dialect.name
    if dialect == "postgresql":
        orm.refresh(row, with_for_update=True)
    elif dialect == "sqlite":
        orm.execute(text(f"UPDATE {row.__table__.name} SET id = id WHERE id IS NULL"))
        orm.refresh(row)


def check_version(orm: Session, row: object | None, expected: int | None, what: str,
                  entity_type: str) -> None:
    """Raise StaleEditError if `row` moved on from `expected` (None: the caller has no version).

    `row` None: a record made on first write (the session notes) that does not exist yet,
    version 0. `what` names the record in the refusal ("the session notes"); `entity_type` is
    the audit trail's name for it, to find who changed it.
    """
    current: int = 0 if row is None else getattr(row, "row_version")  # noqa: B009
    if expected is None or current == expected:
        return
    raise stale_edit(orm, what, entity_type, getattr(row, "uid", None), current)


def stale_edit(orm: Session, what: str, entity_type: str, entity_uid: uuid.UUID | None,
               current_version: int) -> StaleEditError:
    """The refusal, naming the newest audited change of the record."""
    query = select(AuditEvent.actor, AuditEvent.occurred_at).where(
        AuditEvent.entity_type == entity_type)
    if entity_uid is not None:
        query = query.where(AuditEvent.entity_uid == entity_uid)
    last = orm.execute(query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                       .limit(1)).first()
    if last is None:
        return StaleEditError(what, None, None, current_version)
    return StaleEditError(what, last.actor, last.occurred_at, current_version)


@contextmanager
def stale_writes_refused(db: Database, what: str, entity_type: str,
                         current: Callable[[Session], tuple[uuid.UUID | None, int]]
                         ) -> Iterator[None]:
    """Turn the version counter's StaleDataError (a writer committed first) into StaleEditError.

    Wraps the whole transaction, which is rolled back by then; `current` reads the record's
    uid and version again in a fresh look.
    """
    try:
        yield
    except StaleDataError:
        with db.reading() as orm:
            entity_uid, version = current(orm)
            raise stale_edit(orm, what, entity_type, entity_uid, version) from None


def versioned_edit(db: Database, what: str, entity_type: str, expected_version: int | None,
                   load: Callable[[Session], R], edit: Callable[[Session, R], T]) -> T:
    """One edit of one stored record, refused if it was made from an older version.

    `load` finds the record in a transaction; `edit` changes it and returns the result (it
    flushes before building a record, so the record carries the new version). Without an
    `expected_version` the edit is blind: a writer that committed in between is not an error,
    and the edit simply runs again on the newer row.
    """
    def write() -> T:
        with db.transaction() as orm:
            row = load(orm)
            lock_for_edit(orm, row)
            check_version(orm, row, expected_version, what, entity_type)
            return edit(orm, row)

    def current(orm: Session) -> tuple[uuid.UUID | None, int]:
        row = load(orm)
        return getattr(row, "uid", None), getattr(row, "row_version")  # noqa: B009

    with stale_writes_refused(db, what, entity_type, current):
        return retry_races(write, f"Saving {what}", blind=expected_version is None)
