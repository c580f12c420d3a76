"""Why a database cannot be opened, in words a therapist or the clinic's IT person can act on."""

from __future__ import annotations


class DatabaseRefusedError(Exception):
    """The database was not opened and was left exactly as it was."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"Cannot open {location}: {reason}")
        self.location = location
        self.reason = reason


class NotADatabaseError(DatabaseRefusedError):
    pass


class CorruptDatabaseError(DatabaseRefusedError):
    pass


class DatabaseTooNewError(DatabaseRefusedError):
    pass


class ForeignDatabaseError(DatabaseRefusedError):
    pass


class DatabaseUnreachableError(DatabaseRefusedError):
    pass


class EmptyDatabaseFileError(DatabaseRefusedError):
    """A zero-length file: perhaps a copy that never finished; never silently made a new one."""


class ReadOnlyFolderError(DatabaseRefusedError):
    """The folder cannot be written to: SQLite keeps its journal (-wal, -shm) beside the file."""


class SchemaChangeFailedError(DatabaseRefusedError):
    """Creating or upgrading did not produce a sound database; the file was left as it was."""


class DatabaseAccessDeniedError(DatabaseRefusedError):
    """The server answered and refused: login, permission, or no such database."""


class LoginRefusedError(DatabaseAccessDeniedError):
    """The server refused the login itself: a wrong password, no such role, or pg_hba.conf."""


class EncryptedDatabaseError(DatabaseRefusedError):
    """An encrypted (SQLCipher) file opened without its key, or by a build without SQLCipher."""


class WrongDatabaseKeyError(DatabaseRefusedError):
    """The key given does not decrypt the file (another database's key, or page 1 damaged)."""
