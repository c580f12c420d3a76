"""Starting the app: the first paint is the sign-in window, without SQLAlchemy; refusals stay exact.

The start-up runs in a fresh process each time (`python -m nmt_desktop`), as a therapist
starts it, so what is imported before the first paint is what the app really imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot

from nmt_desktop.app import EXIT_ALREADY_RUNNING, EXIT_DATABASE_REFUSED
from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sign_in
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.services.front_door import FrontDoor
from nmt_desktop.ui.instance_lock import instance_lock_path
from nmt_desktop.ui.startup import AppStart
from tests.people import TEST_OWNER

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "svglib", "shapely", "pypdfium2", "pikepdf",
         "pyqtgraph", "numpy", "keyring", "cryptography", "sqlcipher3", "argon2",
         "nmt_desktop.ui.main_window", "nmt_desktop.services.encryption")

# Runs the real entry point; at the first paint it reports what the sign-in window shows and
# which heavy packages were imported by then, instead of only printing the benchmark's line.
_PROBE = f"""
import json, sys
from nmt_desktop.ui import first_paint

def report():
    from PySide6.QtWidgets import QApplication
    from nmt_desktop.ui.accounts.start_window import StartWindow
    [window] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, StartWindow) and w.isVisible()]
    page = window.pages.currentWidget()
    accounts = window.sign_in.account
    print(json.dumps({{
        "heavy": sorted(name for name in {HEAVY!r} if name in sys.modules),
        "page": type(page).__name__,
        "accounts": [accounts.itemText(i) for i in range(accounts.count())],
        "title": window.windowTitle(),
        "others": [type(w).__name__ for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w is not window],
    }}), flush=True)
    first_paint.QCoreApplication.quit()

first_paint._report_and_quit = report
from nmt_desktop.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMT_DATA_DIR=str(data_dir),
               NMT_EXIT_AFTER_FIRST_PAINT="1")
    env.pop("NMT_DATABASE_URL", None)
    return env


def _start(database: Path, tmp_path: Path, probe: bool = False,
           extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = ([sys.executable, "-c", _PROBE] if probe
               else [sys.executable, "-m", "tests.app_launcher"])
    env = _environment(tmp_path / "data") | (extra_env or {})
    return subprocess.run([*command, "--db", str(database)], cwd=REPO, capture_output=True,
                          text=True, env=env, timeout=120)


def _clinic(path: Path) -> None:
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    therapist_service.create_therapist(db, "Zoë 山田", "LMT", "MA-1")
    for given, family in (("María", "García"), ("Zoë", "山田"), ("Tom", "O'Neil")):
        patient_service.create_patient(db, PatientInput(given, family, "1980-05-17"))
    db.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_paint_is_the_sign_in_window_before_sqlalchemy_is_imported(
        tmp_path: Path) -> None:
    database = tmp_path / "Zoë 山田" / "clinic.sqlite"
    database.parent.mkdir()
    _clinic(database)
    result = _start(database, tmp_path, probe=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["heavy"] == []
    # Nothing of a patient before somebody signs in: the start window is the only window.
    assert seen["others"] == []
    assert seen["page"] in ("SignInView", "OwnerSetupView")


def test_an_encrypted_file_with_a_remembered_key_paints_before_the_keychain_is_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN an encrypted clinic whose key this laptop remembers (a keychain in a file, which
    # the child process finds the way the start-up benchmark's does)
    import keyring

    from bench.keyring_file import FILE_VARIABLE, FileKeyring
    from nmt_desktop.services import encryption

    keychain = {"PYTHON_KEYRING_BACKEND": "bench.keyring_file.FileKeyring",
                FILE_VARIABLE: str(tmp_path / "keychain.json")}
    for name, value in keychain.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NMT_DATA_DIR", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        database = tmp_path / "clinic.sqlite"
        made = encryption.create_encrypted_database(f"sqlite:///{database}", "zoe", "plum tree")
        encryption.remember_on_this_laptop(made.db.signed_in_as(TEST_OWNER))
        made.db.close()
    finally:
        keyring.set_keyring(previous)
    assert (tmp_path / "keychain.json").exists()
    # WHEN the app starts
    result = _start(database, tmp_path, probe=True, extra_env=keychain)
    # THEN the sign-in page is the first paint, and nothing of the encryption was loaded yet
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["heavy"] == []
    assert seen["page"] == "SignInView" and seen["others"] == []


def test_an_old_file_is_upgraded_before_the_first_paint(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    database.write_bytes((REPO / "tests" / "fixtures" / "db" / "0001.sqlite").read_bytes())
    result = _start(database, tmp_path, probe=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["page"] in ("SignInView", "OwnerSetupView")
    assert seen["others"] == []


def test_a_damaged_file_is_refused_untouched(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    _clinic(database)
    raw = bytearray(database.read_bytes())
    raw[4096:4096 + 600] = b"\xde\xad\xbe\xef" * 150
    database.write_bytes(bytes(raw))
    before = _digest(database)
    result = _start(database, tmp_path)
    assert result.returncode == EXIT_DATABASE_REFUSED
    assert result.stderr.startswith(f"nmt-desktop: error: Cannot open {database}: the file is "
                                    "damaged")
    assert _digest(database) == before


def test_a_second_copy_on_the_same_file_is_turned_away(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    _clinic(database)
    lock = QLockFile(str(instance_lock_path(database)))
    assert lock.tryLock(0)
    try:
        result = _start(database, tmp_path)
    finally:
        lock.unlock()
    assert result.returncode == EXIT_ALREADY_RUNNING
    assert f"is already open on {database}" in result.stderr


@pytest.mark.usefixtures("qapp")
def test_after_signing_in_the_main_window_lists_the_patients_and_its_pages_are_ready(
        qtbot: QtBot, tmp_path: Path) -> None:
    # GIVEN a clinic whose owner was set up on an earlier start
    database = tmp_path / "clinic.sqlite"
    _clinic(database)
    db = Database.open_for_start(f"sqlite:///{database}")
    choices = sign_in.sign_in_choices(db)
    sign_in.set_up_owner(db, "plum tree in the yard", display_name="Zoë 山田",
                                  user_name="zoe", credentials="LMT")
    assert choices.owner_setup_needed
    # WHEN the app starts: the sign-in window comes first
    start = AppStart(FrontDoor.for_url(db.url, opened=db), str(tmp_path))
    first = start.begin()
    qtbot.addWidget(first)
    assert start.window is None
    view = first.sign_in
    view.account.setEditText("zoe")
    view.password.setText("plum tree in the yard")
    view.sign_in_button.click()
    # THEN the main window shows who is signed in and the patients; the pages get built
    window = start.window
    assert window is not None
    qtbot.addWidget(window)
    assert not first.isVisible()
    assert "Signed in: Zoë 山田" in window.signed_in_label.text()
    model = window.patient_list.model
    assert [model.patient_at(row).display_name for row in range(model.rowCount())] == [
        "María García", "Tom O'Neil", "Zoë 山田"]
    qtbot.waitUntil(lambda: db.connected and window._patient_page is not None)
    patient = window.patient_list.current_patient()
    assert patient is not None
    window.open_patient(patient)
    assert window.pages.currentWidget() is window.patient_page
    assert start.guard is not None
    start.guard.idle.uninstall()
    window.close()
    db.close()
