"""The app's open sequence: a lock from another computer, an empty file, an upgrade message.

Dialogs are real QMessageBoxes, answered by clicking their buttons; the command-line side is
the real entry point in a fresh process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSysInfo, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from nmt_desktop.app import EXIT_ALREADY_RUNNING
from nmt_desktop.db.database import Database
from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.services.front_door import DoorKind
from nmt_desktop.ui.instance_lock import acquire_instance_lock, instance_lock_path
from nmt_desktop.ui.open_database import open_for_app
from tests.people import TEST_OWNER

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "db"

pytestmark = pytest.mark.usefixtures("qapp")


def foreign_lock(database: Path, computer: str = "front-desk-pc") -> Path:
    """The lock file QLockFile writes, as another computer's copy of the app left it."""
    lock = instance_lock_path(database)
    lock.write_text(f"4242\nnmt-desktop\n{computer}\n")
    return lock


def answer_dialog(button: str, seen: list[str], *then: str) -> None:
    """Click `button` in the next message box (then `then` in the following ones), recording
    each box's text."""
    answered: list[QMessageBox] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box in answered:
            QTimer.singleShot(20, click)
            return
        answered.append(box)
        seen.append(box.text())
        [wanted] = [b for b in box.buttons() if b.text().replace("&", "") == button]
        if then:
            answer_dialog(then[0], seen, *then[1:])
        wanted.click()

    QTimer.singleShot(0, click)


def clinic(tmp_path: Path) -> Path:
    database = tmp_path / "clinic.sqlite"
    Database.open(f"sqlite:///{database}").close()
    return database


def test_a_lock_from_another_computer_names_it_and_how_to_take_over(tmp_path: Path) -> None:
    database = clinic(tmp_path)
    foreign_lock(database)
    lock, message = acquire_instance_lock(database, can_ask=False, take_over=False)
    assert lock is None
    assert "on the computer “front-desk-pc” (process 4242)" in message
    assert "not closed properly" in message and "--take-over-lock" in message
    assert "front-desk-pc" in instance_lock_path(database).read_text()  # still theirs


def test_take_over_on_the_command_line_flag(tmp_path: Path) -> None:
    database = clinic(tmp_path)
    foreign_lock(database)
    lock, message = acquire_instance_lock(database, can_ask=False, take_over=True)
    assert lock is not None and message == ""
    assert QSysInfo.machineHostName() in instance_lock_path(database).read_text()
    lock.unlock()


def test_a_lock_file_naming_nobody_can_be_taken_over_only_on_request(tmp_path: Path) -> None:
    database = clinic(tmp_path)
    instance_lock_path(database).write_bytes(b"")
    lock, message = acquire_instance_lock(database, can_ask=False, take_over=False)
    assert lock is None and "names no computer" in message


@pytest.mark.parametrize(("button", "taken"), [("Take over from “front-desk-pc”", True),
                                               ("Cancel", False)])
def test_the_dialog_takes_over_only_when_confirmed(tmp_path: Path, button: str,
                                                   taken: bool) -> None:
    database = clinic(tmp_path)
    foreign_lock(database)
    seen: list[str] = []
    answer_dialog(button, seen)
    lock, _ = acquire_instance_lock(database, can_ask=True, take_over=False)
    assert "front-desk-pc" in seen[0]
    assert (lock is not None) == taken
    if lock is not None:
        lock.unlock()
    else:
        assert "front-desk-pc" in instance_lock_path(database).read_text()


def _start(database: Path, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMT_DATA_DIR=str(tmp_path / "data"),
               NMT_EXIT_AFTER_FIRST_PAINT="1")
    env.pop("NMT_DATABASE_URL", None)
    # The app as `-m nmt_desktop` starts it (tests/app_launcher.py: the accounts stand-in
    # answers until the accounts services are merged).
    return subprocess.run([sys.executable, "-m", "tests.app_launcher", "--db", str(database),
                           *flags],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=120)


def _with_therapist(database: Path) -> None:
    from nmt_desktop.services import therapists

    db = Database.open(f"sqlite:///{database}").signed_in_as(TEST_OWNER)
    therapists.create_therapist(db, "Alex Morgan", "LMT", "MA-1")
    db.close()


def test_the_app_refuses_a_foreign_lock_in_one_line_and_takes_over_with_the_flag(
        tmp_path: Path) -> None:
    database = clinic(tmp_path)
    _with_therapist(database)
    foreign_lock(database)
    refused = _start(database, tmp_path)
    assert refused.returncode == EXIT_ALREADY_RUNNING
    assert refused.stderr.count("\n") == 1 and "“front-desk-pc”" in refused.stderr
    started = _start(database, tmp_path, "--take-over-lock")
    assert started.returncode == 0, started.stderr
    assert not instance_lock_path(database).exists()  # released on the way out


def test_an_empty_file_becomes_a_database_only_after_the_dialog_says_so(tmp_path: Path
                                                                       ) -> None:
    database = tmp_path / "clinic.sqlite"
    database.write_bytes(b"")
    seen: list[str] = []
    answer_dialog("Cancel", seen, "OK")  # then the refusal's own message box
    opened = open_for_app(f"sqlite:///{database}", can_ask=True)
    assert opened.db is None
    assert database.read_bytes() == b""
    assert "is empty (0 bytes)" in seen[0] and "Cannot open" in seen[1]
    seen.clear()
    answer_dialog("Start a new database", seen)
    opened_again = open_for_app(f"sqlite:///{database}", can_ask=True)
    door = opened_again.door
    assert door is not None and door.kind is DoorKind.NEW_FILE
    # Nothing is written before the owner sets up; then the file is made, encrypted.
    assert database.read_bytes() == b""
    door.set_up_owner("plum tree in the yard", display_name="Alex Morgan", user_name="alex")
    opened_again.release()
    assert database.stat().st_size > 0
    assert not database.read_bytes().startswith(b"SQLite format 3")


def test_the_upgrade_dialog_names_the_backup(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    shutil.copy(FIXTURES / "0001.sqlite", database)
    seen: list[str] = []
    answer_dialog("OK", seen)
    opened = open_for_app(f"sqlite:///{database}", can_ask=True)
    assert opened.db is not None
    opened.release()
    [backup] = (tmp_path / "backups").iterdir()
    assert seen == [f"Upgraded {database} from schema 0001 to {SCHEMA_HEAD}. "
                    f"The previous version is kept in {backup}."]
