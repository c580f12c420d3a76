"""Typed notes stay typed until the database has taken them, and the form says what is going on.

Faults: a connection whose writes fail with SQLite's "database or disk is full", and another
program's connection holding the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import session_notes
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form import unsaved
from nmt_desktop.ui.session.form.unsaved import Choice
from tests.faults.injection import HeldWriteLock, failing_writes
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]
SAVED = re.compile(r"^Saved \d\d:\d\d$")


def stored(db: Database, session: SessionRecord) -> str:
    return session_notes.get_session_notes(db, session.uid).chief_complaint


def test_a_full_disk_keeps_the_text_says_so_and_saves_after_recovery(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    window = open_session(session)
    form = form_of(window)
    editor = form.fields["chief_complaint"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Headache behind the left eye")
    # WHEN the commit fails because the disk is full
    with failing_writes("database or disk is full"):
        assert form.flush() is False
        # THEN the form says so where the therapist types, and keeps the text
        assert form.save_problem.isVisible()
        message = form.save_problem.message.text()
        assert "Not saved: the disk is full" in message and "Your text is kept here" in message
        assert not form.saved_label.text().startswith("Saved")
        assert form.fields["chief_complaint"].value() == "Headache behind the left eye"
        assert form.autosave.has_pending()
        # AND typing on does not turn the message into "Saving…" or "Saved"
        qtbot.keyClicks(editor, ", worse at night")
        form.flush()
        assert not form.saved_label.text().startswith(("Saved", "Saving"))
        assert stored(db, session) == ""
    # WHEN the disk has room again, the retry timer writes exactly that text
    qtbot.waitUntil(lambda: not form.autosave.has_pending(), timeout=10_000)
    assert stored(db, session) == "Headache behind the left eye, worse at night"
    assert SAVED.match(form.saved_label.text()), form.saved_label.text()
    assert not form.save_problem.isVisible()


def test_a_held_write_lock_shows_waiting_without_freezing_and_saves_later(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["chief_complaint"].editor.setPlainText("Neck stiff since Monday")
    lock = HeldWriteLock(db)
    try:
        started = time.monotonic()
        assert form.flush() is False
        # The window waited a fraction of a second, not the engine's 5 s busy timeout.
        assert time.monotonic() - started < 2.5
        assert "Waiting: another program is writing to this chart file" in \
            form.save_problem.message.text()
        assert form.saved_label.text() == "Waiting to save…"
        assert stored(db, session) == ""
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not form.autosave.has_pending(), timeout=10_000)
    assert stored(db, session) == "Neck stiff since Monday"
    assert SAVED.match(form.saved_label.text())


def test_retry_now_saves_at_once(qtbot: QtBot, open_session: OpenSession,
                                 session: SessionRecord, db: Database) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["chief_complaint"].editor.setPlainText("Low back pain")
    with failing_writes():
        form.flush()
    form.save_problem.retry_button.click()
    assert stored(db, session) == "Low back pain"
    assert SAVED.match(form.saved_label.text())


def test_signing_waits_for_unsaved_text(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["chief_complaint"].editor.setPlainText("Typed before signing")
    warnings: list[str] = []
    monkeypatch.setattr("nmt_desktop.ui.session.form.form.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    with failing_writes():
        assert form.sign() is None
    assert warnings and "cannot be signed yet" in warnings[0]
    form.flush()
    assert stored(db, session) == "Typed before signing"


def test_closing_with_unsaved_text_asks_and_can_keep_it_in_a_file(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["chief_complaint"].editor.setPlainText("Shoulder pain, 6/10")
    questions: list[tuple[str, bool]] = []
    answers = [Choice.STAY, Choice.KEEP_IN_FILE]

    def answer(_parent: object, reason: str, closing: bool) -> Choice:
        questions.append((reason, closing))
        return answers.pop(0)

    monkeypatch.setattr(unsaved, "ask", answer)
    kept = tmp_path / "unsaved.txt"
    monkeypatch.setattr("nmt_desktop.ui.session.form.form.QFileDialog.getSaveFileName",
                        lambda *_args: (str(kept), ""))
    with failing_writes():
        # "Stay here": the window stays open with the text
        assert window.close() is False
        assert window.isVisible()
        assert form.fields["chief_complaint"].value() == "Shoulder pain, 6/10"
        # "Save text to file…": the text is in the file, then the window closes
        assert window.close() is True
    assert questions == [("the disk is full; free some space and it will be saved", True)] * 2
    text = kept.read_text(encoding="utf-8")
    assert "Shoulder pain, 6/10" in text and "not yet saved" in text
    if os.name == "posix":  # clinical text: the owner's alone, like every export
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_leaving_the_page_with_unsaved_text_asks_and_keeps_retrying(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_session(session)
    form = form_of(window)
    form.fields["chief_complaint"].editor.setPlainText("Hip pain")
    answers = [Choice.STAY, Choice.GO_ANYWAY]
    monkeypatch.setattr(unsaved, "ask", lambda *_args: answers.pop(0))
    with failing_writes():
        window.session_page.back_requested.emit()
        assert window.pages.currentWidget() is window.session_page
        window.session_page.back_requested.emit()
        assert window.pages.currentWidget() is window.patient_page
        assert form.autosave.has_pending()
    qtbot.waitUntil(lambda: not form.autosave.has_pending(), timeout=10_000)
    assert stored(db, session) == "Hip pain"
