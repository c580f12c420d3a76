"""Two laptops, one draft: the second save never silently overwrites the first.

The other laptop is played by a direct service call under another name. The form, which loaded
the notes before that save, is refused, says who changed them, keeps what was typed, and lets
the therapist choose "Reload theirs" or "Keep mine (overwrite)".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import session_notes
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.main_window import MainWindow
from tests.people import person
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def _saved_elsewhere(db: Database, session: SessionRecord, text: str) -> None:
    sam = db.signed_in_as(person(display_name="Sam Lee"))
    session_notes.update_session_notes(sam, session.uid, {"chief_complaint": text})


def _stored(db: Database, session: SessionRecord) -> str:
    return session_notes.get_session_notes(db, session.uid).chief_complaint


def _type_after_the_other_save(qtbot: QtBot, open_session: OpenSession, session: SessionRecord,
                               db: Database) -> MainWindow:
    window = open_session(session)
    form = form_of(window)
    _saved_elsewhere(db, session, "Theirs: low back")
    editor = form.fields["chief_complaint"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Mine: neck")
    assert form.flush() is False
    return window


def test_a_stale_save_is_refused_names_who_and_keeps_the_text(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(_type_after_the_other_save(qtbot, open_session, session, db))
    assert form.edit_conflict.isVisible()
    message = form.edit_conflict.message.text()
    assert "Changed by Sam Lee at " in message and "kept here" in message, message
    assert form.fields["chief_complaint"].value() == "Mine: neck"
    assert form.autosave.has_pending()
    assert _stored(db, session) == "Theirs: low back", "never a silent overwrite"
    # Typing on keeps waiting for the choice; nothing is written meanwhile.
    qtbot.keyClicks(form.fields["chief_complaint"].editor, " and shoulder")
    form.flush()
    assert _stored(db, session) == "Theirs: low back"
    assert not form.saved_label.text().startswith(("Saved", "Saving"))
    # Signing now would sign without the typed text: the pending choice blocks it.
    assert "after you opened the session notes" in form.autosave.last_failure
    form.edit_conflict.reload_button.click()  # (closing the window would ask first)


def test_keep_mine_overwrites_with_what_was_typed(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(_type_after_the_other_save(qtbot, open_session, session, db))
    form.edit_conflict.keep_button.click()
    assert _stored(db, session) == "Mine: neck"
    assert not form.edit_conflict.isVisible()
    assert not form.autosave.has_pending()
    assert form.saved_label.text().startswith("Saved")
    # The form's next edits start from its own save: no refusal.
    qtbot.keyClicks(form.fields["chief_complaint"].editor, "!")
    assert form.flush() is True
    assert _stored(db, session) == "Mine: neck!"


def test_reload_theirs_shows_the_stored_notes_and_drops_the_typed_text(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
) -> None:
    form = form_of(_type_after_the_other_save(qtbot, open_session, session, db))
    form.edit_conflict.reload_button.click()
    assert form.fields["chief_complaint"].value() == "Theirs: low back"
    assert not form.autosave.has_pending()
    assert not form.edit_conflict.isVisible()
    editor = form.fields["chief_complaint"].editor
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, ", right side")
    assert form.flush() is True
    assert _stored(db, session) == "Theirs: low back, right side"
