"""Autosave for typed clinical text: edits wait a moment, then go to the database together.

A therapist never presses Save. Each keystroke stages the field's new value; after a short
pause (or when the page is hidden, the window closes or another session opens) every staged
value of one record is written in one service call, so one pause is one transaction and one
audit event, not one per keystroke.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from nmt_desktop.domain.errors import (
    ConflictError,
    NotFoundError,
    StaleEditError,
    ValidationError,
)
from nmt_desktop.services.database import WriteFailure, classify_write_failure

AUTOSAVE_DELAY_MS = 600
# After a failed write: 1 s, 2 s, 4 s … then every 30 s, until the database takes the text.
FIRST_RETRY_MS = 1000
LONGEST_RETRY_MS = 30_000

Writer = Callable[[dict[str, Any]], None]
Classifier = Callable[[BaseException], "WriteFailure | None"]

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    writer: Writer
    changes: dict[str, Any] = field(default_factory=dict)


def unexpected_failure(error: BaseException) -> str:
    return (f"an unexpected error ({type(error).__name__}); the details are in the log file")


class AutosaveBuffer(QObject):
    """Collects field changes per target record and writes them after a pause.

    A staged change stays staged until its write has committed: a write the database could
    not take (disk full, locked by another program, server gone…) keeps it here and is tried
    again after a growing pause, and `saved` is only announced when nothing is left staged.
    """

    saving = Signal()
    saved = Signal(object)  # datetime of the commit that left nothing staged
    failed = Signal(str)  # a service refusal: a plain message for the therapist
    # The database could not take the text: (message, transient). Transient: it is waiting
    # for another program or the server and will retry; otherwise someone must act first.
    write_failed = Signal(str, bool)
    # Someone else saved the record after this editor loaded it: (target, StaleEditError).
    # The typed changes stay staged, and are not written, until the person chooses to keep
    # them (`keep_mine`) or to take the stored version (`take_theirs`).
    conflict = Signal(object, object)

    def __init__(self, delay_ms: int = AUTOSAVE_DELAY_MS, parent: QObject | None = None,
                 classify: Classifier = classify_write_failure) -> None:
        super().__init__(parent)
        self._pending: dict[Hashable, _Pending] = {}
        self._classify = classify
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.flush)
        self._retry_ms = FIRST_RETRY_MS
        self.last_failure: str = ""
        self._flushing = False
        self._conflicts: dict[Hashable, StaleEditError] = {}
        #: When the database first failed to take the staged text (local time), until a
        #: write succeeds again: how long a server has been out of reach.
        self.failing_since: dt.datetime | None = None

    def stage(self, target: Hashable, writer: Writer, name: str, value: Any) -> None:
        """Remember `name = value` for `target`; `writer` receives all its staged changes."""
        pending = self._pending.setdefault(target, _Pending(writer))
        pending.writer = writer
        pending.changes[name] = value
        self.saving.emit()
        self._timer.start()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def in_conflict(self, target: Hashable) -> StaleEditError | None:
        """The refusal `target`'s staged changes wait on, or None."""
        return self._conflicts.get(target)

    def keep_mine(self, target: Hashable) -> bool:
        """Write `target`'s staged changes over the other save; True when all is committed.

        The form has first given its writer the newer version to start from.
        """
        self._conflicts.pop(target, None)
        return self.flush()

    def take_theirs(self, target: Hashable) -> None:
        """Drop `target`'s staged changes: the editor reloads the stored version."""
        self._conflicts.pop(target, None)
        self._pending.pop(target, None)
        if not self._conflicts and not self._pending:
            self.last_failure = ""

    def is_failing(self) -> bool:
        """Staged text the database has refused to take so far (it is being retried)."""
        return bool(self._pending) and bool(self.last_failure)

    def pending_value(self, target: Hashable, name: str, default: Any = None) -> Any:
        pending = self._pending.get(target)
        return pending.changes.get(name, default) if pending else default

    def pending_changes(self) -> list[dict[str, Any]]:
        """Copies of every staged record's changes (to keep them in a file when leaving)."""
        return [dict(p.changes) for p in self._pending.values()]

    def flush(self) -> bool:
        """Write everything staged now. True when everything staged is committed."""
        if self._flushing:
            return False  # a write's own change broadcast asked again; the outer flush writes
        self._timer.stop()
        self._retry.stop()
        if not self._pending:
            return True
        self._flushing = True
        try:
            return self._write_all()
        finally:
            self._flushing = False

    def _write_all(self) -> bool:
        refused = False
        failure = ""
        transient = True
        for target, pending in list(self._pending.items()):
            if target in self._conflicts:
                refused = True  # waits for the person's choice; never written over blindly
                continue
            sent = dict(pending.changes)
            try:
                pending.writer(sent)
            except StaleEditError as error:
                # Not forgotten: what was typed stays staged until the person chooses.
                self._conflicts[target] = error
                refused = True
                self.conflict.emit(target, error)
            except (ValidationError, ConflictError, NotFoundError) as error:
                # The service refused: nothing was written, and retrying the same value would
                # fail again. Say why; the text stays on screen for the therapist to correct.
                self._forget(target, sent)
                refused = True
                self.failed.emit(str(error))
            except Exception as error:  # noqa: BLE001 - every failure is shown and logged
                known = self._classify(error)
                if known is None:
                    log.error("Autosave write failed", exc_info=error)
                    failure = failure or unexpected_failure(error)
                    transient = False
                else:
                    log.warning("Autosave write failed: %s (%s)", known.reason,
                                type(error).__name__)
                    failure = failure or known.reason
                    transient = transient and known.transient
            else:
                self._forget(target, sent)
        if failure:
            self.last_failure = failure
            if self.failing_since is None:
                self.failing_since = dt.datetime.now()
            self.write_failed.emit(failure, transient)
            self._retry.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, LONGEST_RETRY_MS)
            return False
        self.failing_since = None
        waiting = next(iter(self._conflicts.values()), None)
        self.last_failure = str(waiting) if waiting is not None else ""
        self._retry_ms = FIRST_RETRY_MS
        if refused:
            return False
        self.saved.emit(dt.datetime.now())
        return True

    def _forget(self, target: Hashable, sent: dict[str, Any]) -> None:
        """Drop what was written; a value staged again during the write stays staged."""
        pending = self._pending.get(target)
        if pending is None:
            return
        for name, value in sent.items():
            if name in pending.changes and pending.changes[name] == value:
                del pending.changes[name]
        if not pending.changes:
            del self._pending[target]

    def discard(self) -> None:
        self._timer.stop()
        self._retry.stop()
        self._pending.clear()
        self._conflicts.clear()
        self.last_failure = ""
        self.failing_since = None
