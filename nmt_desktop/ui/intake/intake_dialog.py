"""The intake: complaint, history, medications, goals, consent and the screening checklist.

Versions: the latest intake is edited in place; "New version" starts a fresh, dated copy of it
and keeps the old one unchanged (older versions open read-only). Save checks the whole form
first and writes it in one transaction, so nothing is ever half-saved.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.intake_form import IntakeFormInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import intake_form as intake_form_service
from nmt_desktop.services.intake import IntakeRecord
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.common.form_support import FieldWithError, add_field, error_line
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.goals_editor import GoalsEditor
from nmt_desktop.ui.intake.screening_checklist import ScreeningChecklist

VersionRole = Qt.ItemDataRole.UserRole + 1
TEXT_FIELDS = ("presenting_complaint", "history", "medications")


def _text_box(name: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setAccessibleName(name)
    return box


def version_title(record: IntakeRecord) -> str:
    current = " (current)" if record.is_current else ""
    return f"Version {record.version}{current}\n{date_text(record.recorded_on)}"


class IntakeDialog(QDialog):
    """Intake of one patient. `saved` holds the intake written by the last Save."""

    def __init__(self, context: AppContext, patient: PatientRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.patient = patient
        self.saved: IntakeRecord | None = None
        self.shown: IntakeRecord | None = None  # the stored version on screen
        self.editing_new = False  # the form holds a new version not saved yet
        self._dirty = False
        self._loading = False
        self.setWindowTitle(f"Intake — {patient.display_name}")
        self.resize(1080, 720)

        versions_column = self._build_versions_column()

        # The form.
        self.heading = QLabel()
        set_role(self.heading, "dialog-heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_banner = Banner(BannerLevel.INFO)
        self.fields = {
            "recorded_on": FieldWithError("YYYY-MM-DD"),
            "consent_date": FieldWithError("YYYY-MM-DD"),
            "consent_scope": FieldWithError("e.g. assessment and treatment; no abdominal work"),
        }
        self.texts = {
            "presenting_complaint": _text_box("Presenting complaint"),
            "history": _text_box("History", 110),
            "medications": _text_box("Medications", 60),
        }
        history_page = self._build_history_page()
        goals_page = self._build_goals_page()

        self.contraindications = ScreeningChecklist("contraindications")
        self.red_flags = ScreeningChecklist("red_flags")
        self.tabs = QTabWidget()
        self.tabs.addTab(history_page, "Complaint && history")
        self.tabs.addTab(goals_page, "Goals && consent")
        self.tabs.addTab(self.contraindications, "Contraindications")
        self.tabs.addTab(self.red_flags, "Red flags")
        self.general_error = error_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        form_column = QVBoxLayout()
        form_column.addWidget(self.heading)
        form_column.addWidget(self.read_only_banner)
        form_column.addWidget(self.tabs, 1)
        form_column.addWidget(self.general_error)
        form_column.addWidget(self.buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(versions_column)
        layout.addLayout(form_column, 1)

        self._connect()
        self._load()

    def _build_versions_column(self) -> QVBoxLayout:
        self.versions = QListWidget()
        self.versions.setAccessibleName("Intake versions, newest first")
        self.versions.setMaximumWidth(190)
        set_role(self.versions, "version-list")
        self.new_version_button = QPushButton("New version")
        self.new_version_button.setToolTip(
            "Start a new dated intake from the current one; the current one is kept "
            "unchanged. Medical clearances end with it (they hold until the intake is "
            "revised): record again those that still hold")
        versions_column = QVBoxLayout()
        caption = QLabel("Versions")
        set_role(caption, "strong")
        versions_column.addWidget(caption)
        versions_column.addWidget(self.versions, 1)
        versions_column.addWidget(self.new_version_button)
        return versions_column

    def _build_history_page(self) -> QWidget:
        history_page = QWidget()
        history_form = QFormLayout(history_page)
        history_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        add_field(history_form, "Intake &date:", self.fields["recorded_on"])
        history_form.addRow("&Presenting complaint:", self.texts["presenting_complaint"])
        history_form.addRow("&History:", self.texts["history"])
        history_form.addRow("&Medications:", self.texts["medications"])
        self.text_errors = {name: error_line() for name in TEXT_FIELDS}
        for name in TEXT_FIELDS:
            history_form.addRow("", self.text_errors[name])
        return history_page

    def _build_goals_page(self) -> QWidget:
        self.goals = GoalsEditor()
        goals_page = QWidget()
        goals_layout = QVBoxLayout(goals_page)
        goals_caption = QLabel("Treatment goals")
        set_role(goals_caption, "strong")
        goals_layout.addWidget(goals_caption)
        goals_layout.addWidget(self.goals)
        consent_caption = QLabel("Consent")
        set_role(consent_caption, "caption-gap")
        goals_layout.addWidget(consent_caption)
        consent_form = QFormLayout()
        add_field(consent_form, "Consent d&ate:", self.fields["consent_date"])
        add_field(consent_form, "Consent &scope:", self.fields["consent_scope"])
        goals_layout.addLayout(consent_form)
        goals_layout.addStretch(1)
        return goals_page

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.new_version_button.clicked.connect(self.start_new_version)
        self.versions.currentItemChanged.connect(self._version_chosen)
        for checklist in (self.contraindications, self.red_flags):
            checklist.changed.connect(self._changed)
        self.goals.changed.connect(self._changed)
        for field in self.fields.values():
            field.edit.textEdited.connect(lambda _t: self._changed())
        for box in self.texts.values():
            box.textChanged.connect(self._changed)

    # ---------------------------------------------------------------- loading

    def _records(self) -> list[IntakeRecord]:
        return self._context.read(intake_service.list_intakes, self.patient.uid)

    def _load(self) -> None:
        records = self._records()
        self._fill_versions(records)
        if records:
            self._show(records[0])
        else:
            self._start_blank()

    def _fill_versions(self, records: list[IntakeRecord], pending: bool = False) -> None:
        self.versions.blockSignals(True)
        self.versions.clear()
        if pending:
            item = QListWidgetItem(f"Version {len(records) + 1} (new)\nnot saved yet")
            item.setData(VersionRole, None)
            self.versions.addItem(item)
        for record in records:
            item = QListWidgetItem(version_title(record))
            item.setData(VersionRole, record)
            self.versions.addItem(item)
        self.versions.setCurrentRow(0)
        self.versions.blockSignals(False)

    def _start_blank(self) -> None:
        self.editing_new = True
        self.shown = None
        self._fill_versions([], pending=True)
        self._fill(None)
        self._set_mode(editable=True, version=1)

    def start_new_version(self) -> None:
        """A new dated version, prefilled from the current one (which stays as it was)."""
        if not self._confirm_discard():
            return
        records = self._records()
        base = records[0] if records else None
        self.editing_new = True
        self.shown = None
        self._fill_versions(records, pending=True)
        self._fill(base)
        self.fields["recorded_on"].edit.setText(dt.date.today().isoformat())
        self._set_mode(editable=True, version=len(records) + 1)
        self._dirty = True

    def _show(self, record: IntakeRecord) -> None:
        self.editing_new = False
        self.shown = record
        self._fill(record)
        self._set_mode(editable=record.is_current, version=record.version)

    def _version_chosen(self, current: QListWidgetItem | None,
                        previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        record = current.data(VersionRole)
        if record is None or record == self.shown:
            return
        if not self._confirm_discard():
            if previous is not None:
                self.versions.blockSignals(True)
                self.versions.setCurrentItem(previous)
                self.versions.blockSignals(False)
            return
        if self.editing_new:
            self._fill_versions(self._records())
            self._select_version(record)
        self._show(record)

    def _select_version(self, record: IntakeRecord) -> None:
        for row in range(self.versions.count()):
            item = self.versions.item(row)
            stored = item.data(VersionRole)
            if stored is not None and stored.uid == record.uid:
                self.versions.blockSignals(True)
                self.versions.setCurrentRow(row)
                self.versions.blockSignals(False)

    def _fill(self, record: IntakeRecord | None) -> None:
        self._loading = True
        today = dt.date.today().isoformat()
        self.fields["recorded_on"].edit.setText(record.recorded_on.isoformat() if record
                                                else today)
        self.fields["consent_date"].edit.setText(
            record.consent_date.isoformat() if record and record.consent_date else "")
        self.fields["consent_scope"].edit.setText(record.consent_scope if record else "")
        for name, box in self.texts.items():
            box.setPlainText(getattr(record, name) if record else "")
        answers = {a.item_id: ScreeningAnswer(a.item_id, a.present, a.region_ids, a.note)
                   for a in record.answers} if record else {}
        self.contraindications.set_answers(answers)
        self.red_flags.set_answers(answers)
        self.goals.set_goals((g.text, g.target_date, g.uid)
                             for g in (record.goals if record else ())
                             if g.retired_on is None)
        self._clear_errors()
        self._loading = False
        self._dirty = False
        self._update_tab_titles()

    def _set_mode(self, *, editable: bool, version: int) -> None:
        for field in self.fields.values():
            field.edit.setReadOnly(not editable)
        for box in self.texts.values():
            box.setReadOnly(not editable)
        self.contraindications.set_read_only(not editable)
        self.red_flags.set_read_only(not editable)
        self.goals.set_read_only(not editable)
        self.save_button.setEnabled(editable)
        self.new_version_button.setEnabled(not self.editing_new)
        name = self.patient.display_name
        if self.editing_new:
            self.heading.setText(f"{name} — new intake, version {version}")
        else:
            self.heading.setText(f"{name} — intake version {version}")
        if editable:
            self.read_only_banner.clear()
        else:
            self.read_only_banner.show_message(
                f"Version {version} is kept as it was written (read-only).",
                ["Open the current version to change it, or start a new version."])

    # ---------------------------------------------------------------- state

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._update_tab_titles()

    def is_dirty(self) -> bool:
        return self._dirty

    def _update_tab_titles(self) -> None:
        contra = len(self.contraindications.present_ids())
        flags = len(self.red_flags.present_ids())
        self.tabs.setTabText(2, f"Contraindications ({contra})" if contra
                             else "Contraindications")
        self.tabs.setTabText(3, f"Red flags ({flags}) ⚠" if flags else "Red flags")

    def _confirm_discard(self) -> bool:
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved intake", "Discard the changes you have not saved?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._confirm_discard():
            super().reject()

    # ---------------------------------------------------------------- saving

    def form_input(self) -> IntakeFormInput:
        return IntakeFormInput(
            recorded_on=self.fields["recorded_on"].text(),
            presenting_complaint=self.texts["presenting_complaint"].toPlainText(),
            history=self.texts["history"].toPlainText(),
            medications=self.texts["medications"].toPlainText(),
            consent_date=self.fields["consent_date"].text(),
            consent_scope=self.fields["consent_scope"].text(),
            answers=[*self.contraindications.answers(), *self.red_flags.answers()],
            goals=self.goals.goals(),
        )

    def save(self) -> None:
        """Write the whole form at once, or show every problem and write nothing."""
        target = None if self.editing_new else self.shown
        if target is not None and not target.is_current:
            return
        try:
            self.saved = self._context.apply(
                intake_form_service.save_intake_form, self.patient.uid, self.form_input(),
                intake_uid=None if target is None else target.uid)
        except ValidationError as error:
            self._show_errors(error.field_errors)
            return
        except ConflictError as error:
            self.general_error.setText(str(error))
            self.general_error.show()
            return
        self._dirty = False
        self.accept()

    def _clear_errors(self) -> None:
        self._show_errors({}, focus=False)

    def _show_errors(self, errors: dict[str, str], focus: bool = True) -> None:
        first_tab: int | None = None
        for name, field in self.fields.items():
            if name in errors:
                field.set_error(errors[name])
                first_tab = first_tab if first_tab is not None else (
                    0 if name == "recorded_on" else 1)
            else:
                field.clear_error()
        for name, label in self.text_errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
            if name in errors and first_tab is None:
                first_tab = 0
        if self.goals.show_errors(errors) and first_tab is None:
            first_tab = 1
        item_errors = {key.split(":", 1)[1]: message for key, message in errors.items()
                       if key.startswith("answer:")}
        if self.contraindications.show_errors(item_errors) is not None and first_tab is None:
            first_tab = 2
        if self.red_flags.show_errors(item_errors) is not None and first_tab is None:
            first_tab = 3
        known = set(self.fields) | set(TEXT_FIELDS) | {"goals"}
        leftovers = [m for k, m in errors.items() if k not in known
                     and not k.startswith(("goal:", "answer:"))]
        count = len(errors)
        summary = (f"Nothing was saved: {count} problem{'s' if count != 1 else ''} to fix "
                   "(shown in red)." if errors else "")
        self.general_error.setText(" ".join([summary, *leftovers]).strip())
        self.general_error.setVisible(bool(errors))
        if focus and first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)


__all__ = ["IntakeDialog", "version_title"]
