"""The Outcomes tab: the patient's NDI / ODI / PSFS over time and the form being entered today.

A questionnaire is stored as soon as it has one answer and updated as the therapist goes on
(autosave, no Save button). Change from baseline is judged by the domain's thresholds (§5.5).
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import (
    MeaningfulChange,
    OutcomeMeasure,
    OutcomeScore,
    judge_change,
)
from nmt_desktop.services import outcomes as outcome_service
from nmt_desktop.services.outcomes import OutcomeRecord
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.common.style import MUTED
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import hint_label, section_title
from nmt_desktop.ui.session.form.questionnaire import (
    QuestionnaireEditor,
    score_text,
    short_score_text,
)
from nmt_desktop.ui.session.form.row_list import discard

RecordRole = Qt.ItemDataRole.UserRole + 1
SHORT_NAMES = {OutcomeMeasure.NDI: "NDI", OutcomeMeasure.ODI: "ODI", OutcomeMeasure.PSFS: "PSFS"}


def change_words(change: MeaningfulChange) -> str:
    """E.g. "−14 %-points: meaningful improvement (threshold 10 %-points …)"."""
    unit = "points" if change.measure in ("psfs", "nrs") else "%-points"
    sign = "+" if change.change > 0 else ("−" if change.change < 0 else "±")
    amount = f"{sign}{abs(change.change):g} {unit}"
    if change.meaningful:
        verdict = "meaningful improvement"
    elif change.worsened:
        verdict = "meaningful worsening"
    else:
        verdict = "not a meaningful change"
    return f"{amount}: {verdict} (threshold {change.threshold_text})"


def short_change_words(change: MeaningfulChange) -> str:
    """The change for a table cell, e.g. "−14 · improved" (the score column has the unit)."""
    sign = "+" if change.change > 0 else ("−" if change.change < 0 else "±")
    verdict = ("improved" if change.meaningful else
               "worse" if change.worsened else "not meaningful")
    return f"{sign}{abs(change.change):g} · {verdict}"


def baseline_of(records: Sequence[OutcomeRecord], measure: OutcomeMeasure,
                excluding: uuid.UUID | None) -> OutcomeRecord | None:
    """The first valid form of this questionnaire: the patient's baseline."""
    return next((r for r in records if r.measure is measure and r.result.valid
                 and r.result.score is not None and r.uid != excluding), None)


