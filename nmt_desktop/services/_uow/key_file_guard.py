"""An encrypted database's key file changes with its accounts, all or nothing.

The key file (db/key_file.py) lives beside the database, outside its transactions. The
accounts services write it inside their transaction, within `key_file_follows`, which puts the
file back as it was when anything after the write fails, the commit included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.db.key_file import write_private_file
from nmt_desktop.db.preflight import key_file_path


def read_file_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def restore_file(path: Path, content: bytes | None) -> None:
    """Put back what was at `path` before (nothing, or a file of that name), owner-only."""
    if content is None:
        path.unlink(missing_ok=True)
    else:
        write_private_file(path, content.decode("utf-8"))


@contextlib.contextmanager
def key_file_follows(db: Database) -> Iterator[None]:
    """An account change and its key-file change stand or fall together.

    When the block fails after the key file was written, the key file goes back as it was, so
    that nobody's password unlocks the file while the database says otherwise. (A crash
    between the key file's write and the commit can still leave the newer key file: a new
    account's copy without the account, or a reset password's copy in place of the old one;
    the owner then resets that person's password again.)
    """
    path = db.sqlite_file
    kept = key_file_path(path) if path is not None and db.encrypted else None
    before = read_file_bytes(kept) if kept is not None else None
    try:
        yield
    except BaseException:
        if kept is not None:
            restore_file(kept, before)
        raise
