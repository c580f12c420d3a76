"""`nmt-desktop --user NAME …`: credential sources, one-line refusals, the first start and the
accounts commands, on a new and on an upgraded database."""

from __future__ import annotations

import getpass
import os
import pty
import re
import select as waiting
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.services.access_log import AccessAction, record_access
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD
from nmt_desktop.services.patient_search import search_patients
from nmt_desktop.services.sign_in import sign_in
from tests.services.accounts.conftest import upgraded_copy

OWNER_PASSWORD = "owner's long secret"


@pytest.fixture(autouse=True)
def no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NMT_USER", "NMT_PASSWORD", "NMT_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def prompts(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Answer getpass prompts in order; returns the prompts asked."""
    asked: list[str] = []
    queue = list(answers)

    def answer(prompt: str = "Password: ", stream: object = None) -> str:
        asked.append(prompt)
        if not queue:
            raise EOFError
        return queue.pop(0)

    monkeypatch.setattr(getpass, "getpass", answer)
    # A person at a terminal: without one the commands refuse to prompt (nobody could answer).
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    return asked


def audit_text(url: str) -> str:
    db = Database.open(url)
    try:
        with db.reading() as orm:
            return "\n".join(f"{e.actor} {e.action} {e.detail}"
                             for e in orm.scalars(select(AuditEvent)))
    finally:
        db.close()


@pytest.fixture
def new_clinic(capsys: pytest.CaptureFixture[str], sqlite_url: str,
               monkeypatch: pytest.MonkeyPatch) -> str:
    """A new database whose owner alex was set up at the prompt."""
    prompts(monkeypatch, OWNER_PASSWORD, OWNER_PASSWORD)
    code, out, err = run(capsys, "--db", sqlite_url, "--user", "alex", "users", "set-up-owner",
                         "--name", "Alex Morgan", "--credentials", "LMT")
    assert (code, err) == (0, "") and "Owner set up: Alex Morgan (user name alex)" in out
    monkeypatch.undo()
    return sqlite_url


def test_a_new_database_points_to_the_first_start_in_one_line(
        capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, err = run(capsys, "--db", sqlite_url, "--user", "alex", "patients", "list")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "nobody has a password on this database yet" in err and "set-up-owner" in err


def test_set_up_owner_prints_the_recovery_code_once_and_asks_the_password_twice(
        capsys: pytest.CaptureFixture[str], sqlite_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked = prompts(monkeypatch, OWNER_PASSWORD, OWNER_PASSWORD)
    code, out, _ = run(capsys, "--db", sqlite_url, "--user", "alex", "users", "set-up-owner",
                       "--name", "Alex Morgan")
    assert code == 0 and len(asked) == 2
    codes = re.findall(r"([A-Z2-7]{5}(?:-[A-Z2-7]{5}){8})", out)  # RecoveryCode.text
    assert len(codes) == 1
    assert codes[0] not in audit_text(sqlite_url) and OWNER_PASSWORD not in audit_text(sqlite_url)
    # a second set-up is refused
    code, _, err = run(capsys, "--db", sqlite_url, "--user", "mallory", "users", "set-up-owner",
                       "--name", "Mallory")
    assert code == 1 and "already set up" in err


def test_two_different_answers_at_the_prompt_change_nothing(
        capsys: pytest.CaptureFixture[str], sqlite_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    prompts(monkeypatch, OWNER_PASSWORD, OWNER_PASSWORD + "x")
    code, _, err = run(capsys, "--db", sqlite_url, "--user", "alex", "users", "set-up-owner",
                       "--name", "Alex Morgan")
    assert code == 1 and "differ" in err and OWNER_PASSWORD not in err


def test_the_password_comes_from_the_prompt(capsys: pytest.CaptureFixture[str], new_clinic: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked = prompts(monkeypatch, OWNER_PASSWORD)
    code, out, _ = run(capsys, "--db", new_clinic, "--user", "alex", "patients", "list")
    assert (code, out.strip(), asked) == (0, "0 patient(s)", ["Password: "])


def test_the_password_comes_from_the_environment(
        capsys: pytest.CaptureFixture[str], new_clinic: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked = prompts(monkeypatch)
    monkeypatch.setenv("NMT_PASSWORD", OWNER_PASSWORD)
    monkeypatch.setenv("NMT_USER", "alex")
    code, _, _ = run(capsys, "--db", new_clinic, "patients", "list")
    assert code == 0 and asked == []


def test_the_password_comes_from_a_file(capsys: pytest.CaptureFixture[str], new_clinic: str,
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = prompts(monkeypatch)
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text(OWNER_PASSWORD + "\r\n", encoding="utf-8")
    monkeypatch.setenv("NMT_PASSWORD", "the file wins over this")
    code, _, _ = run(capsys, "--db", new_clinic, "--user", "alex", "--password-file",
                     str(secret_file), "patients", "list")
    assert code == 0 and asked == []
    secret_file.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "--db", new_clinic, "--user", "alex", "--password-file",
                       str(secret_file), "patients", "list")
    assert code == 1 and "empty" in err


def test_a_password_is_never_an_argument(capsys: pytest.CaptureFixture[str],
                                         new_clinic: str) -> None:
    # --password is not an abbreviation of --password-file: refused before anything is read
    with pytest.raises(SystemExit) as refused:
        main(["--db", new_clinic, "--user", "alex", "--password", OWNER_PASSWORD, "patients",
              "list"])
    assert refused.value.code == 2
    assert "--password-file" in capsys.readouterr().err


def test_wrong_password_or_no_user_fail_in_one_line_without_echoing_the_password(
        capsys: pytest.CaptureFixture[str], new_clinic: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NMT_PASSWORD", "a wrong password")
    for argv in (["--user", "alex"], ["--user", "nobody"]):
        code, out, err = run(capsys, "--db", new_clinic, *argv, "patients", "list")
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "do not match" in err and "a wrong password" not in err
    code, _, err = run(capsys, "--db", new_clinic, "patients", "list")
    assert code == 1 and "--user NAME" in err
    prompts(monkeypatch)
    monkeypatch.delenv("NMT_PASSWORD")
    code, _, err = run(capsys, "--db", new_clinic, "--user", "alex", "patients", "list")
    assert code == 1 and "no password given" in err and err.count("\n") == 1
    assert "a wrong password" not in audit_text(new_clinic)


def test_users_commands_are_for_the_owner_and_temporary_passwords_must_be_changed(
        capsys: pytest.CaptureFixture[str], new_clinic: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    temporary = tmp_path / "temporary.txt"
    temporary.write_text("sam's temporary one\n", encoding="utf-8")
    monkeypatch.setenv("NMT_PASSWORD", OWNER_PASSWORD)
    code, out, err = run(capsys, "--db", new_clinic, "--user", "alex", "users", "add", "sam",
                         "--name", "Sam Rivera", "--role", "therapist",
                         "--new-password-file", str(temporary))
    assert code == 0 and "Added sam" in out, err
    code, out, _ = run(capsys, "--db", new_clinic, "--user", "alex", "users", "list", "--json")
    assert '"must_change_password": true' in out and "password_hash" not in out
    # sam's temporary password signs in to nothing but the change
    monkeypatch.setenv("NMT_PASSWORD", "sam's temporary one")
    code, _, err = run(capsys, "--db", new_clinic, "--user", "sam", "patients", "list")
    assert code == 1 and "temporary" in err and "users change-password" in err
    monkeypatch.setenv("NMT_NEW_PASSWORD", "sam's very own")
    code, out, _ = run(capsys, "--db", new_clinic, "--user", "sam", "users", "change-password")
    assert code == 0 and "Password changed for sam" in out
    monkeypatch.setenv("NMT_PASSWORD", "sam's very own")
    assert run(capsys, "--db", new_clinic, "--user", "sam", "patients", "list")[0] == 0
    # a therapist manages no accounts
    code, _, err = run(capsys, "--db", new_clinic, "--user", "sam", "users", "disable", "alex")
    assert code == 1 and "may not manage accounts" in err
    # the owner disables sam, who can no longer sign in; the owner cannot disable themselves
    monkeypatch.setenv("NMT_PASSWORD", OWNER_PASSWORD)
    assert run(capsys, "--db", new_clinic, "--user", "alex", "users", "disable", "sam")[0] == 0
    code, _, err = run(capsys, "--db", new_clinic, "--user", "alex", "users", "disable", "alex")
    assert code == 1 and "signed in with" in err
    monkeypatch.setenv("NMT_PASSWORD", "sam's very own")
    code, _, err = run(capsys, "--db", new_clinic, "--user", "sam", "patients", "list")
    assert code == 1 and "disabled" in err
    # what sam did and what was done to sam's account
    monkeypatch.setenv("NMT_PASSWORD", OWNER_PASSWORD)
    code, out, _ = run(capsys, "--db", new_clinic, "--user", "alex", "audit", "--user", "sam")
    assert code == 0 and out.splitlines()[0] == "Audit trail of Sam Rivera (user sam)"
    for action in ("add_account", "change_password", "disable_account", "sign_in_refused"):
        assert action in out
    text = audit_text(new_clinic)
    for secret in (OWNER_PASSWORD, "sam's temporary one", "sam's very own"):
        assert secret not in text and secret not in out


def test_audit_of_a_patient_shows_who_opened_the_chart(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert run(capsys, "--db", url, "demo")[0] == 0
    db = Database.open(url)
    try:
        sam = sign_in(db, "sam", DEMO_PASSWORD)
        patient = search_patients(sam, "D1001")[0]
        record_access(sam, AccessAction.CHART_OPENED, patient.uid)
    finally:
        db.close()
    monkeypatch.setenv("NMT_PASSWORD", DEMO_PASSWORD)
    code, out, _ = run(capsys, "--db", url, "--user", "alex", "audit", "--patient", "D1001")
    assert code == 0
    opened = [line for line in out.splitlines() if "open_chart" in line]
    assert len(opened) == 1 and "Sam Rivera" in opened[0]


def test_the_upgraded_clinic_first_start_on_the_command_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{upgraded_copy(tmp_path)}"
    # GIVEN the 0005 clinic upgraded: nobody has a password
    code, _, err = run(capsys, "--db", url, "--user", "sam.rivera", "patients", "list")
    assert code == 1 and "nobody has a password" in err
    # WHEN the owner is set up: the earliest therapist, whatever --user says
    monkeypatch.setenv("NMT_PASSWORD", OWNER_PASSWORD)
    code, out, _ = run(capsys, "--db", url, "--user", "sam.rivera", "users", "set-up-owner")
    assert code == 0 and "Owner set up: Alex Morgan (user name alex.morgan)" in out
    code, out, _ = run(capsys, "--db", url, "--user", "alex.morgan", "users", "list")
    assert "no password yet" in out and "3 account(s)" in out
    # THEN the owner gives Sam a temporary password, which Sam replaces
    monkeypatch.setenv("NMT_NEW_PASSWORD", "sam's temporary one")
    code, out, err = run(capsys, "--db", url, "--user", "alex.morgan", "users",
                         "reset-password", "sam.rivera")
    assert code == 0, err
    monkeypatch.setenv("NMT_PASSWORD", "sam's temporary one")
    monkeypatch.setenv("NMT_NEW_PASSWORD", "sam's very own")
    assert run(capsys, "--db", url, "--user", "sam.rivera", "users", "change-password")[0] == 0
    monkeypatch.setenv("NMT_PASSWORD", "sam's very own")
    code, out, _ = run(capsys, "--db", url, "--user", "sam.rivera", "patients", "list")
    assert code == 0 and "5 patient(s)" in out


def test_the_prompt_does_not_echo_the_password_on_a_terminal(tmp_path: Path) -> None:
    """A real terminal (pseudo-terminal): what is typed at the prompt never appears."""
    db_file = tmp_path / "demo.sqlite"
    assert main(["--db", str(db_file), "demo"]) == 0
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.execve(sys.executable, [sys.executable, "-m", "nmt_desktop", "--db", str(db_file),
                                   "--user", "alex", "patients", "list"],
                  {k: v for k, v in os.environ.items() if k != "NMT_PASSWORD"})
    seen = b""
    deadline = time.monotonic() + 60
    typed = False
    while time.monotonic() < deadline:
        ready, _, _ = waiting.select([terminal], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not typed and b"Password:" in seen:
            os.write(terminal, DEMO_PASSWORD.encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert typed and os.waitstatus_to_exitcode(status) == 0
    assert b"5 patient(s)" in seen and DEMO_PASSWORD.encode() not in seen
