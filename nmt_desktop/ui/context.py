"""What every widget needs: the services' database handle, the broadcast, who is charting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.services.database import classify_write_failure
from nmt_desktop.services.records import ChangeSet, TherapistRecord
from nmt_desktop.ui.events import AppEvents

if TYPE_CHECKING:
    from nmt_desktop.services.database import Database

T = TypeVar("T")

# How long a write from the window's thread waits for another program's SQLite write lock
# before it fails and is retried from a timer: short enough that the window never freezes.
WINDOW_WRITE_WAIT_MS = 250


class AppContext:
    def __init__(self, db: Database, events: AppEvents | None = None) -> None:
        self.db = db
        db.wait_for_writers_in_this_thread(WINDOW_WRITE_WAIT_MS)
        self.events = events or AppEvents()
        self.therapist: TherapistRecord | None = None

    def act_as(self, db: Database, therapist: TherapistRecord | None) -> None:
        """From now on every use case runs on `db` (a handle bound to the signed-in person)."""
        self.db = db
        self.therapist = therapist

    def act_as_therapist(self, therapist: TherapistRecord) -> None:
        """TRANSITIONAL (replaced by sign-in, #13): act as this therapist, with owner rights."""
        from nmt_desktop.services.program_person import program_person

        self.act_as(self.db.signed_in_as(program_person(therapist.full_name, therapist.uid)),
                    therapist)

    def apply(self, operation: Callable[..., tuple[T, ChangeSet]], *args: Any,
              **kwargs: Any) -> T:
        """Run one changing use case and broadcast what it changed."""
        value, changes = operation(self.db, *args, **kwargs)
        self.events.changed.emit(changes)
        return value

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return query(self.db, *args, **kwargs)

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run one user action; a refusal is told to the therapist and gives None.

        Services refuse bad input, a conflict or a record gone, and change nothing then. A
        write the database could not take (disk full, locked, read-only, server gone) is said
        in the same words as everywhere else; anything else goes to the global exception hook.
        """
        try:
            return action()
        except (ValidationError, ConflictError, NotFoundError) as error:
            self.events.error.emit(str(error))
            return None
        except Exception as error:
            failure = classify_write_failure(error, self.db.sqlite_file)
            if failure is None:
                raise
            self.events.error.emit(failure.sentence)
            return None
