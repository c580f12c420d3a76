"""The "today" check at the start of every session (clinical-spec §4.3): one keyboard-fast screen.

Every question starts at "no change" (unticked); the therapist ticks what the patient says yes
to: keys 1–7 tick the §4.3 items, Tab reaches the red-flag list (Space ticks the current flag)
and the free-text line, Enter continues. The answers go to the gate (`confirm_session_start`)
and are kept with the new session. With no intake on record the screen asks why screening was
not done; the reason is required and every report states it.

    check = ask_today_check(context, patient, parent)
    if check is not None:
        ... gate, then start the session with `today_check=check` ...
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.screening import RED_FLAGS
from nmt_desktop.domain.screening_today import (
    TODAY_QUESTIONS,
    TodayCheck,
    check_problems,
    full_today_check,
)
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext

FLAG_ROLE = Qt.ItemDataRole.UserRole


def ask_today_check(context: AppContext, patient: PatientRecord,
                    parent: QWidget | None = None) -> TodayCheck | None:
    """Today's answers, or None when the therapist closed the screen (no session)."""
    has_intake = context.read(screening_service.patient_has_intake, patient.uid)
    dialog = TodayCheckDialog(patient, has_intake, parent)
    if not dialog.exec():
        return None
    return dialog.check()


class TodayCheckDialog(QDialog):
    """Seven questions, the red flags, "anything new?", and (no intake) a reason."""

    def __init__(self, patient: PatientRecord, has_intake: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_intake = has_intake
        self.setWindowTitle(f"Today's check — {patient.display_name}")
        self.resize(760, 600)
        heading = QLabel(f"Today's check — {patient.display_name}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        set_role(heading, "dialog-heading")
        hint = QLabel("Ask each question; tick only what the patient says yes to. Unticked "
                      "means \"no change\". Keys 1–7 tick, Enter continues.")
        hint.setWordWrap(True)
        set_role(hint, "muted")
        self.no_intake = Banner(BannerLevel.CAUTION)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. first visit, intake to be completed after today")
        self.reason.setAccessibleName("Why screening was not done")
        self.reason_error = QLabel()
        set_role(self.reason_error, "error")
        self.reason_error.hide()
        reason_row = QWidget()
        reason_layout = QHBoxLayout(reason_row)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_caption = QLabel("Screening not done — &reason:")
        reason_caption.setBuddy(self.reason)
        reason_layout.addWidget(reason_caption)
        reason_layout.addWidget(self.reason, 1)
        self.questions: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for number, (item_id, question) in enumerate(TODAY_QUESTIONS, start=1):
            box = QCheckBox(f"&{number}  {question}")
            box.setAccessibleName(question)
            self.questions[item_id] = box
            grid.addWidget(box, (number - 1) % 4, (number - 1) // 4)
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.activated.connect(box.toggle)
        flags_caption = QLabel("New or changed &red flag since last time? (Space ticks)")
        self.red_flags = QListWidget()
        flags_caption.setBuddy(self.red_flags)
        self.red_flags.setAccessibleName("New or changed red flags")
        for flag in RED_FLAGS:
            item = QListWidgetItem(f"[{flag.urgency.value}]  {flag.finding}")
            item.setData(FLAG_ROLE, flag.id)
            item.setToolTip(f"{flag.finding}\nPossible concern: {flag.concern}. "
                            f"{flag.urgency.label}.")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.red_flags.addItem(item)
        self.red_flags.setMinimumHeight(190)
        # One line per flag, cut with "…" (the whole finding is in the tooltip)
        self.red_flags.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.red_flags.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.red_flags.setCurrentRow(0)
        self.new_health = QLineEdit()
        self.new_health.setPlaceholderText("free text; empty: nothing new")
        new_caption = QLabel("Anything new in your &health since last time?")
        new_caption.setBuddy(self.new_health)
        self.cancel_button = QPushButton("Reschedule (no session today)")
        self.continue_button = QPushButton("Continue")
        self.continue_button.setDefault(True)
        self.continue_button.setAutoDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.no_intake)
        layout.addWidget(reason_row)
        layout.addWidget(self.reason_error)
        layout.addLayout(grid)
        layout.addWidget(flags_caption)
        layout.addWidget(self.red_flags, 1)
        layout.addWidget(new_caption)
        layout.addWidget(self.new_health)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.continue_button.clicked.connect(self.submit)
        if has_intake:
            reason_row.hide()
        else:
            self.no_intake.show_message(
                "No intake on record: screening against an intake is not possible",
                ["Say why screening was not done; every report of this visit will say so.",
                 "Today's questions below are still asked."])
            self.reason.setFocus()
        first = next(iter(self.questions.values()))
        if has_intake:
            first.setFocus()

    def check(self) -> TodayCheck:
        present = [item_id for item_id, box in self.questions.items() if box.isChecked()]
        for row in range(self.red_flags.count()):
            item = self.red_flags.item(row)
            if item.checkState() is Qt.CheckState.Checked:
                present.append(str(item.data(FLAG_ROLE)))
        reason = "" if self.has_intake else self.reason.text()
        return full_today_check(present, self.new_health.text(), reason)

    def submit(self) -> None:
        problems = check_problems(self.check(), self.has_intake)
        if problems:
            message = problems.get("not_done_reason") or next(iter(problems.values()))
            self.reason_error.setText(html.escape(message))
            self.reason_error.show()
            self.reason.setFocus()
            return
        self.accept()


__all__ = ["TodayCheckDialog", "ask_today_check"]
