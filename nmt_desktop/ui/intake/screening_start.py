"""The gate before today's session: what the intake and today's check say must happen first.

Clinical-spec §4.2 (revised): a systemic contraindication, active cancer, and an E or U red
flag block the session until a dated medical clearance (who, when, for what) is on record; a
referral documents the contact but does not lift them. An R red flag blocks until a referral
(who was contacted, when, what was said) is on record. The therapist records those here, or
chooses to reschedule: then no session is made. Local items and precautions never block; the
session page shows them.

    if confirm_session_start(context, patient, parent, today_check):
        ... start the session ...
"""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS_BY_ID,
    RED_FLAGS_BY_ID,
    RedFlag,
    Urgency,
)
from nmt_desktop.domain.screening_rules import BlockKind, ScreeningOutcome
from nmt_desktop.domain.screening_today import TodayCheck
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.common.style import MUTED, set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.record_dialogs import ClearanceDialog, ReferralDialog
from nmt_desktop.ui.intake.screening_checklist import urgency_badge


def confirm_session_start(context: AppContext, patient: PatientRecord,
                          parent: QWidget | None = None,
                          today_check: TodayCheck | None = None) -> bool:
    """True when a session may start now: nothing blocks, or the therapist cleared it here."""
    outcome = context.read(screening_service.screening_for_patient, patient.uid, today_check)
    if outcome.can_start:
        return True
    dialog = ScreeningStartDialog(context, patient, outcome, parent, today_check)
    return bool(dialog.exec()) and dialog.outcome.can_start


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "subheading")
    return label


