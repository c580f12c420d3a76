"""A restore run in a child process that stops at a named stage, for the kill -9 test.

    python -m tests.services.backups.restore_child DATABASE BACKUP STAGE

Prints "at STAGE" and sleeps there until killed; with STAGE "none" it runs to the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.services.backups import restore_backup
from tests.services.backups.helpers import person


def main(database: str, backup: str, stop_at: str) -> None:
    def step(name: str) -> None:
        if name == stop_at:
            print(f"at {name}", flush=True)
            time.sleep(600)

    db = Database.open(f"sqlite:///{database}").signed_in_as(person())
    restore_backup(db, Path(backup), step=step)
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
