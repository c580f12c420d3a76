"""Screenshots of File → Restore from backup… and of a failed backup's banner.

Registered in tools/screenshots.py. The demo clinic gets three backups at fixed times (two
automatic ones and one taken before an import); the restore dialog is opened by an owner/admin,
the only role that sees it. The banner shot points the clinic's backup
folder at a USB disk that is not plugged in and lets the window's backup fail for real.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.services import backups
from nmt_desktop.services import clinic as clinic_service
from nmt_desktop.ui.backups.restore_dialog import RestoreDialog
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow

Shot = Callable[[MainWindow, Database], QWidget | None]
UNPLUGGED = "/media/usb-backup/nmt"


def _at(day: int, hour: int) -> Callable[[], dt.datetime]:
    return lambda: dt.datetime(2026, 11, day, hour, 30, tzinfo=dt.UTC)


def _owner() -> SignedInPerson:
    return SignedInPerson(uuid.UUID(int=1), "owner", "Alex Morgan", Role.OWNER, None,
                          AuthMethod.SYSTEM, dt.datetime.now(dt.UTC))


def restore_dialog(window: MainWindow, db: Database) -> QWidget:
    owner_db = db.signed_in_as(_owner())
    if not backups.list_backups(owner_db):
        backups.back_up_now(db, now=_at(27, 17))
        backups.back_up_now(db, backups.Occasion.BEFORE_IMPORT, now=_at(30, 9))
        backups.back_up_now(db, now=_at(30, 17))
    context = AppContext(owner_db, window.context.events)
    dialog = RestoreDialog(context, window.backups, parent=window)
    dialog.resize(760, 360)
    dialog.show()
    dialog.table.selectRow(1)
    return dialog


def backup_failed(window: MainWindow, db: Database) -> None:
    _set_backup_folder(db, UNPLUGGED)
    try:
        window.backups.start()
        window.backups.back_up_now()
    finally:
        _set_backup_folder(db, "")


def _set_backup_folder(db: Database, folder: str) -> None:
    from nmt_desktop.db.models import ClinicSettings

    with db.transaction() as orm:
        row = orm.get(ClinicSettings, clinic_service.SETTINGS_ROW_ID)
        assert row is not None, "the demo clinic has its settings row"
        row.backup_folder = folder


BACKUP_SHOTS: dict[str, Shot] = {
    "restore-dialog.png": restore_dialog,
    "backup-failed.png": backup_failed,
}