class ScreeningStartDialog(QDialog):
    """Lists what blocks today's session, with a way to lift each; Start or Reschedule."""

    def __init__(self, context: AppContext, patient: PatientRecord,
                 outcome: ScreeningOutcome, parent: QWidget | None = None,
                 today_check: TodayCheck | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._today_check = today_check
        self.patient = patient
        self.outcome = outcome
        self.setWindowTitle(f"Before today's session — {patient.display_name}")
        self.resize(720, 480)
        self.heading = QLabel(f"Before today's session — {patient.display_name}")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.heading, "dialog-heading")
        self._notes: dict[str, str] = {}
        self.banner = Banner(BannerLevel.DANGER)
        self.emergency = Banner(BannerLevel.DANGER)
        self.items_widget = QWidget()
        self.items_layout = QVBoxLayout(self.items_widget)
        self.items_layout.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.items_widget)
        self.reschedule_button = QPushButton("Reschedule (no session today)")
        self.reschedule_button.setToolTip("Close without starting a session")
        self.start_button = QPushButton("Start session")
        self.start_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reschedule_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.emergency)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.reschedule_button.clicked.connect(self.reject)
        self.start_button.clicked.connect(self._start)
        self.clearance_buttons: dict[str, QPushButton] = {}
        self.referral_button: QPushButton | None = None
        self._show()

    # ---------------------------------------------------------------- display

    def _show(self) -> None:
        outcome = self.outcome
        intake = self._context.read(intake_service.current_intake, self.patient.uid)
        self._notes = {a.item_id: a.note for a in intake.answers} if intake else {}
        while self.items_layout.count():
            child = self.items_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.clearance_buttons = {}
        self.referral_button = None
        clearance = [b for b in outcome.blockers if b.kind is BlockKind.CLEARANCE_REQUIRED
                     and b.item_id in CONTRAINDICATIONS_BY_ID]
        gated_flags = [RED_FLAGS_BY_ID[b.item_id] for b in outcome.blockers
                       if b.kind is BlockKind.CLEARANCE_REQUIRED and b.item_id in RED_FLAGS_BY_ID]
        flags = [RED_FLAGS_BY_ID[b.item_id] for b in outcome.blockers
                 if b.kind is BlockKind.REFERRAL_REQUIRED and b.item_id in RED_FLAGS_BY_ID]
        emergencies = [f for f in (*gated_flags, *flags) if f.urgency is Urgency.EMERGENCY]
        if emergencies:
            self.emergency.show_message(
                "Emergency red flag: call emergency services now",
                [f.finding for f in emergencies])
        else:
            self.emergency.clear()
        if outcome.can_start:
            self.banner.show_message("Everything that blocked the session is on record",
                                     ["You can start today's session."], BannerLevel.INFO)
        else:
            needs_clearance = len(clearance) + len(gated_flags)
            self.banner.show_message(
                "Today's session cannot start yet",
                [_count(needs_clearance, "item needs", "items need") + " a dated medical "
                 "clearance (a referral alone does not lift an E or U red flag)"
                 if needs_clearance else "",
                 _count(len(flags), "red flag needs", "red flags need") + " a referral record"
                 if flags else "",
                 "Record what lifts each one below, or reschedule."], BannerLevel.DANGER)
        if clearance:
            self.items_layout.addWidget(_caption("Medical clearance needed"))
            for blocker in clearance:
                item = CONTRAINDICATIONS_BY_ID[blocker.item_id]
                button = QPushButton("Record clearance…")
                button.clicked.connect(lambda _c=False, i=item.id: self.record_clearance(i))
                self.clearance_buttons[item.id] = button
                self.items_layout.addWidget(self._row(
                    item.label, item.modification, self._notes.get(item.id, ""), button))
        if gated_flags:
            self.items_layout.addWidget(_caption(
                "Red flags: no session until a dated medical clearance"))
            for flag in sorted(gated_flags, key=lambda f: f.urgency.rank):
                button = QPushButton("Record clearance…")
                button.clicked.connect(lambda _c=False, i=flag.id: self.record_clearance(i))
                self.clearance_buttons[flag.id] = button
                referred = flag.id not in outcome.referrals_required
                detail = (f"Possible concern: {flag.concern}. {flag.urgency.label}. "
                          + ("Referral on record." if referred else "No referral on record yet."))
                self.items_layout.addWidget(self._row(
                    flag.finding, detail, self._notes.get(flag.id, ""), button, badge=flag))
        if flags:
            self.items_layout.addWidget(_caption("Red flags: refer before treating"))
            for flag in sorted(flags, key=lambda f: f.urgency.rank):
                self.items_layout.addWidget(self._row(
                    flag.finding, f"Possible concern: {flag.concern}. {flag.urgency.label}.",
                    self._notes.get(flag.id, ""), badge=flag))
        if outcome.referrals_required:
            self.referral_button = QPushButton("Record referral…")
            self.referral_button.clicked.connect(self.record_referral)
            self.items_layout.addWidget(self.referral_button, 0, Qt.AlignmentFlag.AlignLeft)
        if self._intake_uid() is None and not outcome.can_start:
            note = QLabel("No intake on record: clearances and referrals are kept with an "
                          "intake. Open the intake (Ctrl+I) first, or reschedule.")
            note.setWordWrap(True)
            self.items_layout.addWidget(note)
        cleared = [b.text for b in outcome.banners]
        if cleared:
            self.items_layout.addWidget(_caption("Also on record"))
            for text in cleared:
                note = QLabel(f"• {html.escape(text)}")
                note.setWordWrap(True)
                self.items_layout.addWidget(note)
        self.items_layout.addStretch(1)
        self.start_button.setEnabled(outcome.can_start)
        self.start_button.setToolTip("" if outcome.can_start else
                                     "Record the clearances and referrals above first")

    @staticmethod
    def _row(title: str, detail: str, note: str = "", button: QPushButton | None = None,
             badge: RedFlag | None = None) -> QWidget:
        row = QFrame()
        row.setObjectName("blockerRow")
        noted = (f"<br><i>Intake note:</i> {html.escape(note)}" if note else "")
        text = QLabel(f"<b>{html.escape(title)}</b><br>"
                      f"<span style='color:{MUTED}'>{html.escape(detail)}</span>{noted}")
        text.setWordWrap(True)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(8, 6, 8, 6)
        if badge is not None:
            layout.addWidget(urgency_badge(badge.urgency, badge.urgency_note), 0,
                             Qt.AlignmentFlag.AlignTop)
        layout.addWidget(text, 1)
        if button is not None:
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    # ---------------------------------------------------------------- actions

    def _refresh(self) -> None:
        self.outcome = self._context.read(screening_service.screening_for_patient,
                                          self.patient.uid, self._today_check)
        self._show()

    def _intake_uid(self) -> uuid.UUID | None:
        intake = self._context.read(intake_service.current_intake, self.patient.uid)
        return None if intake is None else intake.uid

    def record_clearance(self, item_id: str) -> None:
        intake_uid = self._intake_uid()
        item = CONTRAINDICATIONS_BY_ID.get(item_id) or RED_FLAGS_BY_ID.get(item_id)
        if intake_uid is None or item is None:
            return
        if ClearanceDialog(self._context, intake_uid, item, parent=self).exec():
            self._refresh()

    def record_referral(self) -> None:
        intake_uid = self._intake_uid()
        flags = [RED_FLAGS_BY_ID[f] for f in self.outcome.referrals_required
                 if f in RED_FLAGS_BY_ID]
        if intake_uid is None or not flags:
            return
        if ReferralDialog(self._context, intake_uid, flags, parent=self).exec():
            self._refresh()

    def _start(self) -> None:
        if self.outcome.can_start:
            self.accept()


__all__ = ["ScreeningStartDialog", "confirm_session_start"]
