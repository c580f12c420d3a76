"""Password fields as the sign-in views share them: no echo, no copying out, a sane length."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

# The services refuse longer passwords (contract: <= 1024 characters); the field stops a
# pasted novel before it reaches them, so a 10,000-character paste is cut, not hashed.
PASSWORD_FIELD_LIMIT = 1024


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PASSWORD_FIELD_LIMIT)
    field.setPlaceholderText(placeholder)
    # No autocompletion or input-method prediction keeps a copy of what is typed.
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                              | Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return field


def repeat_problem(password: str, repeated: str) -> str | None:
    """The one check only the window can make: both fields say the same."""
    if password != repeated:
        return "The two passwords are not the same."
    return None
