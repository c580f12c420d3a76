"""The command line: names, JSON shapes, exit codes and one-line failures."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nmt_desktop.__main__ import main
from nmt_desktop.services import maintenance
from tests.cli_accounts import cli_sign_in_env, prepare_sign_in

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_is_idempotent_and_lists_patients_as_json(
    capsys: pytest.CaptureFixture[str], any_db_url: str
) -> None:
    code, out, _ = run(capsys, "--db", any_db_url, "demo")
    assert code == 0 and "added 5 patients" in out
    code, out, _ = run(capsys, "--db", any_db_url, "demo")
    assert code == 0 and "nothing added" in out
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "list", "--json")
    patients = json.loads(out)
    assert code == 0 and len(patients) == 5
    assert set(patients[0]) >= {"chart_number", "uid", "given_name", "family_name",
                                "date_of_birth"}
    names = {p["family_name"] for p in patients}
    assert {"O'Brien", "Łukasiewicz", "山田", "Παπαδόπουλος"} <= names


def test_patients_add_prints_chart_number_and_uid(
    capsys: pytest.CaptureFixture[str], any_db_url: str
) -> None:
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "add", "--given", "Zoë",
                       "--family", "O'Brien", "--dob", "1990-01-22", "--chart-number", "A-1")
    chart, uid = out.split()
    assert code == 0 and chart == "A-1" and len(uid) == 36
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "list", "--search", "zoe")
    assert "O'Brien, Zoë" in out and "1 patient(s)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--given", "", "--family", "Smith", "--dob", "1980-01-01"], "Given name is required"),
        (["--given", "Ann🙂", "--family", "Smith", "--dob", "1980-01-01"], "letters"),
        (["--given", "Ann", "--family", "Smith", "--dob", "2999-01-01"], "future"),
        (["--given", "Ann", "--family", "Smith", "--dob", "1980-13-01"], "not a real date"),
        (["--given", "A" * 500, "--family", "Smith", "--dob", "1980-01-01"], "too long"),
    ],
)
def test_patients_add_refuses_bad_input_with_one_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--db", sqlite_url, "patients", "add", *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    _, out, _ = run(capsys, "--db", sqlite_url, "patients", "list", "--json")
    assert json.loads(out) == []


def test_db_check_and_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "demo")
    code, out, _ = run(capsys, "--db", str(db_file), "db", "check")
    assert code == 0 and "Integrity: ok" in out and "(current)" in out
    backup = tmp_path / "copy.sqlite"
    code, out, _ = run(capsys, "--db", str(db_file), "db", "backup", "--out", str(backup))
    assert code == 0 and backup.exists()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM patient").fetchone() == (5,)
    copy.close()
    code, _, err = run(capsys, "--db", str(db_file), "db", "backup", "--out", str(backup))
    assert code == 1 and "already exists" in err


def test_backup_is_consistent_while_another_connection_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "demo")
    writer = sqlite3.connect(db_file)
    backup_database = maintenance.backup_database

    def write_during_backup(*args: Any) -> Path:
        # The other program starts writing once the command has signed in (a sign-in is
        # written to the audit trail, so it waits for a writer like any other write).
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE patient SET phone = 'uncommitted'")
        return backup_database(*args)

    monkeypatch.setattr(maintenance, "backup_database", write_during_backup)
    code, _, _ = run(capsys, "--db", str(db_file), "db", "backup", "--out",
                     str(tmp_path / "b.sqlite"))
    writer.rollback()
    writer.close()
    with sqlite3.connect(tmp_path / "b.sqlite") as copy:
        phones = {row[0] for row in copy.execute("SELECT phone FROM patient")}
    copy.close()
    assert code == 0 and "uncommitted" not in phones


def test_refused_database_exits_non_zero_and_keeps_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00garbage<&>" * 100)
    before = hashlib.sha256(junk.read_bytes()).hexdigest()
    code, out, err = run(capsys, "--db", str(junk), "patients", "list")
    assert code == 1 and out == "" and "not an NMT Desktop database" in err
    assert err.count("\n") == 1
    assert hashlib.sha256(junk.read_bytes()).hexdigest() == before


def test_backup_creates_missing_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "c.sqlite"), "db", "backup", "--out",
                       str(tmp_path / "no" / "such" / "dir" / "b.sqlite"))
    assert code == 0  # folders are created for the backup
    assert (tmp_path / "no" / "such" / "dir" / "b.sqlite").exists()


def _subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update(extra)
    return env


def test_every_command_has_help() -> None:
    for command in (["--help"], ["demo", "--help"], ["patients", "list", "--help"],
                    ["patients", "add", "--help"], ["db", "check", "--help"],
                    ["db", "backup", "--help"]):
        result = subprocess.run([sys.executable, "-m", "nmt_desktop", *command],
                                capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 0 and "usage: nmt-desktop" in result.stdout


def test_no_display_gives_a_clear_message_not_a_qt_abort(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nmt_desktop", "--db", str(tmp_path / "c.sqlite")],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env=_subprocess_env(),
    )
    assert result.returncode == 2
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr and "nmt-desktop --help" in result.stderr


def test_second_copy_on_the_same_database_says_so_and_exits(tmp_path: Path) -> None:
    db_file = tmp_path / "chart.sqlite"
    subprocess.run([sys.executable, "-m", "nmt_desktop", "--db", str(db_file), "demo"],
                   check=True, cwd=ROOT, timeout=60, capture_output=True)
    env = _subprocess_env(QT_QPA_PLATFORM="offscreen")
    # The window as `-m nmt_desktop` starts it (tests/app_launcher.py).
    first = subprocess.Popen([sys.executable, "-m", "tests.app_launcher", "--db", str(db_file)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lock = db_file.with_name(db_file.name + ".lock")
        for _ in range(200):
            if lock.exists():
                break
            subprocess.run(["sleep", "0.05"])
        assert lock.exists(), "first copy never took the lock"
        second = subprocess.run([sys.executable, "-m", "tests.app_launcher", "--db",
                                 str(db_file)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 3
        assert "already open" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)
