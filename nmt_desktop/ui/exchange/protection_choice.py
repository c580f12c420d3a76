"""How a chart file leaves the laptop: encrypted for a clinic, with a password, or plain.

Part of the export dialog. The services check the key and the password (the same rules as on
the command line); this widget adds what only a form can: the password typed twice, and
each problem under its own field.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services.exchange import MIN_PASSWORD_LENGTH, ChartProtection, Protection
from nmt_desktop.ui.common.form_support import FieldWithError
from nmt_desktop.ui.common.style import set_role

_LABELS = {
    Protection.CLINIC_KEY: "Encrypt for the receiving clinic (recommended)",
    Protection.PASSWORD: "Encrypt with a password",
    Protection.NONE: "Not encrypted: anyone who has the file can read it",
}
_HINTS = {
    Protection.CLINIC_KEY: "Only the clinic whose exchange key you paste can open the file; no "
                           "password to pass along. They find their key on their laptop under "
                           "File → This clinic's exchange key…",
    Protection.PASSWORD: "Anyone who knows the password can open the file. Tell it by phone "
                         "or in person, not in the e-mail that carries the file.",
    Protection.NONE: "Names and notes are readable by whoever gets the file: a lost USB "
                     "stick, a mistyped e-mail address.",
}


def monospace(widget: QWidget) -> None:
    """Show a key in a fixed-width font, so that it is easy to compare by eye."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    widget.setFont(font)


class ProtectionChoice(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Protect the chart file", parent)
        self.choices = QButtonGroup(self)
        self.buttons: dict[Protection, QRadioButton] = {}
        self.clinic_key = FieldWithError("age1…  (the receiving clinic's exchange key)")
        self.clinic_key.edit.setAccessibleName("Receiving clinic's exchange key")
        monospace(self.clinic_key.edit)
        self.password = FieldWithError(f"Password (at least {MIN_PASSWORD_LENGTH} characters)")
        self.password.edit.setAccessibleName("Password")
        self.password_again = FieldWithError("The same password again")
        self.password_again.edit.setAccessibleName("The same password again")
        for field in (self.password, self.password_again):
            field.edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout = QVBoxLayout(self)
        # The two password fields side by side: the dialog fits a 768-pixel-high laptop screen.
        passwords = QWidget()
        password_row = QHBoxLayout(passwords)
        password_row.setContentsMargins(0, 0, 0, 0)
        password_row.addWidget(self.password)
        password_row.addWidget(self.password_again)
        fields: dict[Protection, list[QWidget]] = {
            Protection.CLINIC_KEY: [self.clinic_key], Protection.PASSWORD: [passwords],
            Protection.NONE: []}
        self.hints: dict[Protection, QLabel] = {}
        for kind in (Protection.CLINIC_KEY, Protection.PASSWORD, Protection.NONE):
            button = QRadioButton(_LABELS[kind])
            self.choices.addButton(button)
            self.buttons[kind] = button
            hint = QLabel(_HINTS[kind])
            hint.setWordWrap(True)
            # Indented by the layout, not by a style-sheet margin: a wrapped label's height
            # is computed without style-sheet margins, which cut its second line off.
            hint.setContentsMargins(24, 0, 0, 6)
            set_role(hint, "error" if kind is Protection.NONE else "hint")
            self.hints[kind] = hint
            layout.addWidget(button)
            for row in fields[kind]:
                row.setContentsMargins(24, 0, 0, 0)
                layout.addWidget(row)
            layout.addWidget(hint)
        self._fields = fields
        self.buttons[Protection.CLINIC_KEY].setChecked(True)
        self.choices.buttonToggled.connect(lambda _button, _on: self._enable_fields())
        self._enable_fields()

    @property
    def chosen(self) -> Protection:
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def choose(self, kind: Protection) -> None:
        self.buttons[kind].setChecked(True)

    def protection(self) -> ChartProtection | None:
        """What was chosen, checked; None (and each problem under its field) if not valid."""
        for field in (self.clinic_key, self.password, self.password_again):
            field.clear_error()
        try:
            if self.chosen is Protection.CLINIC_KEY:
                return ChartProtection.for_clinic(self.clinic_key.text())
            if self.chosen is Protection.PASSWORD:
                protection = ChartProtection.with_password(self.password.text())
                if self.password_again.text() != self.password.text():
                    self.password_again.set_error("The two passwords differ: type the same "
                                                  "password in both fields.")
                    self.password_again.edit.setFocus()
                    return None
                return protection
        except ValidationError as error:
            field = self.clinic_key if "recipient" in error.field_errors else self.password
            field.set_error(" ".join(error.field_errors.values()))
            field.edit.setFocus()
            return None
        return ChartProtection.plain()

    def _enable_fields(self) -> None:
        for kind, fields in self._fields.items():
            for field in fields:
                field.setEnabled(kind is self.chosen)
