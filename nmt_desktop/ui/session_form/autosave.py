"""Autosave for typed clinical text: edits wait a moment, then go to the database together.

A therapist never presses Save. Each keystroke stages the field's new value; after a short
pause (or when the page is hidden, the window closes or another session opens) every staged
value of one record is written in one service call, so one pause is one transaction and one
audit event, not one per keystroke.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError

AUTOSAVE_DELAY_MS = 600

Writer = Callable[[dict[str, Any]], None]


@dataclass
class _Pending:
    writer: Writer
    changes: dict[str, Any] = field(default_factory=dict)


class AutosaveBuffer(QObject):
    """Collects field changes per target record and writes them after a pause."""

    saving = Signal()
    saved = Signal(object)  # datetime of the last successful write
    failed = Signal(str)  # a plain message for the therapist

    def __init__(self, delay_ms: int = AUTOSAVE_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[Hashable, _Pending] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def stage(self, target: Hashable, writer: Writer, name: str, value: Any) -> None:
        """Remember `name = value` for `target`; `writer` receives all its staged changes."""
        pending = self._pending.setdefault(target, _Pending(writer))
        pending.writer = writer
        pending.changes[name] = value
        self.saving.emit()
        self._timer.start()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending_value(self, target: Hashable, name: str, default: Any = None) -> Any:
        pending = self._pending.get(target)
        return pending.changes.get(name, default) if pending else default

    def flush(self) -> bool:
        """Write everything staged now. True when every write succeeded."""
        self._timer.stop()
        if not self._pending:
            return True
        batches, self._pending = self._pending, {}
        ok = True
        for pending in batches.values():
            try:
                pending.writer(pending.changes)
            except (ValidationError, ConflictError, NotFoundError) as error:
                # The service refused: nothing was written, and retrying the same value would
                # fail again. Say why; the text stays on screen for the therapist to correct.
                ok = False
                self.failed.emit(str(error))
        if ok:
            self.saved.emit(dt.datetime.now())
        return ok

    def discard(self) -> None:
        self._timer.stop()
        self._pending.clear()
