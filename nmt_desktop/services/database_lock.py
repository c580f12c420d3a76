"""What opening the database at a URL needs, decided from the file alone before anything opens.

Its own small module because the window asks this before its first paint: a plain file must
not pay for loading the encryption machinery (services/encryption.py) just to learn that it
is plain.
"""

from __future__ import annotations

import enum

from nmt_desktop.db.preflight import may_be_encrypted, sqlite_path


class DatabaseLock(enum.Enum):
    """What opening the database at a URL needs, decided before anything is opened."""

    NONE = "plain file or server: no key"
    NEW = "no file yet: the first owner creates it encrypted"
    PASSWORD = "encrypted: sign in with a password (or the recovery code)"
    RECOVERY_CODE = "encrypted, but the key file is missing or damaged: the recovery code only"


def database_lock(url: str) -> DatabaseLock:
    """Which of sign-in, first owner, or recovery the window shows for `url`."""
    path = sqlite_path(url)
    if path is None:
        return DatabaseLock.NONE
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return DatabaseLock.NEW
    if not path.is_file() or not may_be_encrypted(path):
        return DatabaseLock.NONE  # plain, or not a database: opening says which
    from nmt_desktop.db.key_file import KeyFile, KeyFileError

    try:
        KeyFile.load(path)
    except KeyFileError:
        return DatabaseLock.RECOVERY_CODE
    return DatabaseLock.PASSWORD
