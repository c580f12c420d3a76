"""The backup files in a folder: their names, which exist, and deleting what rotation drops.

A finished backup is named `nmt-backup-<UTC time>.sqlite` (e.g. nmt-backup-20261202T053012Z
.sqlite); one taken for an occasion (before an upgrade, an import or a restore) carries it after
the time (nmt-backup-20261202T053012Z-before-restore.sqlite). Only a backup that was written and
checked whole gets such a name (db/backup_copy.py), so every file named so is a good backup.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from nmt_desktop.domain.backup_rotation import KeepPolicy, Occasion, backups_to_keep

PREFIX = "nmt-backup-"
SUFFIX = ".sqlite"
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(rf"^{PREFIX}(?P<stamp>\d{{8}}T\d{{6}}Z)(?:-(?P<occasion>[a-z-]+))?"
                   rf"{re.escape(SUFFIX)}$")
#: Backups taken for an occasion stay out of the day/week/month rotation (the automatic backup
#: later that day would otherwise replace the copy taken just before a restore); the newest
#: this many of each occasion are kept.
KEEP_PER_OCCASION = 5


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # UTC
    occasion: Occasion

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_file_name(taken_at: dt.datetime, occasion: Occasion) -> str:
    stamp = taken_at.astimezone(dt.UTC).strftime(_STAMP)
    tail = f"-{occasion.value}" if occasion.value else ""
    return f"{PREFIX}{stamp}{tail}{SUFFIX}"


def parse_backup_name(path: Path) -> BackupFile | None:
    """The backup a file name describes, or None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        occasion = Occasion(match["occasion"] or "")
        taken_at = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return BackupFile(path, taken_at, occasion)


def backups_in(folder: Path) -> list[BackupFile]:
    """The finished backups in `folder`, newest first (an empty list if it does not exist)."""
    if not folder.is_dir():
        return []
    found = [parse_backup_name(path) for path in folder.iterdir() if path.is_file()]
    return sorted((b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True)


def rotate(folder: Path, policy: KeepPolicy) -> list[Path]:
    """Delete the backups the rotation no longer keeps; returns the deleted files."""
    backups = backups_in(folder)
    scheduled = [b for b in backups if b.occasion is Occasion.SCHEDULED]
    keep = backups_to_keep((b.taken_at for b in scheduled), policy)
    doomed = [b for b in scheduled if b.taken_at not in keep]
    for occasion in Occasion:
        if occasion is not Occasion.SCHEDULED:
            doomed += [b for b in backups if b.occasion is occasion][KEEP_PER_OCCASION:]
    for backup in doomed:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in doomed]
