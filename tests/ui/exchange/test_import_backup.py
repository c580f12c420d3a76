"""File → Import chart… takes a verified backup first (ui/backups/scheduler.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.ui.main_window import MainWindow
from tests.ui.exchange.conftest import ScriptedExchange
from tests.ui.exchange.test_import_chart import run_import, write_chart


def test_an_import_is_preceded_by_a_backup(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    # GIVEN a started window (its backups running) and a chart file
    window = scripted_window()
    window.backups.start()
    qtbot.waitUntil(lambda: not window.backups.busy, timeout=10_000)
    scripted.import_file = str(write_chart(out_folder, maria_chart_file))
    # WHEN the chart is imported
    run_import(qtbot, window).close()
    # THEN a backup taken just before it holds the database without María
    assert db.sqlite_file is not None
    [before] = (db.sqlite_file.parent / "backups").glob("*-before-import.sqlite")
    with sqlite3.connect(before) as copy_:
        assert copy_.execute("SELECT count(*) FROM patient").fetchone() == (0,)
    copy_.close()
