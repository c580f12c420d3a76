"""A clinic server out of reach: the form says so, keeps the text, retries, and says how long.

The fault is the real error of a server nobody answers for (psycopg's "connection refused",
wrapped by SQLAlchemy), raised by the notes service until the "server" is back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import DBAPIError

from nmt_desktop.db.database import Database
from nmt_desktop.db.engine import make_engine
from nmt_desktop.services import session_notes
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.save_problem import problem_text, waited_text
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def _server_gone_error() -> DBAPIError:
    engine = make_engine("postgresql+psycopg://nmt@127.0.0.1:1/nmt_test")
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError("something answered on port 1")


def test_how_long_reads_at_a_glance() -> None:
    since = dt.datetime(2026, 12, 2, 14, 3)
    assert waited_text(since, since + dt.timedelta(seconds=42)) == "42 s"
    assert waited_text(since, since + dt.timedelta(minutes=3, seconds=5)) == "3 min"
    assert waited_text(since, since + dt.timedelta(minutes=65)) == "1 h 05 min"
    text = problem_text("the database server did not answer", True, since,
                        since + dt.timedelta(minutes=4))
    assert "Not saved since 14:03 (4 min)" in text and "kept here" in text


def test_an_unreachable_server_keeps_the_text_says_so_and_how_long_and_saves_on_return(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = _server_gone_error()
    real_update = session_notes.update_session_notes

    def server_gone(*_args: Any, **_kwargs: Any) -> Any:
        raise gone

    window = open_session(session)
    form = form_of(window)
    monkeypatch.setattr(session_notes, "update_session_notes", server_gone)
    editor = form.fields["chief_complaint"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Typed while offline")
    assert form.flush() is False
    assert form.save_problem.isVisible()
    message = form.save_problem.message.text()
    assert "the database server did not answer" in message, message
    assert re.search(r"Not saved since \d\d:\d\d \(\d+ s\)", message), message
    assert form.fields["chief_complaint"].value() == "Typed while offline"
    assert form.autosave.has_pending()
    # Two minutes on, the strip says so (it is brought up to date while it shows).
    assert form.autosave.failing_since is not None
    form.autosave.failing_since -= dt.timedelta(minutes=2)
    form.flush()
    assert "(2 min)" in form.save_problem.message.text()
    # The server is back: the retry timer writes exactly the typed text, and the strip goes.
    monkeypatch.setattr(session_notes, "update_session_notes", real_update)
    qtbot.waitUntil(lambda: not form.autosave.has_pending(), timeout=40_000)
    assert session_notes.get_session_notes(db, session.uid).chief_complaint == \
        "Typed while offline"
    assert not form.save_problem.isVisible()
    assert form.autosave.failing_since is None
