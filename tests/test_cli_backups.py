"""`db check` says how old the newest backup is; `db backup` and `db restore`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from nmt_desktop.__main__ import main
from nmt_desktop.db.backup_files import backup_file_name
from nmt_desktop.domain.backup_rotation import Occasion
from tests.cli_accounts import cli_sign_in_env, prepare_sign_in

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_db_check_warns_when_there_is_no_backup(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    db_file = tmp_path / "chart.sqlite"
    code, out, err = run(capsys, "--db", str(db_file), "db", "check")
    assert code == 0
    assert f"Newest backup: none in {tmp_path / 'backups'}" in out
    assert err == f"nmt-desktop: warning: there is no backup of this database in " \
                  f"{tmp_path / 'backups'}\n"


def test_db_backup_then_check_reports_its_age(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    db_file = tmp_path / "chart.sqlite"
    code, out, _ = run(capsys, "--db", str(db_file), "db", "backup")
    [written] = (tmp_path / "backups").iterdir()
    assert code == 0 and out == f"Backup written to {written}\n"
    code, out, err = run(capsys, "--db", str(db_file), "db", "check")
    assert code == 0 and err == ""
    assert "Newest backup: " in out and "(0 min ago)" in out and str(written) in out


def test_db_check_warns_about_a_backup_older_than_a_day(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "db", "backup")
    [written] = (tmp_path / "backups").iterdir()
    three_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3, minutes=5)
    written.rename(written.with_name(backup_file_name(three_days_ago, Occasion.SCHEDULED)))
    code, out, err = run(capsys, "--db", str(db_file), "db", "check")
    assert code == 0 and "(3 days ago)" in out
    assert err == "nmt-desktop: warning: the newest backup is 3 days old\n"


def test_db_backup_into_a_missing_chosen_folder_fails_with_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import sqlite3

    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "db", "check")
    with sqlite3.connect(db_file) as edit:
        edit.execute("INSERT INTO clinic_settings (id, name, address, phone, email, "
                     "disabled_techniques, backup_folder, created_at, updated_at) VALUES "
                     "(1, '', '', '', '', '[]', ?, '2026-01-01', '2026-01-01')",
                     (str(tmp_path / "unplugged"),))
    edit.close()
    code, out, err = run(capsys, "--db", str(db_file), "db", "backup")
    assert code == 1 and out == ""
    assert err == (f"nmt-desktop: error: no backup was written: the backup folder "
                   f"{tmp_path / 'unplugged'} is missing (is the disk connected?)\n")


def test_db_restore_lists_then_restores_with_counts(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    import sqlite3

    # GIVEN the demo clinic backed up, then one more patient
    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "demo")
    run(capsys, "--db", str(db_file), "db", "backup")
    [written] = (tmp_path / "backups").iterdir()
    run(capsys, "--db", str(db_file), "patients", "add", "--given", "Later", "--family",
        "Added", "--dob", "1990-01-01")
    # WHEN the backups are listed THEN with counts and how to restore
    code, out, _ = run(capsys, "--db", str(db_file), "db", "restore")
    assert code == 0 and "5 patients, 22 sessions" in out and written.name in out
    assert "Restore one with: nmt-desktop db restore FILE" in out
    # WHEN it is restored (confirmed with --yes) THEN the counts and the safety backup are named
    code, out, err = run(capsys, "--db", str(db_file), "db", "restore", str(written), "--yes")
    assert code == 0 and err == ""
    assert out.startswith(f"Restored {written} (5 patients, 22 sessions).")
    [safety] = (tmp_path / "backups").glob("*-before-restore.sqlite")
    assert str(safety) in out
    with sqlite3.connect(db_file) as check:
        assert check.execute("SELECT count(*) FROM patient").fetchone() == (5,)
        [(actor,)] = check.execute(
            "SELECT actor FROM audit_event WHERE action = 'restore'").fetchall()
    check.close()
    assert actor == "Alex Morgan"  # the signed-in person (alex, the demo owner)


def test_db_restore_without_a_terminal_needs_yes(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db_file = tmp_path / "chart.sqlite"
    run(capsys, "--db", str(db_file), "db", "backup")
    [written] = (tmp_path / "backups").iterdir()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run(capsys, "--db", str(db_file), "db", "restore", str(written))
    assert code == 1 and err.count("\n") == 1 and "--yes" in err
    assert not list((tmp_path / "backups").glob("*-before-restore.sqlite"))


def test_db_restore_of_another_clinic_says_so_in_one_line(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours" / "chart.sqlite", tmp_path / "theirs" / "chart.sqlite"
    for path in (ours, theirs):
        run(capsys, "--db", str(path), "demo")
    run(capsys, "--db", str(theirs), "db", "backup")
    [their_backup] = (theirs.parent / "backups").iterdir()
    before = _rows(ours)
    code, out, err = run(capsys, "--db", str(ours), "db", "restore", str(their_backup), "--yes")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "another clinic" in err and "nothing was changed" in err
    # every row is as it was; the one row added is the audit trail's record of the sign-in
    after = _rows(ours)
    added = [row for row in after if row not in before]
    assert [row for row in before if row not in after] == []
    assert len(added) == 1 and added[0].startswith('INSERT INTO "audit_event"') and \
        "'sign_in'" in added[0]


def _rows(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        rows = list(connection.iterdump())
    connection.close()
    return rows


def test_db_restore_help() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "nmt_desktop", "db", "restore", "--help"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    words = " ".join(result.stdout.split())
    assert result.returncode == 0 and "take a safety backup of the current database" in words
