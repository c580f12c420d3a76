"""The strip that asks, where the therapist is typing, what to do when someone else saved first.

Two laptops on one clinic server may edit one draft. When the other one saved after this form
loaded the notes, the service refuses this save (never a silent overwrite) and this strip says
who changed them and when. What was typed stays in the form, and unsaved, until the person
chooses: take the stored notes ("Reload theirs") or write their own over them ("Keep mine").
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

CONFLICT_COLOURS = ("#eef3fb", "#7f9cc8", "#1f3a66")  # background, border, text


def conflict_text(refusal: str) -> str:
    return f"{refusal} Your text is kept here until you choose."


class EditConflictBanner(QFrame):
    reload_theirs = Signal()
    keep_mine = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editConflict")
        background, border, text = CONFLICT_COLOURS
        self.setStyleSheet(f"QFrame#editConflict {{ background: {background}; "
                           f"border: 1px solid {border}; border-radius: 4px; }}")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {text}; font-weight: 600;")
        self.message.setAccessibleName("Edit conflict")
        self.reload_button = QPushButton("Reload theirs")
        self.reload_button.setToolTip("Show the notes as they were saved by the other person; "
                                      "what you typed since is dropped")
        self.reload_button.clicked.connect(lambda _checked=False: self.reload_theirs.emit())
        self.keep_button = QPushButton("Keep mine (overwrite)")
        self.keep_button.setToolTip("Save what you typed over the other person's change")
        self.keep_button.clicked.connect(lambda _checked=False: self.keep_mine.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.hide()

    def show_conflict(self, refusal: str) -> None:
        self.message.setText(conflict_text(refusal))
        self.show()