class OutcomesPanel(QWidget):
    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._autosave = autosave
        self.session: SessionRecord | None = None
        self._records: list[OutcomeRecord] = []
        self._read_only = False
        self.editor: QuestionnaireEditor | None = None
        self._editing_uid: uuid.UUID | None = None
        self._editing_own = False

        self.new_buttons: dict[OutcomeMeasure, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Enter today's:"))
        for measure in OutcomeMeasure:
            button = QPushButton(SHORT_NAMES[measure])
            button.setToolTip(f"Enter a {measure.label} for this session")
            button.clicked.connect(lambda _c=False, m=measure: self.start_new(m))
            self.new_buttons[measure] = button
            buttons.addWidget(button)
        buttons.addStretch()
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["Date", "Form", "Score", "Change from baseline"])
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setAccessibleName("Outcome questionnaires, oldest first")
        self.history.setColumnWidth(0, 98)
        self.history.setColumnWidth(1, 48)
        self.history.setColumnWidth(2, 118)
        self.history.setMaximumHeight(120)
        self.history.currentItemChanged.connect(self._open_selected)
        self.empty = hint_label("No questionnaires yet. The first one of each kind is the "
                                "baseline that later ones are compared with.")
        self.editor_box = QVBoxLayout()
        self.remove_button = QPushButton("Remove this form…")
        self.remove_button.clicked.connect(self._remove)
        self.remove_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title("Questionnaires"))
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.history)
        layout.addLayout(self.editor_box)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    # -- loading -----------------------------------------------------------------------

    def show_session(self, session: SessionRecord, read_only: bool) -> None:
        self.session = session
        self._read_only = read_only
        for button in self.new_buttons.values():
            button.setEnabled(not read_only)
        self._close_editor()
        self._reload()
        own = [r for r in self._records if r.session_uid == session.uid]
        if own:
            self._select(own[-1].uid)

    def _reload(self) -> None:
        if self.session is None:
            return
        self._records = list(self._context.read(outcome_service.list_outcomes,
                                                self.session.patient_uid))
        current = self._editing_uid
        self.history.blockSignals(True)
        self.history.clear()
        for record in self._records:
            item = QTreeWidgetItem([
                date_text(record.taken_on),
                SHORT_NAMES[record.measure],
                short_score_text(record.result),
                self._change_cell(record),
            ])
            item.setToolTip(2, score_text(record.result))
            item.setData(0, RecordRole, record.uid)
            change = self._change(record)
            item.setToolTip(3, change_words(change) if change else item.text(3))
            if record.session_uid == self.session.uid:
                font = item.font(0)
                font.setBold(True)
                for column in range(4):
                    item.setFont(column, font)
                item.setToolTip(0, "Entered in this session")
            self.history.addTopLevelItem(item)
            if record.uid == current:
                self.history.setCurrentItem(item)
        self.history.blockSignals(False)
        self.empty.setVisible(not self._records)
        self.history.setVisible(bool(self._records))

    def _change(self, record: OutcomeRecord) -> MeaningfulChange | None:
        baseline = baseline_of(self._records, record.measure, None)
        if baseline is None or baseline.uid == record.uid or record.result.score is None:
            return None
        assert baseline.result.score is not None
        return judge_change(record.measure.value, baseline.result.score, record.result.score)

    def _change_cell(self, record: OutcomeRecord) -> str:
        change = self._change(record)
        if change is None:
            first = baseline_of(self._records, record.measure, None)
            return "baseline" if first is not None and first.uid == record.uid else ""
        return short_change_words(change)

    # -- editing -----------------------------------------------------------------------

    def _select(self, uid: uuid.UUID) -> None:
        for index in range(self.history.topLevelItemCount()):
            item = self.history.topLevelItem(index)
            if item is not None and item.data(0, RecordRole) == uid:
                self.history.setCurrentItem(item)
                return

    def _record(self, uid: uuid.UUID | None) -> OutcomeRecord | None:
        return next((r for r in self._records if r.uid == uid), None)

    def _open_selected(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        record = self._record(item.data(0, RecordRole) if item is not None else None)
        if record is None or record.uid == self._editing_uid:
            return
        self._autosave.flush()
        own = self.session is not None and record.session_uid == self.session.uid
        self._open_editor(record.measure, record, editable=own and not self._read_only)

    def start_new(self, measure: OutcomeMeasure) -> None:
        """An empty form of `measure`; stored once the first answer is entered.

        A session has one form of each kind: if today's is already there, it opens instead.
        """
        if self._read_only:
            return
        self._autosave.flush()
        today = next((r for r in reversed(self._records) if r.measure is measure
                      and self.session is not None and r.session_uid == self.session.uid),
                     None)
        if today is not None:
            self._select(today.uid)
            return
        self.history.blockSignals(True)
        self.history.setCurrentIndex(QModelIndex())
        self.history.clearSelection()
        self.history.blockSignals(False)
        self._open_editor(measure, None, editable=True)
        if self.editor is not None:
            self.editor.setFocus()

    def _open_editor(self, measure: OutcomeMeasure, record: OutcomeRecord | None,
                     editable: bool) -> None:
        self._close_editor()
        editor = QuestionnaireEditor(measure)
        if record is not None:
            editor.set_items(record.items)
            when = date_text(record.taken_on)
            editor.title.setText(f"<b>{html.escape(measure.label)}</b> "
                                 f"<span style='color:{MUTED}'>· {when}"
                                 f"{'' if editable else ' · read-only'}</span>")
        editor.record_uid = record.uid if record is not None else None
        editor.set_read_only(not editable)
        editor.edited.connect(self._edited)
        self.editor = editor
        self._editing_uid = record.uid if record is not None else None
        self._editing_own = editable
        self.editor_box.addWidget(editor)
        self.remove_button.setVisible(editable and record is not None)
        self._show_change()

    def _close_editor(self) -> None:
        if self.editor is not None:
            self.editor_box.removeWidget(self.editor)
            discard(self.editor)
        self.editor = None
        self._editing_uid = None
        self.remove_button.hide()

    def _edited(self, _items: Any) -> None:
        editor = self.editor
        if editor is None:
            return
        self._show_change()
        self._autosave.stage(("outcome", id(editor)), lambda _changes: self._write(editor),
                             "items", editor.items())

    def _write(self, editor: QuestionnaireEditor) -> None:
        """Store what the editor holds: create on the first answer, update afterwards."""
        if self.session is None or editor.problem() or not editor.has_answers():
            return
        items = editor.items()
        if editor.record_uid is None:
            record = self._context.apply(
                outcome_service.record_outcome, self.session.patient_uid, editor.measure,
                items, session_uid=self.session.uid)
            editor.record_uid = record.uid
        else:
            self._context.apply(outcome_service.update_outcome, editor.record_uid, items)
        if editor is self.editor:
            self._editing_uid = editor.record_uid
            self.remove_button.setVisible(not self._read_only)
        self._reload()

    def _show_change(self) -> None:
        editor = self.editor
        result: OutcomeScore | None = editor.result() if editor is not None else None
        if editor is None:
            return
        if result is None or result.score is None:
            editor.change.setText("")
            return
        baseline = baseline_of(self._records, editor.measure, self._editing_uid)
        current = self._record(self._editing_uid)
        if baseline is None or (current is not None and baseline.taken_on > current.taken_on):
            editor.change.setText(f"<span style='color:{MUTED}'>This is the patient's first "
                                f"{SHORT_NAMES[editor.measure]}: it is the baseline.</span>")
            return
        assert baseline.result.score is not None
        change = judge_change(editor.measure.value, baseline.result.score, result.score)
        colour = "#1f6b3a" if change.meaningful else ("#a61b1b" if change.worsened else MUTED)
        editor.change.setText(
            f"<b>Change from baseline</b> ({date_text(baseline.taken_on)}: "
            f"{html.escape(score_text(baseline.result))}):<br>"
            f"<span style='color:{colour}'>{html.escape(change_words(change))}</span>")

    def _remove(self) -> None:
        uid = self._editing_uid
        if uid is None or self._read_only:
            return
        answer = QMessageBox.question(self, "Remove questionnaire",
                                      "Remove this questionnaire from the chart?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._autosave.flush()
        try:
            self._context.apply(outcome_service.delete_outcome, uid)
        except ValidationError as error:
            self._context.events.error.emit(str(error))
            return
        self._close_editor()
        self._reload()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in self.new_buttons.values():
            button.setEnabled(not read_only)
        if self.editor is not None:
            self.editor.set_read_only(read_only or not self._editing_own)
        self.remove_button.setVisible(not read_only and self._editing_uid is not None
                                      and self._editing_own)
