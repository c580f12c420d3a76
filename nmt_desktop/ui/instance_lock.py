"""One running copy per database file: the `.lock` file beside it, and taking over a stale one.

Qt's QLockFile writes the holder's process id and computer name. A lock of a process that died
on *this* computer is taken over by Qt at once. A lock written on another computer (a file on
a network share or a synced folder) cannot be checked from here: NMT Desktop may still be
running there, or may have crashed or lost power. So the user is told which computer holds it
and takes it over only with an explicit confirmation (a dialog; `--take-over-lock` on the
command line).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from nmt_desktop import APP_NAME


def instance_lock_path(database_file: Path) -> Path:
    return database_file.with_name(database_file.name + ".lock")


@dataclass(frozen=True)
class LockHolder:
    """Who wrote the lock file, as far as it says."""

    computer: str  # empty: the lock file names nobody (empty or written by another program)
    process_id: int
    since: dt.datetime | None

    @property
    def on_this_computer(self) -> bool:
        return bool(self.computer) and self.computer == QSysInfo.machineHostName()


def lock_holder(lock: QLockFile, path: Path) -> LockHolder:
    process_id, computer, _app = lock.getLockInfo()
    try:
        since: dt.datetime | None = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        since = None
    return LockHolder(computer, process_id, since)


def taken_message(database_file: Path, holder: LockHolder) -> str:
    """Why the database cannot be opened now, and how to take over safely."""
    if holder.on_this_computer:
        return (f"{APP_NAME} is already open on {database_file}.\n"
                "Switch to the open window; a second copy would not see its changes.")
    since = f" since {holder.since:%d %b %Y %H:%M}" if holder.since else ""
    if holder.computer:
        who = (f"{APP_NAME} on the computer “{holder.computer}” (process {holder.process_id}) "
               f"has {database_file} open{since}, or was not closed properly there (a crash "
               "or a power cut).")
        where = f"on “{holder.computer}”"
    else:
        who = (f"{database_file} is marked as open{since} by a lock file that names no "
               "computer.")
        where = "on any other computer"
    return (f"{who}\nTwo copies writing to one file can damage it. Take over only if "
            f"{APP_NAME} is not running {where}: close it there first, or make sure that "
            "computer is switched off.\nTo take over from the command line, start with "
            "--take-over-lock.")


def acquire_instance_lock(database_file: Path, can_ask: bool,
                          take_over: bool) -> tuple[QLockFile | None, str]:
    """The held lock, or None and the message saying why not.

    Args:
        database_file: The SQLite file.
        can_ask: Whether a dialog can be shown (not offscreen).
        take_over: The user already confirmed on the command line (`--take-over-lock`).
    """
    path = instance_lock_path(database_file)
    lock = QLockFile(str(path))
    # Held for the whole run; a crashed holder on this computer is detected by its process id.
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, ""
    if lock.error() != QLockFile.LockError.LockFailedError:
        folder = database_file.parent
        return None, (f"Cannot create the lock file {path} ({lock.error().name}); check that "
                      f"you may write to the folder {folder}.")
    holder = lock_holder(lock, path)
    message = taken_message(database_file, holder)
    if holder.on_this_computer:
        return None, message
    if not take_over and can_ask:
        take_over = _confirm_take_over(message, holder)
    if take_over and lock.removeStaleLockFile() and lock.tryLock(0):
        return lock, ""
    return None, message


def _confirm_take_over(message: str, holder: LockHolder) -> bool:
    from nmt_desktop.ui.common.confirmations import confirm_action

    label = f"Take over from “{holder.computer}”" if holder.computer else "Take over"
    return confirm_action(None, message, label)
