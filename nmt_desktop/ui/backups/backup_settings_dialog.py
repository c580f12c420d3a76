"""Edit → Backup settings…: the folder the clinic's backups go to and how many are kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.backup_rotation import KeepPolicy
from nmt_desktop.domain.errors import NotAllowedError, ValidationError
from nmt_desktop.services import backup_settings, backups
from nmt_desktop.services.backup_settings import MAX_KEEP, BackupSettingsRecord
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.context import AppContext


class BackupSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.saved: BackupSettingsRecord | None = None
        self.setWindowTitle("Backup settings")
        current = context.read(backup_settings.get_backup_settings)
        default = context.read(backups.default_folder)
        intro = QLabel("Backups are taken every 30 minutes while something changed, when the "
                       "app closes, and before an upgrade, an import or a restore. Choose a "
                       "folder on another disk (a USB disk, a network share) so that a lost or "
                       "broken laptop does not take the backups with it.")
        intro.setWordWrap(True)
        self.folder = QLineEdit(current.folder)
        self.folder.setPlaceholderText(f"Beside the database: {default}")
        self.folder.setClearButtonEnabled(True)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.daily, self.weekly, self.monthly = (self._count(value) for value in (
            current.keep.daily, current.keep.weekly, current.keep.monthly))
        form = QFormLayout()
        form.addRow("Backup folder", folder_row)
        form.addRow("Keep one a day for", self._with_unit(self.daily, "days"))
        form.addRow("Keep one a week for", self._with_unit(self.weekly, "weeks"))
        form.addRow("Keep one a month for", self._with_unit(self.monthly, "months"))
        self.problem = Banner(BannerLevel.DANGER)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    @staticmethod
    def _count(value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, MAX_KEEP)
        box.setValue(value)
        return box

    @staticmethod
    def _with_unit(box: QSpinBox, unit: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(QLabel(unit))
        layout.addStretch(1)
        return row

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Backup folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> bool:
        try:
            keep = KeepPolicy(self.daily.value(), self.weekly.value(), self.monthly.value())
            self.saved = self._context.apply(backup_settings.update_backup_settings,
                                             self.folder.text(), keep)
        except (ValidationError, NotAllowedError, ValueError) as error:
            self.problem.show_message("Not saved", [str(error)], BannerLevel.DANGER)
            return False
        self.accept()
        return True

