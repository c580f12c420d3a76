"""File → Restore from backup…: the backups, with what each holds.

The chosen one is checked before anything changes, and the database as it is now is backed up
first.

Owner/admin only: the menu item is hidden for others and the services refuse them anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services import backups
from nmt_desktop.services.backups import (
    BackupContents,
    BackupFailedError,
    RestoreRefusedError,
    RestoreResult,
    StoredBackup,
)
from nmt_desktop.ui.backups.scheduler import BackupScheduler, local_time_text
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.common.tables import read_only_table
from nmt_desktop.ui.context import AppContext

COLUMNS = ("Taken", "Kind", "Size", "Patients", "Sessions", "File")


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, size // 1000)} kB"


class RestoreDialog(QDialog):
    #: A check or restore refused (the banner says why); nothing was changed.
    refused = Signal(str)

    def __init__(self, context: AppContext, scheduler: BackupScheduler,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._scheduler = scheduler
        self.result_record: RestoreResult | None = None
        self._job: QThread | None = None
        self._then: Callable[[Any], None] = lambda _result: None
        self._restart_backups = False
        self.setWindowTitle("Restore from backup")
        self.resize(760, 420)
        folder = context.read(backups.backup_place).folder
        intro = QLabel(
            f"Backups in <b>{_escape(str(folder))}</b>, newest first. The backup you choose is "
            "checked (whole, made by this app, this clinic's data) before anything changes, and "
            "the database as it is now is backed up first, so a restore can be undone.")
        intro.setWordWrap(True)
        self.table = read_only_table(COLUMNS)
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

    def restore(self, path: Path) -> None:
        """Check `path` (on a worker thread: a large clinic's file takes a minute), then ask."""
        self._busy("Checking the backup…", [f"{path.name}: every page, the schema and "
                                            "which clinic it belongs to."])
        self._run(lambda: self._context.read(backups.check_backup, path),
                  lambda contents: self._checked(path, contents))

    def _checked(self, path: Path, contents: BackupContents) -> None:
        self._idle()
        question = (f"Replace the database with {path.name}?\n\n"
                    f"It holds {contents.patient_count} patients and {contents.session_count} "
                    "sessions. Everything entered since it was taken is replaced; the database "
                    "as it is now is backed up first, so this can be undone.")
        answer = QMessageBox.question(self, "Restore from backup", question,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        # No backup of the window's may hold the file open while it is swapped.
        self._restart_backups = self._scheduler.active
        self._scheduler.stop()
        self._scheduler.wait_until_idle()
        self._busy("Restoring…", ["Backing up the database as it is now, then putting "
                                 f"{path.name} in its place."])
        self._run(lambda: self._context.read(backups.restore_backup, path), self._restored)

    def _restored(self, result: RestoreResult) -> None:
        self._idle()
        self.result_record = result
        self.accept()

    def _run(self, call: Callable[[], object], then: Callable[[Any], None]) -> None:
        from nmt_desktop.ui.printing.background import BackgroundCall

        job = BackgroundCall(call, self)
        # Bound methods of this GUI-thread dialog: the worker's signals are queued to it (a
        # lambda would run on the worker thread).
        job.succeeded.connect(self._job_succeeded)
        job.failed.connect(self._job_failed)
        self._job, self._then = job, then
        job.start()

    def _job_succeeded(self, result: object) -> None:
        self._end_job()(result)

    def _job_failed(self, problem: Exception) -> None:
        self._end_job()
        self._failed(problem)

    def _end_job(self) -> Callable[[Any], None]:
        job, self._job = self._job, None
        if job is not None:
            job.wait()  # it emitted its last signal; the thread ends before it is dropped
            job.deleteLater()
        return self._then

    def _failed(self, problem: Exception) -> None:
        self._idle()
        if not isinstance(problem, RestoreRefusedError | NotAllowedError | BackupFailedError):
            raise problem  # unexpected: the global hook logs it and says so on screen
        self.problem.show_message("The backup was not restored; nothing was changed",
                                  [str(problem)], BannerLevel.DANGER)
        self.refused.emit(str(problem))

    def _busy(self, title: str, lines: list[str]) -> None:
        self.problem.show_message(title, lines, BannerLevel.INFO)
        for widget in (self.table, self.restore_button, self.other_file_button):
            widget.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)

    def _idle(self) -> None:
        if self._restart_backups:
            self._restart_backups = False
            self._scheduler.start()
        self.problem.clear()
        for widget in (self.table, self.other_file_button):
            widget.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._selection_changed()

    @property
    def working(self) -> bool:
        return self._job is not None

    def reject(self) -> None:  # Esc, Cancel and the window's ×
        if self.working:
            return  # a check or a restore runs to its end; it is never left halfway
        super().reject()


def _escape(text: str) -> str:
    import html

    return html.escape(text)
