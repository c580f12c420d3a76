"""File → Restore from backup…: the backups, with what each holds.

The chosen one is checked before anything changes, and the database as it is now is backed up
first.

Owner/admin only: the menu item is hidden for others and the services refuse them anyway.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services import backups
from nmt_desktop.services.backups import RestoreRefusedError, RestoreResult, StoredBackup
from nmt_desktop.ui.backups.scheduler import BackupScheduler, local_time_text
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.context import AppContext

COLUMNS = ("Taken", "Kind", "Size", "Patients", "Sessions", "File")


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, size // 1000)} kB"


class RestoreDialog(QDialog):
    def __init__(self, context: AppContext, scheduler: BackupScheduler,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._scheduler = scheduler
        self.result_record: RestoreResult | None = None
        self.setWindowTitle("Restore from backup")
        self.resize(760, 420)
        folder = context.read(backups.backup_place).folder
        intro = QLabel(
            f"Backups in <b>{_escape(str(folder))}</b>, newest first. The backup you choose is "
            "checked (whole, made by this app, this clinic's data) before anything changes, and "
            "the database as it is now is backed up first, so a restore can be undone.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.problem = Banner(BannerLevel.DANGER)
        self.other_file_button = QPushButton("Other file…")
        self.other_file_button.setToolTip("Restore a backup kept somewhere else (a USB disk)")
        self.other_file_button.clicked.connect(self._choose_other_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.addButton(self.other_file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._listed: list[StoredBackup] = []
        self.reload()

    def reload(self) -> None:
        self._listed = list(self._context.read(backups.list_backups))
        self.table.setRowCount(len(self._listed))
        for row, stored in enumerate(self._listed):
            backup = stored.backup
            cells = (local_time_text(backup.taken_at), backup.occasion.label,
                     size_text(backup.size_bytes),
                     "—" if stored.patient_count is None else str(stored.patient_count),
                     "—" if stored.session_count is None else str(stored.session_count),
                     backup.path.name if not stored.problem else f"⚠ {stored.problem}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if not self._listed:
            self.problem.show_message("There are no backups in this folder yet.",
                                      ["Choose Other file… to restore one kept elsewhere."],
                                      BannerLevel.INFO)

    def _selection_changed(self) -> None:
        stored = self.selected()
        self.restore_button.setEnabled(stored is not None and not stored.problem)
        if stored is not None and stored.problem:
            self.problem.show_message("This backup cannot be restored", [stored.problem],
                                      BannerLevel.DANGER)
        elif self._listed:
            self.problem.clear()

    def selected(self) -> StoredBackup | None:
        rows = self.table.selectionModel().selectedRows()
        return self._listed[rows[0].row()] if rows else None

    def _restore_selected(self) -> None:
        stored = self.selected()
        if stored is not None:
            self.restore(stored.backup.path)

    def _choose_other_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Restore a backup file", "",
                                              "Backups (*.sqlite);;All files (*)")
        if name:
            self.restore(Path(name))

    def restore(self, path: Path) -> bool:
        """Check `path`, ask, take the safety backup and swap; True when restored."""
        try:
            contents = self._context.read(backups.check_backup, path)
        except (RestoreRefusedError, NotAllowedError) as error:
            self.problem.show_message("This backup cannot be restored; nothing was changed",
                                      [str(error)], BannerLevel.DANGER)
            return False
        question = (f"Replace the database with {path.name}?\n\n"
                    f"It holds {contents.patient_count} patients and {contents.session_count} "
                    "sessions. Everything entered since it was taken is replaced; the database "
                    "as it is now is backed up first, so this can be undone.")
        answer = QMessageBox.question(self, "Restore from backup", question,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        # No backup may hold the file open while it is swapped.
        was_active = self._scheduler.active
        self._scheduler.stop()
        self._scheduler.wait_until_idle()
        try:
            self.result_record = self._context.read(backups.restore_backup, path)
        except (RestoreRefusedError, NotAllowedError) as error:
            self.problem.show_message("The backup was not restored; nothing was changed",
                                      [str(error)], BannerLevel.DANGER)
            return False
        finally:
            if was_active:
                self._scheduler.start()
        self.accept()
        return True


def _escape(text: str) -> str:
    import html

    return html.escape(text)
