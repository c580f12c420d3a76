"""Files the app hands to the user (exports, saved reports): written whole, or taken back.

A file is written under a temporary name, flushed to disk and renamed into place, so a failure
never leaves half a file. Once written, a file stays only if recording it in the audit trail
succeeds: an export the audit trail does not know about must not stay on disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path


def write_whole_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` completely or not at all.

    Raises:
        OSError: The file could not be written (naming `path`); nothing is left behind.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    # Not mkstemp: its private 0600 mode would stick to the saved file.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with temporary.open("xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(path)) from error


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
