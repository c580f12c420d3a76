"""The one change broadcast: every service call that changes data is announced here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    # Carries a services.records.ChangeSet; views refresh only what it says changed.
    changed = Signal(object)
    # A refusal worth telling the therapist about (e.g. an undo that a signed session blocks).
    error = Signal(str)
    # Another person signed in (a SignedInPerson), or everybody signed out (None).
    person_changed = Signal(object)
