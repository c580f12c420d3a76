"""On a clinic server: the sign-in page when the server is gone, then back, with a wrong
password; and the lock screen, which asks the server.

A real throwaway server that wants a password for every login (SCRAM) is started in the test
on a port chosen first, so that the window can try it while nothing listens there yet.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import tests.pg_server as pg_server
from nmt_desktop.domain.access import Role
from nmt_desktop.services.clinic_server import add_server_user, init_server
from nmt_desktop.services.sign_in import WRONG_NAME_OR_PASSWORD
from nmt_desktop.ui.accounts.sign_in_view import SignInView
from nmt_desktop.ui.open_database import OpenForApp, open_for_app
from nmt_desktop.ui.startup import AppStart
from tests.conftest import TlsServer
from tests.db.tls_clinic import PASSWORD as TLS_PASSWORD
from tests.db.tls_clinic import make_tls_clinic

pytestmark = pytest.mark.postgres
PASSWORD = "sams own server password"
WRONG = "not-sams-password-q9"
IT_PASSWORD = "the IT persons password"


def _try(view: SignInView, login: str, password: str) -> None:
    view.account.setEditText(login)
    view.password.setText(password)
    view.sign_in_button.click()


def _one_line_on_the_page(view: SignInView) -> str:
    text = view.message.text()
    assert view.message.isVisible()
    assert "\n" not in text and "Traceback" not in text and "unexpected" not in text.lower()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    return text


def test_a_server_gone_then_a_wrong_password_then_the_right_one(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    if pg_server.find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb found)")
    port = pg_server._free_port()
    login = f"sam_{uuid.uuid4().hex[:6]}"
    url = f"postgresql+psycopg://nmt@127.0.0.1:{port}/nmt_test"
    opened = open_for_app(url, can_ask=False)
    start = AppStart(opened.door, str(tmp_path))  # type: ignore[arg-type]
    app_runs.append((opened, start))
    qtbot.addWidget(start.begin())
    view = start.start_window.sign_in
    # WHEN Sam signs in while the clinic server is not there
    _try(view, login, PASSWORD)
    # THEN one line says the server did not answer, and his user name is still typed
    gone = _one_line_on_the_page(view)
    assert "the server did not answer" in gone
    assert gone != WRONG_NAME_OR_PASSWORD
    assert view.account.currentText() == login and view.password.text() == ""
    assert start.window is None
    # WHEN the server is back (same address) and he types a wrong password
    monkeypatch.setattr(pg_server, "_free_port", lambda: port)
    with pg_server.running_server(superuser_password=IT_PASSWORD) as it_url:
        assert f":{port}/" in it_url
        init_server(it_url, IT_PASSWORD)
        add_server_user(it_url, IT_PASSWORD, login, Role.THERAPIST, PASSWORD,
                        "Sam Rivera")
        view.account.setEditText(login)
        view.password.setText(WRONG)
        view.sign_in_button.click()
        # THEN the words of a wrong password, not of a server that is gone, nor the password
        wrong = _one_line_on_the_page(view)
        assert wrong == WRONG_NAME_OR_PASSWORD
        assert WRONG not in wrong
        assert view.account.currentText() == login and start.window is None
        # WHEN he tries again with the right password, THEN he is in, as himself
        view.password.setText(PASSWORD)
        view.sign_in_button.click()
        window = start.window
        assert window is not None
        qtbot.addWidget(window)
        assert "Sam Rivera" in window.signed_in_label.text()
        assert window.context.person is not None
        assert window.context.person.user_name == login
        if start.guard is not None:
            start.guard.lock_screen.release()
            start.guard.idle.uninstall()
        window.context.db.close()  # before the server stops
    for typed in (PASSWORD, WRONG):
        assert typed not in caplog.text


def test_the_lock_screen_on_a_server_is_unlocked_by_the_servers_password(
        qtbot: QtBot, tmp_path: Path, tls_postgres_server: TlsServer,
        app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    clinic = make_tls_clinic(tls_postgres_server)
    opened = open_for_app(clinic.url, can_ask=False)
    start = AppStart(opened.door, str(tmp_path))  # type: ignore[arg-type]
    app_runs.append((opened, start))
    qtbot.addWidget(start.begin())
    _try(start.start_window.sign_in, clinic.therapist, TLS_PASSWORD)
    window, guard = start.window, start.guard
    assert window is not None and guard is not None
    qtbot.addWidget(window)
    guard.lock()
    # WHEN a wrong password is typed on the lock screen: the server refuses it, in the words
    # of a laptop's file, and the window stays locked
    guard.lock_screen.password.setText(WRONG)
    guard.lock_screen.unlock_button.click()
    assert guard.locked
    assert guard.lock_screen.message.text() == WRONG_NAME_OR_PASSWORD
    # WHEN her server password is typed (the app holds no hash of it): unlocked
    guard.lock_screen.password.setText(TLS_PASSWORD)
    guard.lock_screen.unlock_button.click()
    assert not guard.locked and not guard.lock_screen.isVisible()
