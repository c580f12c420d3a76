"""Two small records the screening asks for: a medical clearance and a red-flag referral.

Each dialog only collects and shows the service's validation messages; the record is written
by the intake service in one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.screening import Contraindication, RedFlag
from nmt_desktop.services import intake as intake_service
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.screening_checklist import urgency_badge

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def parse_local_datetime(text: str) -> dt.datetime | None:
    """"2025-03-14 09:30" typed in local time, as an aware UTC datetime; None if unreadable."""
    try:
        moment = dt.datetime.strptime(text.strip(), DATETIME_FORMAT)
    except ValueError:
        return None
    return moment.astimezone().astimezone(dt.UTC)


class ClearanceDialog(QDialog):
    """Who cleared the patient for treatment despite one item, when, and until when."""

    def __init__(self, context: AppContext, intake_uid: uuid.UUID,
                 item: Contraindication | RedFlag, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._intake_uid = intake_uid
        self.item = item
        self.setWindowTitle("Record medical clearance")
        self.setMinimumWidth(480)
        if isinstance(item, RedFlag):
            title, detail = item.finding, f"Possible concern: {item.concern}. For what was the " \
                "patient cleared? Say it in the note."
        else:
            title, detail = item.label, item.modification
        about = QLabel(f"<b>{html.escape(title)}</b><br>{html.escape(detail)}")
        about.setWordWrap(True)
        form = QFormLayout()
        self.fields = {
            "cleared_by": add_field(form, "Cleared &by:",
                                    FieldWithError("physician's name and practice")),
            "cleared_on": add_field(form, "Cleared &on:", FieldWithError("YYYY-MM-DD")),
            "valid_until": add_field(form, "Valid &until:",
                                     FieldWithError("YYYY-MM-DD, empty: until the intake changes")),
            "note": add_field(form, "&Note:", FieldWithError("what for; letter scanned, by phone")),
        }
        self.fields["cleared_on"].edit.setText(dt.date.today().isoformat())
        self.general_error = error_line()
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def save(self) -> None:
        errors: dict[str, str] = {}
        who = self.fields["cleared_by"].text().strip()
        if not who:
            errors["cleared_by"] = "Say who gave the clearance."
        try:
            cleared_on = dt.date.fromisoformat(self.fields["cleared_on"].text().strip())
        except ValueError:
            errors["cleared_on"] = "Write the date as YYYY-MM-DD, e.g. 2025-03-14."
        else:
            if cleared_on > dt.date.today():
                errors["cleared_on"] = "The clearance date cannot be in the future."
        valid_until: dt.date | None = None
        until_text = self.fields["valid_until"].text().strip()
        if until_text:
            try:
                valid_until = dt.date.fromisoformat(until_text)
            except ValueError:
                errors["valid_until"] = "Write the date as YYYY-MM-DD, or leave it empty."
        if errors:
            show_field_errors(self.fields, errors, self.general_error)
            return
        try:
            self._context.apply(intake_service.record_clearance, self._intake_uid, self.item.id,
                                who, cleared_on,
                                note=self.fields["note"].text().strip(),
                                valid_until=valid_until)
        except (ValidationError, ConflictError) as error:
            problems = (error.field_errors if isinstance(error, ValidationError)
                        else {"": str(error)})
            show_field_errors(self.fields, problems, self.general_error)
            return
        self.accept()


class ReferralDialog(QDialog):
    """Who was contacted about which red flags, when, and what was said."""

    def __init__(self, context: AppContext, intake_uid: uuid.UUID, flags: Sequence[RedFlag],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._intake_uid = intake_uid
        self.setWindowTitle("Record referral")
        self.setMinimumWidth(560)
        intro = QLabel("Record the referral as it happened. The app documents; the clinical "
                       "decision is yours.")
        intro.setWordWrap(True)
        set_role(intro, "muted")
        self.flag_boxes: dict[str, QCheckBox] = {}
        flags_layout = QVBoxLayout()
        for flag in sorted(flags, key=lambda f: f.urgency.rank):
            box = QCheckBox(f"{flag.finding} — {flag.urgency.label}")
            box.setChecked(True)
            box.setToolTip(f"Possible concern: {flag.concern}")
            row = QFormLayout()
            row.addRow(urgency_badge(flag.urgency, flag.urgency_note), box)
            flags_layout.addLayout(row)
            self.flag_boxes[flag.id] = box
        self.flags_error = QLabel()
        set_role(self.flags_error, "error")
        self.flags_error.hide()
        form = QFormLayout()
        self.fields = {
            "contacted": add_field(form, "&Contacted:",
                                   FieldWithError("who: e.g. Dr Okafor (GP), emergency services")),
            "contacted_at": add_field(form, "&When:", FieldWithError("YYYY-MM-DD HH:MM")),
        }
        self.fields["contacted_at"].edit.setText(dt.datetime.now().strftime(DATETIME_FORMAT))
        self.said = QPlainTextEdit()
        self.said.setTabChangesFocus(True)
        self.said.setFixedHeight(90)
        self.said.setAccessibleName("What was said")
        self.said.setPlaceholderText("What you reported and what was advised")
        form.addRow("What was &said:", self.said)
        self.said_error = QLabel()
        set_role(self.said_error, "error")
        self.said_error.hide()
        form.addRow("", self.said_error)
        self.general_error = error_line()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(flags_layout)
        layout.addWidget(self.flags_error)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def chosen_flags(self) -> list[str]:
        return [flag_id for flag_id, box in self.flag_boxes.items() if box.isChecked()]

    def save(self) -> None:
        errors: dict[str, str] = {}
        contacted = self.fields["contacted"].text().strip()
        if not contacted:
            errors["contacted"] = "Say who was contacted."
        when = parse_local_datetime(self.fields["contacted_at"].text())
        if when is None:
            errors["contacted_at"] = "Write date and time as YYYY-MM-DD HH:MM."
        elif when > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            errors["contacted_at"] = "The contact cannot be in the future."
        said = self.said.toPlainText().strip()
        if not said:
            errors["said"] = "Write what was said."
        if not self.chosen_flags():
            errors["red_flag_ids"] = "Tick at least one red flag this referral covers."
        if self._show_errors(errors):
            return
        assert when is not None
        try:
            self._context.apply(intake_service.record_referral, self._intake_uid,
                                self.chosen_flags(), contacted, when, said)
        except (ValidationError, ConflictError) as error:
            self._show_errors(error.field_errors if isinstance(error, ValidationError)
                              else {"": str(error)})
            return
        self.accept()

    def _show_errors(self, errors: dict[str, str]) -> bool:
        self.said_error.setText(errors.get("said", ""))
        self.said_error.setVisible("said" in errors)
        self.flags_error.setText(errors.get("red_flag_ids", ""))
        self.flags_error.setVisible("red_flag_ids" in errors)
        rest = {k: v for k, v in errors.items() if k not in ("said", "red_flag_ids")}
        show_field_errors(self.fields, rest, self.general_error)
        return bool(errors)


__all__ = ["ClearanceDialog", "ReferralDialog", "parse_local_datetime"]
