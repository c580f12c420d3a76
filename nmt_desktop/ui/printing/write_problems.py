"""Why a file could not be written, in words a therapist can act on."""

from __future__ import annotations

import errno
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "The disk is full.",
    getattr(errno, "EDQUOT", errno.ENOSPC): "The disk quota is used up.",
    errno.EACCES: "You are not allowed to write in that folder.",
    errno.EPERM: "You are not allowed to write in that folder.",
    errno.EROFS: "That disk is read-only.",
    errno.ENOENT: "That folder does not exist.",
    errno.ENOTDIR: "That folder does not exist.",
    errno.EISDIR: "That name belongs to a folder.",
    errno.ENAMETOOLONG: "The file name is too long.",
}


def explain_write_problem(path: Path, problem: OSError,
                          still_here: str = "the report is still here") -> str:
    reason = _REASONS.get(problem.errno or 0) or problem.strerror or str(problem)
    return (f"Could not save {path.name} in {path.parent}: {reason} Nothing was saved; "
            f"{still_here}, so choose another place or free some space and try again.")
