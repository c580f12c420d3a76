"""Files the app hands to the user (exports, saved reports): written whole, or taken back.

A file is written under a temporary name, flushed to disk and renamed into place, so a failure
never leaves half a file. Once written, a file stays only if recording it in the audit trail
succeeds: an export the audit trail does not know about must not stay on disk.

Every such file carries health data, so it is created readable and writable by its owner only
(0o600) where the system has POSIX permissions. The mode is given when the file is created, not
set after writing, so there is no moment in which another user of the computer could open it;
a file that is replaced gets the new file's mode. On Windows the mode only decides whether the
file is read-only, and the folder's access list decides who may read it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Owner may read and write; group and others nothing. The umask can only take bits away.
OWNER_ONLY_FILE_MODE = 0o600
#: A folder the app creates to hold exported files.
OWNER_ONLY_FOLDER_MODE = 0o700


def write_whole_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` completely or not at all.

    Raises:
        OSError: The file could not be written (naming `path`); nothing is left behind.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with _create_owner_only(temporary) as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(path)) from error


def _create_owner_only(path: Path) -> BinaryIO:
    """A new file at `path` (refused if anything is there), open for writing, mode 0o600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, OWNER_ONLY_FILE_MODE)
    try:
        return os.fdopen(descriptor, "wb")
    except BaseException:
        os.close(descriptor)
        raise


@contextlib.contextmanager
def removed_on_failure(paths: Iterable[Path]) -> Iterator[None]:
    """Delete `paths` (as far as possible) if the block fails, then let the failure through.

    `paths` is read only on failure, so a list that the block appends to works.
    """
    try:
        yield
    except BaseException:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
