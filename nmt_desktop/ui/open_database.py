"""The app's side of opening a database: the instance lock, then db/opening.py, with dialogs.

Every refusal is one line on stderr (`nmt-desktop: error: …`) and, when a screen is there to
click it away, a dialog with the same words. A zero-length file is started as a new database
only after the user says so; an upgrade names the backup it kept.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox

from nmt_desktop import APP_NAME
from nmt_desktop.services.database import (
    Database,
    DatabaseRefusedError,
    EmptyDatabaseFileError,
    folder_problem,
    sqlite_path,
)
from nmt_desktop.ui.instance_lock import acquire_instance_lock

if TYPE_CHECKING:
    from nmt_desktop.services.front_door import FrontDoor


@dataclass
class OpenForApp:
    """The way in (and the lock held on its file), or why there is none."""

    door: FrontDoor | None
    lock: QLockFile | None
    refusal: str = ""
    already_open: bool = False

    @property
    def db(self) -> Database | None:
        """The database already open nobody is signed in to (a plain file), if any."""
        return self.door.opened if self.door is not None else None

    def release(self) -> None:
        if self.door is not None:
            self.door.close()
        if self.lock is not None:
            self.lock.unlock()


def open_for_app(url: str, can_ask: bool, take_over_lock: bool = False,
                 new_database_in_empty_file: bool = False) -> OpenForApp:
    """Lock the file, then decide the door: what opening it needs, before anyone signs in.

    A plain file is opened at once (an up-to-date one is connected after the first paint).
    An encrypted file waits for a password, a missing (or confirmed empty) one for its first
    owner, who creates it encrypted; a server is never opened before a person signs in.
    """
    from nmt_desktop.services.database_lock import DatabaseLock, database_lock
    from nmt_desktop.services.front_door import DoorKind, FrontDoor

    if sqlite_path(url) is None:
        return OpenForApp(FrontDoor(url, DoorKind.SERVER), None)

    database_file = sqlite_path(url)
    lock: QLockFile | None = None
    if database_file is not None:
        problem = folder_problem(database_file)
        if problem is None:
            database_file.parent.mkdir(parents=True, exist_ok=True)
            lock, message = acquire_instance_lock(database_file, can_ask, take_over_lock)
            if lock is None:
                _tell(message, can_ask, QMessageBox.Icon.Information)
                return OpenForApp(None, None, message, already_open=True)
        # A read-only folder is refused by the open below, in the words of db/opening.py.
    try:
        door_lock = database_lock(url)
        if door_lock is DatabaseLock.NEW:
            empty = database_file is not None and database_file.is_file()
            if empty and not new_database_in_empty_file:
                try:
                    Database.open_for_start(url).close()  # refuses a 0-byte file, in its words
                except EmptyDatabaseFileError as refusal:
                    if not (can_ask and _confirm_new_database(refusal)):
                        raise
            # Nothing is written until the owner has set up: then the file is made encrypted.
            return OpenForApp(FrontDoor(url, DoorKind.NEW_FILE,
                                        new_database_in_empty_file=empty), lock)
        if door_lock is not DatabaseLock.NONE:
            # The key this laptop may remember is looked up after the first paint (app.py).
            return OpenForApp(FrontDoor(url, DoorKind.ENCRYPTED_FILE), lock)
        db = Database.open_for_start(url)
    except DatabaseRefusedError as error:
        if lock is not None:
            lock.unlock()
        _tell(str(error), can_ask, QMessageBox.Icon.Critical)
        return OpenForApp(None, None, str(error))
    change = db.schema_change
    if change is not None and change.from_revision is not None:
        _tell(change.message(), can_ask, QMessageBox.Icon.Information, error=False)
    return OpenForApp(FrontDoor(url, DoorKind.PLAIN_FILE, db), lock)


def _tell(message: str, can_ask: bool, icon: QMessageBox.Icon, error: bool = True) -> None:
    first_line, _, rest = message.partition("\n")
    prefix = "nmt-desktop: error: " if error else "nmt-desktop: "
    # One line on stderr (the command line's rule); the dialog keeps the paragraphs.
    sys.stderr.write(prefix + first_line + (" " + rest.replace("\n", " ") if rest else "") + "\n")
    if can_ask:
        QMessageBox(icon, APP_NAME, message).exec()


def _confirm_new_database(empty: EmptyDatabaseFileError) -> bool:
    from nmt_desktop.ui.common.confirmations import confirm_action

    return confirm_action(
        None,
        f"{empty.location} is empty (0 bytes). It may be a copy that did not finish: if you "
        "have a backup of your charts, restore that instead.\n\n"
        "Start a new, empty database in this file?",
        "Start a new database")

