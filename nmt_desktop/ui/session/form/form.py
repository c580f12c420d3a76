"""The SOAP record of one session beside its body map: autosaved notes, outcomes, signing.

Nothing here has a Save button. Typed text is staged in an AutosaveBuffer and written after a
short pause, and at the latest when the form is hidden (another page, another session, the
window closing). Signing locks the whole session page; corrections become amendments.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop import APP_NAME
from nmt_desktop.domain.access import AuthMethod
from nmt_desktop.domain.errors import NotAllowedError, StaleEditError
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.services import clinic, session_notes, signing
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.database import classify_write_failure
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.services.session_notes import SessionNotesRecord
from nmt_desktop.ui.accounts import password_prompt
from nmt_desktop.ui.common.formatting import local_datetime_text
from nmt_desktop.ui.common.style import MUTED, SIGNED, set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form import pages
from nmt_desktop.ui.session.form.amendments import AmendmentsPanel
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.edit_conflict import EditConflictBanner
from nmt_desktop.ui.session.form.fields import (
    COPIED_BACKGROUND,
    COPIED_BORDER,
    COPIED_TEXT,
    ChoicesField,
    NoteField,
)
from nmt_desktop.ui.session.form.goals_panel import GoalsPanel
from nmt_desktop.ui.session.form.home_care_panel import HomeCarePanel
from nmt_desktop.ui.session.form.outcomes_panel import OutcomesPanel
from nmt_desktop.ui.session.form.posture_panel import PosturePanel
from nmt_desktop.ui.session.form.rom_panel import RomPanel
from nmt_desktop.ui.session.form.save_problem import (
    SaveProblemBanner,
    problem_text,
    unsaved_text_document,
    write_text_file,
)


def short_date(moment: dt.datetime) -> str:
    """"12 Nov" this year, "12 Nov 2024" otherwise: how the copied tag names its source."""
    local = moment.astimezone()
    today = dt.date.today()
    return local.strftime("%d %b") if local.year == today.year else local.strftime("%d %b %Y")


def technique_choices(enabled: list[str], stored: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The clinic's techniques, plus any stored one the clinic has since switched off."""
    ids = list(enabled) + [t for t in stored if t not in enabled and t in TECHNIQUES_BY_ID]
    choices = []
    for technique_id in ids:
        technique = TECHNIQUES_BY_ID[technique_id]
        label = technique.label
        if technique_id not in enabled:
            label += " (switched off in clinic settings)"
        elif technique.outside_massage_scope:
            label += " ⚠"
        choices.append((technique_id, label,
                        f"{technique.description}\nScope: {technique.scope_note}"))
    return choices


