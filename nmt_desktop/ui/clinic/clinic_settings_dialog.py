"""Clinic settings: the letterhead printed on every report, and the clinic's scope of practice.

Scope of practice (clinical-spec §5.3) depends on licence and jurisdiction, so each clinic
switches off the techniques it may not offer; techniques usually outside massage-therapy scope
are listed apart so that nobody ticks them without noticing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import StaleEditError, ValidationError
from nmt_desktop.domain.techniques import TECHNIQUES, Technique
from nmt_desktop.services import clinic as clinic_service
from nmt_desktop.services.clinic import ClinicSettingsRecord
from nmt_desktop.ui.clinic.clinic_logo import LOGO_FILE_FILTER, LogoError, load_logo, logo_image
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.common.stale_edit import StaleAsker, StaleChoice, ask_reload_or_keep
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext

LogoChooser = Callable[[QWidget], str]  # parent -> chosen file, or "" if cancelled
LOGO_PREVIEW_WIDTH, LOGO_PREVIEW_HEIGHT = 260, 90
TECHNIQUE_COLUMNS = 2


def ask_for_logo_file(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, "Choose the clinic logo", "",
                                                LOGO_FILE_FILTER)
    return path


class ClinicSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 choose_logo_file: LogoChooser = ask_for_logo_file,
                 ask_keep_mine: StaleAsker | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._choose_logo_file = choose_logo_file
        self._ask_keep_mine = ask_keep_mine or (lambda refusal: ask_reload_or_keep(
            self, "Clinic settings changed elsewhere", refusal))
        self.original: ClinicSettingsRecord = context.read(clinic_service.get_clinic_settings)
        self.saved: ClinicSettingsRecord | None = None
        self.logo_png: bytes | None = self.original.logo_png
        self.setWindowTitle("Clinic settings")
        self.setMinimumWidth(640)

        form = QFormLayout()
        self.fields = {
            "name": add_field(form, "Clinic &name:", FieldWithError("Printed at the top")),
            "phone": add_field(form, "&Phone:", FieldWithError()),
            "email": add_field(form, "E&mail:", FieldWithError()),
        }
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setPlaceholderText("Street\nTown, postcode")
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.address.setAccessibleName("Address")
        self.address_error = QLabel()
        set_role(self.address_error, "error")
        self.address_error.hide()
        address_box = QVBoxLayout()
        address_box.setSpacing(2)
        address_box.addWidget(self.address)
        address_box.addWidget(self.address_error)
        address_label = QLabel("&Address:")
        address_label.setBuddy(self.address)
        form.insertRow(1, address_label, address_box)
        form.addRow("Logo:", self._logo_row())

        letterhead = QGroupBox("Letterhead on reports")
        letterhead.setLayout(form)
        self.technique_boxes: dict[str, QCheckBox] = {}
        scope = self._scope_group()
        self.general_error = error_line()
        buttons = save_cancel_buttons(self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(letterhead)
        layout.addWidget(scope)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self._show(self.original)

    # -- layout --------------------------------------------------------------------------------

    def _logo_row(self) -> QWidget:
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(LOGO_PREVIEW_WIDTH, LOGO_PREVIEW_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.logo_preview, "logo-preview")
        self.logo_preview.setAccessibleName("Logo preview")
        self.choose_logo_button = QPushButton("&Choose…")
        self.remove_logo_button = QPushButton("&Remove")
        self.logo_error = QLabel()
        set_role(self.logo_error, "error")
        self.logo_error.setWordWrap(True)
        self.logo_error.hide()
        hint = QLabel("PNG or JPEG. Large pictures are scaled down to letterhead size.")
        set_role(hint, "hint")
        hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.choose_logo_button)
        side.addWidget(self.remove_logo_button)
        side.addStretch()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview)
        row.addLayout(side)
        row.addStretch()
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(hint)
        column.addWidget(self.logo_error)
        holder = QWidget()
        holder.setLayout(column)
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        return holder

    def _scope_group(self) -> QGroupBox:
        group = QGroupBox("Scope of practice: techniques offered at this clinic")
        intro = QLabel("Untick what your licence or clinic does not allow; charting then "
                       "refuses or flags it.")
        intro.setWordWrap(True)
        set_role(intro, "hint")
        usual = [t for t in TECHNIQUES if not t.outside_massage_scope]
        outside = [t for t in TECHNIQUES if t.outside_massage_scope]
        layout = QVBoxLayout(group)
        layout.addWidget(intro)
        layout.addLayout(self._technique_grid(usual))
        outside_label = QLabel("Usually outside massage-therapy scope:")
        set_role(outside_label, "caption-spaced")
        layout.addWidget(outside_label)
        layout.addLayout(self._technique_grid(outside))
        return group

    def _technique_grid(self, techniques: list[Technique]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        rows = (len(techniques) + TECHNIQUE_COLUMNS - 1) // TECHNIQUE_COLUMNS
        for position, technique in enumerate(techniques):
            box = QCheckBox(technique.label)
            box.setToolTip(f"{technique.description}\nScope: {technique.scope_note}")
            self.technique_boxes[technique.id] = box
            grid.addWidget(box, position % rows, position // rows)
        return grid

    # -- values --------------------------------------------------------------------------------

    def _show(self, record: ClinicSettingsRecord) -> None:
        self.fields["name"].edit.setText(record.name)
        self.fields["phone"].edit.setText(record.phone)
        self.fields["email"].edit.setText(record.email)
        self.address.setPlainText(record.address)
        for technique_id, box in self.technique_boxes.items():
            box.setChecked(technique_id not in record.disabled_techniques)
        self._show_logo()

    def _show_logo(self) -> None:
        image = logo_image(self.logo_png)
        self.remove_logo_button.setEnabled(not image.isNull())
        if image.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return
        self.logo_preview.setPixmap(QPixmap.fromImage(image).scaled(
            LOGO_PREVIEW_WIDTH - 8, LOGO_PREVIEW_HEIGHT - 8, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def choose_logo(self) -> None:
        chosen = self._choose_logo_file(self)
        if not chosen:
            return
        try:
            self.logo_png = load_logo(Path(chosen))
        except LogoError as problem:
            self.logo_error.setText(str(problem))
            self.logo_error.show()
            return
        self.logo_error.hide()
        self._show_logo()

    def remove_logo(self) -> None:
        self.logo_png = None
        self.logo_error.hide()
        self._show_logo()

    def changes(self) -> dict[str, Any]:
        """Only what differs from what is stored: an unchanged dialog writes nothing."""
        current: dict[str, Any] = {
            "name": self.fields["name"].text().strip(),
            "address": self.address.toPlainText().strip(),
            "phone": self.fields["phone"].text().strip(),
            "email": self.fields["email"].text().strip(),
            "logo_png": self.logo_png,
            "disabled_techniques": frozenset(
                tid for tid, box in self.technique_boxes.items() if not box.isChecked()),
        }
        return {key: value for key, value in current.items()
                if value != getattr(self.original, key)}

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.saved = self.original
            self.accept()
            return
        try:
            self.saved = self._context.apply(clinic_service.update_clinic_settings, changes,
                                             expected_version=self.original.version)
        except StaleEditError as error:
            # Someone else saved the settings since this dialog opened: never a silent
            # overwrite. What was typed stays in the dialog until the person chooses.
            if self._ask_keep_mine(str(error)) is StaleChoice.RELOAD_THEIRS:
                self.original = self._context.read(clinic_service.get_clinic_settings)
                self.logo_png = self.original.logo_png
                self._show(self.original)
                return
            self.original = replace(self.original, version=error.current_version)
            self.save()
            return
        except ValidationError as error:
            errors = dict(error.field_errors)
            self.address_error.setVisible("address" in errors)
            self.address_error.setText(errors.pop("address", ""))
            logo_problem = errors.pop("logo_png", "")
            self.logo_error.setVisible(bool(logo_problem))
            self.logo_error.setText(logo_problem)
            show_field_errors(self.fields, errors, self.general_error)
            return
        self.accept()
