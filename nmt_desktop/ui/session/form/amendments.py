"""Corrections to a signed session: dated amendments with author and reason, listed under it."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.services import signing
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.services.signing import AmendmentRecord
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.common.formatting import local_datetime_text
from nmt_desktop.ui.common.style import MUTED, set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.fields import section_title
from nmt_desktop.ui.session.form.row_list import clear_layout


class AmendmentDialog(QDialog):
    """Reason and text of one correction; it is signed by the therapist who writes it."""

    def __init__(self, context: AppContext, session: SessionRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._session = session
        self.saved: AmendmentRecord | None = None
        self.setWindowTitle("Add an amendment")
        self.setMinimumWidth(480)
        author = context.therapist.signature if context.therapist else "—"
        intro = QLabel(
            f"The session of {html.escape(local_datetime_text(session.started_at))} is signed "
            "and stays as it was. An amendment is added beside it with today's date and "
            f"your name (<b>{html.escape(author)}</b>).")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.reason = FieldWithError("e.g. Wrong side recorded for the piriformis point")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The correction, as it should read")
        self.text.setAccessibleName("Amendment text")
        self.text.setTabChangesFocus(True)
        self.text_error = QLabel()
        set_role(self.text_error, "error")
        self.text_error.hide()
        self.general = error_line()
        form = QFormLayout()
        add_field(form, "&Reason:", self.reason)
        text_label = QLabel("&Amendment:")
        text_label.setBuddy(self.text)
        text_column = QVBoxLayout()
        text_column.addWidget(self.text)
        text_column.addWidget(self.text_error)
        form.addRow(text_label, text_column)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(save_cancel_buttons(self, self.save))
        self.text.textChanged.connect(self.text_error.hide)

    def save(self) -> None:
        therapist = self._context.therapist
        if therapist is None:
            self.general.setText("No therapist profile: an amendment needs an author.")
            self.general.show()
            return
        errors: dict[str, str] = {}
        if not self.reason.text().strip():
            errors["reason"] = "Say why the session is amended."
        if not self.text.toPlainText().strip():
            errors["text"] = "Write the correction."
        if not errors:
            try:
                self.saved = self._context.apply(
                    signing.add_amendment, self._session.uid,
                    self.reason.text().strip(), self.text.toPlainText().strip())
            except ValidationError as error:
                errors = dict(error.field_errors)
            except (ConflictError, NotFoundError) as error:
                errors = {"": str(error)}
        if errors:
            text_message = errors.pop("text", "")
            self.text_error.setText(text_message)
            self.text_error.setVisible(bool(text_message))
            show_field_errors({"reason": self.reason}, errors, self.general)
            if text_message and "reason" not in errors:
                self.text.setFocus()
            return
        self.accept()


def amendment_html(record: AmendmentRecord) -> str:
    return (f"<b>{html.escape(local_datetime_text(record.written_at))}</b> · "
            f"{html.escape(record.author_name)}<br>"
            f"<span style='color:{MUTED}'>Reason:</span> {html.escape(record.reason)}<br>"
            + html.escape(record.text).replace("\n", "<br>"))


class AmendmentsPanel(QWidget):
    """The amendments of a session, oldest first, and the button to add one once signed."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.session: SessionRecord | None = None
        self.records: list[AmendmentRecord] = []
        self.title = section_title("Amendments")
        self.add_button = QPushButton("Add amendment…")
        self.add_button.setToolTip("Correct a signed session with a dated note")
        self.add_button.clicked.connect(self.add)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch()
        header.addWidget(self.add_button)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(6)
        self.empty = QLabel("No amendments. A signed session is corrected only by adding one.")
        self.empty.setWordWrap(True)
        set_role(self.empty, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.empty)
        layout.addLayout(self.list_layout)

    def show_session(self, session: SessionRecord) -> None:
        self.session = session
        self.records = list(self._context.read(signing.list_amendments, session.uid))
        clear_layout(self.list_layout)
        for record in self.records:
            self.list_layout.addWidget(self._card(record))
        self.title.setText(f"Amendments ({len(self.records)})" if self.records
                           else "Amendments")
        self.empty.setVisible(not self.records)
        self.add_button.setEnabled(session.is_signed and self._context.therapist is not None)
        self.setVisible(session.is_signed or bool(self.records))

    @staticmethod
    def _card(record: AmendmentRecord) -> QFrame:
        card = QFrame()
        card.setObjectName("amendment")
        label = QLabel(amendment_html(record))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(label)
        return card

    def add(self) -> uuid.UUID | None:
        if self.session is None or not self.session.is_signed:
            return None
        dialog = AmendmentDialog(self._context, self.session, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.show_session(self.session)
            return dialog.saved.uid
        return None