class SessionForm(QWidget):
    signed = Signal(object)  # the signed SessionRecord

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.session: SessionRecord | None = None
        self.notes: SessionNotesRecord | None = None
        self._read_only = False
        self._copied_source = ""
        self._last_problem = ""
        # The notes' version each session's edits were made from (no lost update).
        self._notes_versions: dict[uuid.UUID, int] = {}
        self.autosave = AutosaveBuffer(parent=self, classify=lambda error: (
            classify_write_failure(error, context.db.sqlite_file)))

        self.fields: dict[str, NoteField] = {}
        for field in (pages.subjective_fields() + pages.objective_fields()
                      + pages.assessment_fields() + pages.plan_fields()):
            self.fields[field.name] = field
            field.edited.connect(self._field_edited)
        self.posture = PosturePanel(context, self.autosave)
        self.rom = RomPanel(context, self.autosave)
        self.goals = GoalsPanel(context, self.autosave)
        self.home_care = HomeCarePanel(context, self.autosave)
        self.outcomes = OutcomesPanel(context, self.autosave)
        self.amendments = AmendmentsPanel(context)

        # Short SOAP letters keep every tab visible in a narrow column; each page and
        # tooltip spells out its section.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        set_role(self.tabs, "form-tabs")
        self.pages: dict[str, QWidget] = {
            "S": pages.subjective_page(self.fields),
            "O": pages.objective_page(self.fields, self.posture, self.rom),
            "A": pages.assessment_page(self.fields, self.goals),
            "P": pages.plan_page(self.fields, self.home_care),
            "Outcomes": pages.scroll_page([self.outcomes]),
        }
        for name, page in self.pages.items():
            index = self.tabs.addTab(page, name)
            self.tabs.setTabToolTip(index, pages.PAGE_TIPS[name])

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.saved_label = QLabel()
        set_role(self.saved_label, "hint")
        self.saved_label.setAccessibleName("Autosave status")
        self.sign_button = QPushButton("Sign session…")
        self.sign_button.setToolTip("Sign and lock this session; corrections become amendments")
        self.sign_button.clicked.connect(self.sign)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.status)
        header.addWidget(self.saved_label, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.sign_button)

        self.copied_banner = QFrame()
        self.copied_banner.setObjectName("copiedBanner")
        self.copied_banner.setStyleSheet(
            f"QFrame#copiedBanner {{ background: {COPIED_BACKGROUND}; "
            f"border: 1px solid {COPIED_BORDER}; border-radius: 4px; }}")
        self.copied_text = QLabel()
        self.copied_text.setWordWrap(True)
        self.copied_text.setStyleSheet(f"color: {COPIED_TEXT};")
        self.confirm_button = QPushButton("Confirm all")
        self.confirm_button.setToolTip("Keep every copied value as today's without editing it")
        self.confirm_button.clicked.connect(self.confirm_copied)
        banner_layout = QHBoxLayout(self.copied_banner)
        banner_layout.setContentsMargins(8, 4, 6, 4)
        banner_layout.addWidget(self.copied_text, 1)
        banner_layout.addWidget(self.confirm_button)
        self.copied_banner.hide()
        self.save_problem = SaveProblemBanner(self.autosave, self.keep_unsaved_in_file)
        self.edit_conflict = EditConflictBanner()
        self.edit_conflict.reload_theirs.connect(self.reload_theirs)
        self.edit_conflict.keep_mine.connect(self.keep_mine)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.save_problem)
        layout.addWidget(self.edit_conflict)
        layout.addWidget(self.copied_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.amendments)

        self.autosave.saving.connect(self._saving)
        self.autosave.saved.connect(
            lambda when: self._show_saved(f"Saved {when.strftime('%H:%M')}"))
        self.autosave.failed.connect(self._save_failed)
        self.autosave.write_failed.connect(self._write_failed)
        self.autosave.conflict.connect(self._edit_conflict)

    # -- loading -----------------------------------------------------------------------

    def show_session(self, session: SessionRecord) -> None:
        """Show `session`; whatever was typed in the previous one is written first."""
        self.autosave.flush()
        self.session = session
        notes = self._context.read(session_notes.get_session_notes, session.uid)
        self.notes = notes
        if self.autosave.in_conflict(("notes", session.uid)) is None:
            self._notes_versions[session.uid] = notes.version
        self._read_only = session.is_signed or notes.read_only
        settings = self._context.read(clinic.get_clinic_settings)
        techniques = self.fields["techniques"]
        assert isinstance(techniques, ChoicesField)
        # One column: long technique names stay whole in the narrow form column.
        techniques.set_choices(technique_choices(
            [t.id for t in settings.enabled_techniques()], tuple(notes.techniques)), columns=1)
        for name, field in self.fields.items():
            field.set_value(getattr(notes, name))
        self._copied_source = ""
        if notes.copied_from_uid is not None:
            source = self._context.read(session_service.get_session, notes.copied_from_uid)
            self._copied_source = short_date(source.started_at)
        self.posture.show_session(session.uid, self._read_only)
        self.rom.show_session(session.uid, self._read_only)
        self.goals.show_session(session, self._read_only)
        self.home_care.show_session(session.uid, self._read_only)
        self.outcomes.show_session(session, self._read_only)
        self.amendments.show_session(session)
        self._show_copied(notes.copied_fields)
        self.set_read_only(self._read_only)
        self._show_status()
        self.saved_label.setText("")
        self._show_conflict_of_shown_session()

    def _show_status(self) -> None:
        session = self.session
        if session is None:
            return
        therapist = self._context.therapist
        if session.is_signed:
            when = local_datetime_text(session.signed_at) if session.signed_at else ""
            who = session.signed_by_name or session.therapist_name
            self.status.setText(f"<span style='color: {SIGNED}; font-weight: 600;'>✔ Signed</span> "
                                f"<span style='color:{MUTED}'>{html.escape(when)} · "
                                f"{html.escape(who)}</span>")
            self.sign_button.hide()
            return
        self.status.setText(f"<span style='color: {MUTED}; font-weight: 600;'>Draft</span>")
        self.sign_button.show()
        own = therapist is not None and therapist.uid == session.therapist_uid
        self.sign_button.setEnabled(own)
        self.sign_button.setToolTip(
            "Sign and lock this session; corrections become amendments" if own else
            f"Only {session.therapist_name}, who gave this session, can sign it.")

    def _show_copied(self, copied_fields: frozenset[str]) -> None:
        for name, field in self.fields.items():
            field.set_copied(self._copied_source if name in copied_fields
                             and not self._read_only else None)
        self._update_banner()

    def _update_banner(self) -> None:
        rows = ([r for r in self.posture.rows.values() if r.copied]
                + [r for r in self.home_care.rows.values() if r.copied])
        fields = [f for f in self.fields.values() if f.is_marked_copied()]
        count = len(rows) + len(fields)
        visible = bool(count) and not self._read_only
        self.copied_banner.setVisible(visible)
        if visible:
            self.copied_text.setText(
                f"Started from the session of {self._copied_source}: {count} tinted "
                f"{'entry is' if count == 1 else 'entries are'} copied. Edit each to make it "
                "today's, or confirm them as they are.")

    def copied_field_names(self) -> set[str]:
        return {name for name, field in self.fields.items() if field.is_marked_copied()}

    # -- saving ------------------------------------------------------------------------

    def _field_edited(self, name: str, value: Any) -> None:
        session = self.session
        if session is None or self._read_only:
            return
        self.fields[name].set_copied(None)
        self._update_banner()
        session_uid = session.uid
        self.autosave.stage(("notes", session_uid),
                            lambda changes: self._write_notes(session_uid, changes), name, value)

    def _write_notes(self, session_uid: uuid.UUID, changes: dict[str, Any]) -> None:
        notes = self._context.apply(session_notes.update_session_notes, session_uid, changes,
                                    expected_version=self._notes_versions.get(session_uid))
        self._notes_versions[session_uid] = notes.version
        if self.session is not None and self.session.uid == session_uid:
            self.notes = notes
            self._show_copied(notes.copied_fields)

    def flush(self) -> bool:
        ok = self.autosave.flush()
        self._update_banner()
        return ok

    def _saving(self) -> None:
        # While the database refuses, the strip keeps saying so; a keystroke does not hide it.
        if not self.autosave.is_failing():
            self._show_saved("Saving…")

    def _show_saved(self, text: str) -> None:
        self.save_problem.hide()
        self._last_problem = ""
        set_role(self.saved_label, "hint")
        self.saved_label.setText(text)
        self.saved_label.setToolTip("")

    def _write_failed(self, reason: str, transient: bool) -> None:
        """The database did not take the text: say so here, keep the text, keep retrying."""
        text = problem_text(reason, transient)
        self.save_problem.show_problem(reason, transient)
        set_role(self.saved_label, "waiting-strong" if transient else "error-strong")
        self.saved_label.setText("Waiting to save…" if transient else "⚠ Not saved")
        self.saved_label.setToolTip(text)
        if text != self._last_problem:  # once per problem, not at every retry
            self._last_problem = text
            self._context.events.error.emit(text)

    # -- someone else saved first ---------------------------------------------------------

    def _edit_conflict(self, target: object, error: StaleEditError) -> None:
        """Say who saved first, here; the typed text stays staged until the person chooses."""
        set_role(self.saved_label, "error-strong")
        self.saved_label.setText("⚠ Not saved: changed elsewhere")
        self.saved_label.setToolTip(str(error))
        self._show_conflict_of_shown_session()
        self._context.events.error.emit(str(error))

    def _shown_notes_target(self) -> tuple[str, uuid.UUID] | None:
        return ("notes", self.session.uid) if self.session is not None else None

    def _show_conflict_of_shown_session(self) -> None:
        target = self._shown_notes_target()
        error = self.autosave.in_conflict(target) if target is not None else None
        if error is None:
            self.edit_conflict.hide()
        else:
            self.edit_conflict.show_conflict(str(error))

    def keep_mine(self) -> None:
        """Write what was typed over the other save: the next write starts from theirs."""
        target = self._shown_notes_target()
        error = self.autosave.in_conflict(target) if target is not None else None
        if target is None or error is None:
            return
        self._notes_versions[target[1]] = error.current_version
        self.edit_conflict.hide()
        self.autosave.keep_mine(target)

    def reload_theirs(self) -> None:
        """Drop what was typed and show the notes as the other person saved them."""
        target = self._shown_notes_target()
        if target is None or self.session is None:
            return
        self.autosave.take_theirs(target)
        self.edit_conflict.hide()
        notes = self._context.read(session_notes.get_session_notes, self.session.uid)
        self.notes = notes
        self._notes_versions[self.session.uid] = notes.version
        for name, field in self.fields.items():
            field.set_value(getattr(notes, name))
        self._show_copied(notes.copied_fields)
        self._show_saved("Reloaded the saved notes")

    def unsaved_text(self) -> str:
        """Everything typed that the database has not taken yet, as plain text."""
        captions = {name: field.caption.text().replace("&", "")
                    for name, field in self.fields.items()}
        when = (local_datetime_text(self.session.started_at)
                if self.session is not None else "")
        heading = f"{APP_NAME}: text not yet saved to the chart (session of {when})"
        return unsaved_text_document(self.autosave.pending_changes(), captions, heading)

    def keep_unsaved_in_file(self, path: Path | None = None) -> Path | None:
        """Write the unsaved text to `path` (asked for when None); the text stays staged."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save unsaved text", str(Path.home() / "unsaved session notes.txt"),
                "Text files (*.txt)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_text_file(path, self.unsaved_text())
        except OSError as error:
            QMessageBox.warning(self, "Save text to file",
                                f"Could not write {path}: {error.strerror or error}")
            return None
        return path

    def _save_failed(self, message: str) -> None:
        set_role(self.saved_label, "error")
        self.saved_label.setText(f"⚠ Not saved: {message}")
        self.saved_label.setToolTip(message)
        self._context.events.error.emit(message)

    def confirm_copied(self) -> None:
        """Keep every copied value as today's: the same values, written as confirmed."""
        if self.session is None or self._read_only:
            return
        for name in self.copied_field_names():
            self._field_edited(name, self.fields[name].value())
        self.posture.confirm_copied()
        self.home_care.confirm_copied()
        self.flush()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        # Leaving the page or closing the window must not lose the last keystrokes.
        self.flush()
        super().hideEvent(event)

    # -- signing -----------------------------------------------------------------------

    def sign(self) -> SessionRecord | None:
        session, therapist = self.session, self._context.therapist
        if session is None or therapist is None or session.is_signed:
            return None
        self.flush()
        if self.autosave.has_pending():
            # Signing now would sign without the text the database has not taken yet.
            QMessageBox.warning(self, "Sign session",
                                "The session cannot be signed yet: "
                                f"{self.autosave.last_failure}. Your text is kept here; "
                                "sign once it shows “Saved”.")
            return None
        question = (
            f"Sign the session of {local_datetime_text(session.started_at)} as "
            f"{therapist.signature}?\n\nAfter signing, nothing in it can be changed: not the "
            "notes, the body map or the questionnaires. Corrections are added as dated "
            "amendments.")
        person = self._context.person
        if person is not None and person.authenticated_by is not AuthMethod.SYSTEM:
            record = self._sign_with_password(session.uid, question)
        else:
            # The program itself (demo, scripts) signs without a password to type.
            answer = QMessageBox.question(
                self, "Sign session", question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            record = self._context.attempt(lambda: self._context.apply(
                signing.sign_session, session.uid))
        if record is None:
            return None
        self.signed.emit(record)
        return record

    def _sign_with_password(self, session_uid: uuid.UUID,
                            question: str) -> SessionRecord | None:
        """Re-authentication: the signature records that its signer typed the password again.

        A wrong password is said in the same dialog, which asks again; the services count it
        like a failed sign-in.
        """
        refusal = ""
        while True:
            password = password_prompt.ask_password(
                self, "Sign session", question + "\n\nType your password to sign.", "Sign",
                refusal)
            if password is None:
                return None
            try:
                return self._context.attempt(partial(
                    self._context.apply, signing.sign_session, session_uid, password=password))
            except NotAllowedError as error:
                refusal = str(error)

    # -- pages -------------------------------------------------------------------------

    def add_map_tab(self, panel: QWidget) -> None:
        """Put the map's own panel (tool options, marks, metrics) first among the tabs."""
        # Scrollable, so that the tool options and the marks list never set the window's
        # minimum height on a 768-pixel screen.
        page = pages.scroll_page([panel], margins=(0, 0, 0, 0), stretch=False)
        self.pages = {"Map": page, **self.pages}
        self.tabs.insertTab(0, page, "Map")
        self.tabs.setTabToolTip(0, pages.PAGE_TIPS["Map"])
        self.tabs.setCurrentIndex(0)

    def show_page(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.pages[name])

    # -- state -------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for field in self.fields.values():
            field.set_read_only(read_only)
            if read_only:
                field.set_copied(None)
        for panel in (self.posture, self.rom, self.goals, self.home_care, self.outcomes):
            panel.set_read_only(read_only)
        self._update_banner()

    def is_read_only(self) -> bool:
        return self._read_only
