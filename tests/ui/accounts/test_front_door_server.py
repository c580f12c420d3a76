"""The window on a clinic server: each person signs in with their own server login."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.services.front_door import DoorKind
from nmt_desktop.ui.open_database import OpenForApp, open_for_app
from nmt_desktop.ui.startup import AppStart
from tests.db.server_clinic import PASSWORD, _conninfo, make_clinic

pytestmark = pytest.mark.postgres


def connections_of(url: str, login: str) -> int:
    with psycopg.connect(_conninfo(url), autocommit=True) as admin:
        row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s",
                            (login,)).fetchone()
    assert row is not None
    return int(row[0])


def test_a_server_is_entered_with_ones_own_login_and_switching_closes_the_last_ones(
        qtbot: QtBot, tmp_path: Path, postgres_server: str,
        app_runs: list[tuple[OpenForApp, AppStart]]) -> None:
    clinic = make_clinic(postgres_server, visibility="all")
    # The URL's own login (the IT person's) is never used: each person's replaces it.
    opened = open_for_app(clinic.url, can_ask=False)
    assert opened.door is not None and opened.door.kind is DoorKind.SERVER
    assert opened.door.opened is None  # nothing is opened before a person signs in
    start = AppStart(opened.door, str(tmp_path))
    app_runs.append((opened, start))
    qtbot.addWidget(start.begin())
    view = start.start_window.sign_in
    assert view.account.count() == 0
    assert view.door_note.text().startswith("Clinic server ")
    assert view.door_note.text().endswith(": sign in with your own server login.")
    assert view.recovery_button.isHidden()
    # AND after the first paint it still offers no recovery code (the IT person resets)
    start.open_after_first_paint()
    assert view.recovery_button.isHidden() and opened.door.opened is None
    # (The test server trusts every login, so a wrong password is not tried here.)
    # WHEN Tom types his login and his own password
    view.account.setEditText(clinic.tom)
    view.password.setText(PASSWORD)
    view.sign_in_button.click()
    window, guard = start.window, start.guard
    assert window is not None and guard is not None
    qtbot.addWidget(window)
    assert "Tom Therapist" in window.signed_in_label.text()
    assert connections_of(clinic.url, clinic.tom) > 0
    # WHEN Tess takes over with File → Switch user
    guard.switch_user()
    flow = guard._flow
    assert flow is not None
    flow.window.sign_in.account.setEditText(clinic.tess)
    flow.window.sign_in.password.setText(PASSWORD)
    flow.window.sign_in.sign_in_button.click()
    # THEN the app acts as Tess on her own connection; Tom's connection is closed
    assert window.context.person is not None
    assert window.context.person.display_name == "Tess Therapist"
    assert connections_of(clinic.url, clinic.tess) > 0
    assert connections_of(clinic.url, clinic.tom) == 0
