"""Where the therapist sees the backups: a banner above the page, a line in the status bar.

The banner appears when a backup failed or none is recent; the status bar says when the last
one was taken.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from nmt_desktop.ui.backups.scheduler import BackupScheduler, BackupStatus, local_time_text
from nmt_desktop.ui.common.banner import Banner, BannerLevel


def status_line(status: BackupStatus) -> str:
    """The status bar's short text."""
    if status.running:
        return "Backing up…"
    if status.problem:
        return "⚠ Backup failed"
    if status.newest is None:
        return "⚠ No backup yet"
    return f"Backed up {local_time_text(status.newest.taken_at)}"


def banner_text(status: BackupStatus) -> tuple[str, list[str], BannerLevel] | None:
    """Title, lines and level of the banner; None when all is well."""
    last = (f"The last good backup is from {local_time_text(status.newest.taken_at)}."
            if status.newest is not None else "There is no backup of this database yet.")
    if status.problem:
        retry = (f"It is tried again in {status.retry_minutes} min, or now with Back up now."
                 if status.retry_minutes else "Try again with Back up now.")
        return ("Backup failed — the app keeps working and your changes are saved",
                [f"Why: {status.problem}.", last, retry], BannerLevel.DANGER)
    if status.stale and not status.running:
        return ("No recent backup", [last, "One is taken every 30 minutes while you work and "
                                     "when you close the app; Back up now takes one at once."],
                BannerLevel.CAUTION)
    return None


class BackupNotice(QWidget):
    """The banner and its Back up now button, hidden while backups are fine."""

    def __init__(self, scheduler: BackupScheduler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scheduler = scheduler
        self.banner = Banner(BannerLevel.DANGER)
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.clicked.connect(lambda: scheduler.back_up_in_background())
        self.status_label = QLabel()
        # Room for the longest line, so the status bar never clips it.
        self.status_label.setMinimumWidth(
            self.status_label.fontMetrics().horizontalAdvance("Backed up 2026-12-31 23:59") + 8)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.banner, 1)
        layout.addWidget(self.back_up_button)
        scheduler.status_changed.connect(self.show_status)
        self.hide()

    def show_status(self, status: BackupStatus) -> None:
        self.status_label.setText(status_line(status))
        self.back_up_button.setEnabled(not status.running)
        shown = banner_text(status)
        if shown is None:
            self.banner.clear()
            self.hide()
            return
        title, lines, level = shown
        self.banner.show_message(title, lines, level)
        self.show()
