"""When the window backs the database up, and what it says when a backup fails.

Every 30 minutes while something changed, on close, before an import or a restore.

The copy runs on a worker thread (SQLite's online backup in steps releases the GIL between
them), so the window stays responsive while a large clinic's file is copied. Its result comes
back to the window's thread through a queued signal. A failed backup is kept "due": the
scheduler says so (`status_changed`, shown by the backup notice above the page) and tries again
after `retry_ms`, until one succeeds.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from nmt_desktop.domain.backup_rotation import STALE_AFTER, Occasion, backup_age
from nmt_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from nmt_desktop.services.backups import BackupRecord
    from nmt_desktop.services.database import Database

# The services are imported when the first backup runs, after the first paint: they load
# SQLAlchemy, which the window's first paint does without (ui/startup.py).

INTERVAL_MS = 30 * 60 * 1000
RETRY_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class BackupStatus:
    """What the window shows about backups."""

    newest: BackupRecord | None = None
    problem: str = ""  # the last attempt failed: why (empty: it did not)
    running: bool = False
    retry_minutes: int = 0

    @property
    def stale(self) -> bool:
        """No backup at all, or none for more than a day: a missed backup."""
        age = backup_age(self.newest.taken_at if self.newest is not None else None)
        return age is None or age > STALE_AFTER


class BackupScheduler(QObject):
    status_changed = Signal(object)  # BackupStatus
    _finished = Signal(object, str)  # (BackupRecord | None, problem); from the worker thread

    def __init__(self, context: AppContext, parent: QObject | None = None, *,
                 interval_ms: int = INTERVAL_MS, retry_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self._context = context
        self._dirty = False
        self._worker: threading.Thread | None = None
        self._retry_ms = retry_ms
        self.status = BackupStatus()
        self.enabled = context.db.sqlite_file is not None  # a server is backed up on the server
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._every_interval)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.back_up_in_background)
        self._finished.connect(self._done)
        # Started after the first paint; a window that never started never backs up (tests).
        self.active = False
        context.events.changed.connect(self._note_change)

    def start(self) -> None:
        """Read the newest backup (a missed one shows at once) and start the timer."""
        if not self.enabled:
            return
        self.active = True
        from nmt_desktop.services import backups

        try:
            newest = backups.newest_backup(self._context.db)
        except OSError as error:
            self._set(BackupStatus(None, f"the backup folder cannot be read ({error.strerror})"))
        else:
            self._set(BackupStatus(newest))
        self._timer.start()
        if self.status.stale:
            # None yet, or none for a day: the missed backup is taken at once; the banner
            # speaks only if it fails.
            self.back_up_in_background()

    def stop(self) -> None:
        self._timer.stop()
        self._retry.stop()

    @property
    def due(self) -> bool:
        """Something changed since the last good backup, or the last attempt failed."""
        return self._dirty or bool(self.status.problem)

    def _note_change(self, _changes: object) -> None:
        self._dirty = True

    def _every_interval(self) -> None:
        if self._dirty:
            self.back_up_in_background()

    def back_up_in_background(self, occasion: Occasion = Occasion.SCHEDULED) -> bool:
        """Start a backup on the worker thread; False if one is already running."""
        if not self.enabled or self.busy:
            return False
        self._retry.stop()
        self._dirty = False  # changes from now on are for the next backup
        self._set(BackupStatus(self.status.newest, self.status.problem, running=True))
        db = self._context.db
        self._worker = threading.Thread(target=self._work, args=(db, occasion),
                                        name="nmt-backup", daemon=True)
        self._worker.start()
        return True

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def wait_until_idle(self) -> None:
        """Let a running backup finish (before a restore or on close), and take its result."""
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents(self)  # deliver its queued result now

    def back_up_now(self, occasion: Occasion = Occasion.SCHEDULED) -> str:
        """Back up on this thread (on close, before an import or a restore); '' or the problem."""
        if not self.enabled:
            return ""
        from nmt_desktop.services import backups

        self.wait_until_idle()
        dirty, self._dirty = self._dirty, False
        try:
            record = backups.back_up_now(self._context.db, occasion)
        except backups.BackupFailedError as error:
            self._dirty = dirty
            self._done(None, error.reason)
            return error.reason
        self._done(record, "")
        return ""

    def back_up_on_this_thread(self, occasion: Occasion) -> str:
        """From another worker thread (an import's): back up now; '' or the problem.

        The result reaches the window's banner through the queued signal, as a scheduled one.
        """
        if not self.active:
            return ""
        from nmt_desktop.services import backups

        try:
            record = backups.back_up_now(self._context.db, occasion)
        except backups.BackupFailedError as error:
            self._finished.emit(None, error.reason)
            return error.reason
        self._finished.emit(record, "")
        return ""

    def _work(self, db: Database, occasion: Occasion) -> None:
        from nmt_desktop.services import backups

        try:
            record = backups.back_up_now(db, occasion)
        except backups.BackupFailedError as error:
            self._finished.emit(None, error.reason)
        except Exception as error:
            # Shown where the therapist looks, and logged with its traceback by the thread hook.
            self._finished.emit(None, f"the backup failed unexpectedly ({type(error).__name__})")
            raise
        else:
            self._finished.emit(record, "")

    def _done(self, record: BackupRecord | None, problem: str) -> None:
        if record is not None:
            self._set(BackupStatus(record))
            return
        self._dirty = True
        self._retry.start()
        self._set(BackupStatus(self.status.newest, problem,
                               retry_minutes=max(1, self._retry_ms // 60_000)))

    def _set(self, status: BackupStatus) -> None:
        self.status = status
        self.status_changed.emit(status)


def local_time_text(moment: dt.datetime) -> str:
    local = moment.astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")
