"""One line on the patient page: the current intake and what its screening means, with a button.

E.g. "Intake v2 · 14 Nov 2026 — 1 precaution · 2 no-go areas · 1 red flag needs a referral".
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from nmt_desktop.services.records import ChangeSet, PatientRecord
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.common.style import MUTED
from nmt_desktop.ui.context import AppContext

ALERT = "#a61b1b"
CAUTION = "#8a5a00"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class IntakeSummary(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.patient: PatientRecord | None = None
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.button = QPushButton("Intake…")
        self.button.setToolTip("History, goals, consent and the screening checklist (Ctrl+I)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.open_intake)
        # Active while the patient page is on screen.
        self.open_action = QAction("Intake…", self)
        self.open_action.setShortcut(QKeySequence("Ctrl+I"))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_action.triggered.connect(self.open_intake)
        self.addAction(self.open_action)
        context.events.changed.connect(self._on_changed)

    def show_patient(self, patient: PatientRecord) -> None:
        self.patient = patient
        self.button.setEnabled(not patient.archived)
        self.refresh()

    def refresh(self) -> None:
        if self.patient is None:
            return
        # Imported here: the screening catalogs are not needed to paint the first window.
        from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, ScreeningCategory
        from nmt_desktop.domain.screening_rules import BlockKind
        from nmt_desktop.services import intake as intake_service
        from nmt_desktop.services import screening as screening_service

        intake = self._context.read(intake_service.current_intake, self.patient.uid)
        if intake is None:
            self.text.setText(f"<span style='color:{MUTED}'>No intake yet: record history, "
                              "goals, consent and the screening before the first "
                              "session.</span>")
            self.button.setText("Start intake…")
            return
        self.button.setText("Intake…")
        outcome = self._context.read(screening_service.screening_for_patient, self.patient.uid)
        present = [a.item_id for a in intake.answers if a.present]
        precautions = sum(1 for i in present if i in CONTRAINDICATIONS_BY_ID
                          and CONTRAINDICATIONS_BY_ID[i].category is ScreeningCategory.PRECAUTION)
        parts = []
        clearances = sum(b.kind is BlockKind.CLEARANCE_REQUIRED for b in outcome.blockers)
        if clearances:
            needs = _count(clearances, "item needs", "items need")
            parts.append(f"<b style='color:{ALERT}'>{needs} a medical clearance</b>")
        if outcome.referrals_required:
            needs = _count(len(outcome.referrals_required), "red flag needs", "red flags need")
            parts.append(f"<b style='color:{ALERT}'>{needs} a referral</b>")
        if precautions:
            parts.append(f"<span style='color:{CAUTION}'>"
                         f"{_count(precautions, 'precaution', 'precautions')}</span>")
        if outcome.no_go_regions:
            parts.append(f"<span style='color:{CAUTION}'>"
                         f"{_count(len(outcome.no_go_regions), 'no-go area', 'no-go areas')}"
                         "</span>")
        if not parts:
            parts.append(f"<span style='color:{MUTED}'>nothing restricts treatment</span>")
        goals = sum(1 for g in intake.goals if g.retired_on is None)
        parts.append(f"<span style='color:{MUTED}'>{_count(goals, 'goal', 'goals')}</span>")
        self.text.setText(
            f"<b>Intake v{intake.version}</b> <span style='color:{MUTED}'>· "
            f"{html.escape(date_text(intake.recorded_on))}</span> — "
            + " · ".join(parts))

    def open_intake(self) -> None:
        if self.patient is None:
            return
        # The dialog brings the checklist and a small body map: loaded when first opened.
        from nmt_desktop.ui.intake.intake_dialog import IntakeDialog

        IntakeDialog(self._context, self.patient, parent=self.window()).exec()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.patient is None or changes.patient_uid not in (None, self.patient.uid):
            return
        if getattr(changes, "intake", False):
            self.refresh()


__all__ = ["IntakeSummary"]
