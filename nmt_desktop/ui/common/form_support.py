"""Form helpers shared by dialogs: a field with its own error line under it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.common.style import set_flag, set_role


class FieldWithError(QWidget):
    """A line edit plus a hidden error label that appears when validation fails."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.error = QLabel(self)
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self.edit.textEdited.connect(lambda _text: self.clear_error())

    def text(self) -> str:
        return self.edit.text()

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        set_flag(self.edit, "invalid", True)
        self.edit.setAccessibleDescription(message)

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()
        set_flag(self.edit, "invalid", False)
        self.edit.setAccessibleDescription("")


def add_field(form: QFormLayout, label: str, field: FieldWithError) -> FieldWithError:
    caption = QLabel(label)
    caption.setBuddy(field.edit)
    field.edit.setAccessibleName(label.replace("&", "").rstrip(":"))
    form.addRow(caption, field)
    return field


def show_field_errors(fields: Mapping[str, FieldWithError], errors: Mapping[str, str],
                      general: QLabel) -> None:
    """Put each message under its field; anything without a field goes in the general line."""
    for field in fields.values():
        field.clear_error()
    leftovers = []
    first_invalid = None
    for name, message in errors.items():
        if name in fields:
            fields[name].set_error(message)
            first_invalid = first_invalid or fields[name]
        else:
            leftovers.append(message)
    general.setText(" ".join(leftovers))
    general.setVisible(bool(leftovers))
    if first_invalid is not None:
        first_invalid.edit.setFocus()


def error_line(strong: bool = False) -> QLabel:
    """The line under a form for problems that belong to no single field, hidden until needed.

    `strong`: the bolder style, for a refusal the person must read before going on (a wrong
    password, a set-up that could not be saved).
    """
    label = QLabel()
    set_role(label, "error-strong" if strong else "error")
    label.setWordWrap(True)
    label.hide()
    return label


def save_cancel_buttons(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """Save runs `save` (which closes the dialog only when everything was valid)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons
