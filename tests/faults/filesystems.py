"""Real file-system faults for the write-failure tests: a tiny tmpfs that fills up.

Mounting needs CAP_SYS_ADMIN (root in the test container); elsewhere the tests that need it skip.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tiny_filesystem(mount_point: Path, size_kb: int = 4096) -> Iterator[Path]:
    """A private tmpfs of `size_kb` at `mount_point`, unmounted afterwards."""
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                              str(mount_point)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tiny tmpfs here (needs CAP_SYS_ADMIN)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the file system is full; returns it (delete it to free space)."""
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(block)
            out.flush()
            os.fsync(out.fileno())
    probe = folder / "probe"
    try:
        probe.write_bytes(block)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    else:
        probe.unlink()
        raise AssertionError("the file system did not fill up")
    return filler
