"""`nmt-desktop db encrypt`, unlocking an encrypted database, and one-line refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nmt_desktop.__main__ import main
from nmt_desktop.db import key_file
from nmt_desktop.db.key_file import Argon2Parameters
from nmt_desktop.db.preflight import is_plain_sqlite_file
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD
from tests.keychains import MemoryKeyring

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"
OWNER = "alex.morgan"  # the fixture's therapist, made the owner by the accounts migration


@pytest.fixture(autouse=True)
def _cheap_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_file, "DEFAULT_PARAMETERS",
                        Argon2Parameters(time_cost=1, memory_kib=8 * 1024, parallelism=1))
    monkeypatch.delenv("NMT_PASSWORD", raising=False)
    monkeypatch.delenv("NMT_USER", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def set_up_owner(capsys: pytest.CaptureFixture[str], database: Path, *password: str) -> None:
    """The fixture's owner chooses a password (NMT_PASSWORD or the given --password-file)."""
    code, out, err = run(capsys, "--db", str(database), "--user", OWNER, *password, "users",
                         "set-up-owner")
    assert code == 0 and "Owner set up" in out, err


@pytest.fixture
def plain_clinic(tmp_path: Path) -> Path:
    path = tmp_path / "chart.sqlite"
    shutil.copy(FIXTURES / "0005.sqlite", path)
    return path


def test_encrypt_then_use_the_database_with_the_owners_password(
        capsys: pytest.CaptureFixture[str], plain_clinic: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the owner's password in a file (never an argument)
    password_file = tmp_path / "pw"
    password_file.write_text("owner's long pass phrase\n")
    set_up_owner(capsys, plain_clinic, "--password-file", str(password_file))
    # WHEN the plain database is encrypted (the owner signs in)
    code, out, err = run(capsys, "--db", str(plain_clinic), "--user", OWNER, "--password-file",
                         str(password_file), "db", "encrypt")
    # THEN it says so, shows the recovery code once, keeps the plain copy and warns about SSDs
    assert code == 0, err
    assert "rows verified" in out and "Recovery code" in out and "SSD" in out
    assert "owner's long pass phrase" not in out + err
    assert not is_plain_sqlite_file(plain_clinic)
    # … and commands need the password from then on
    code, out, err = run(capsys, "--db", str(plain_clinic), "patients", "list")
    assert code == 1 and err.count("\n") == 1 and "--user NAME" in err
    monkeypatch.setenv("NMT_PASSWORD", "owner's long pass phrase")
    code, out, err = run(capsys, "--db", str(plain_clinic), "--user", OWNER, "patients", "list")
    assert code == 0 and "5 patient(s)" in out, err
    # a backup of an encrypted database is encrypted with the same key
    backup = tmp_path / "copy.sqlite"
    code, _, err = run(capsys, "--db", str(plain_clinic), "--user", OWNER, "db", "backup",
                       "--out", str(backup))
    assert code == 0 and backup.exists() and not is_plain_sqlite_file(backup), err
    # the plain copies go only when asked, with the honest warning
    code, out, err = run(capsys, "--db", str(plain_clinic), "db", "delete-plaintext", "--yes")
    assert code == 0 and "Deleted 2 plain file(s)" in out and "SSD" in out, err
    code, out, _ = run(capsys, "--db", str(plain_clinic), "db", "delete-plaintext", "--yes")
    assert code == 0 and "No plain copies" in out


def test_a_wrong_password_is_refused_in_one_line(
        capsys: pytest.CaptureFixture[str], plain_clinic: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NMT_PASSWORD", "the right one")
    set_up_owner(capsys, plain_clinic)
    assert run(capsys, "--db", str(plain_clinic), "--user", OWNER, "db", "encrypt")[0] == 0
    monkeypatch.setenv("NMT_PASSWORD", "a wrong one")
    code, out, err = run(capsys, "--db", str(plain_clinic), "--user", OWNER, "db", "check")
    assert (code, out) == (1, "")
    assert err == f"nmt-desktop: error: the password is not {OWNER}'s.\n"


def test_only_an_owner_account_may_encrypt(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    demo = tmp_path / "demo.sqlite"
    assert run(capsys, "--db", str(demo), "demo")[0] == 0
    monkeypatch.setenv("NMT_PASSWORD", DEMO_PASSWORD)
    code, _, err = run(capsys, "--db", str(demo), "--user", "sam", "db", "encrypt")
    assert code == 1 and err.count("\n") == 1
    assert "signed in as therapist, who may not change the clinic's settings, backups or " \
        "database" in err
    assert is_plain_sqlite_file(demo)


def test_without_a_terminal_and_without_a_password_it_says_how_to_give_one(
        capsys: pytest.CaptureFixture[str], plain_clinic: Path, tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text("owner's long pass phrase\n")
    set_up_owner(capsys, plain_clinic, "--password-file", str(password_file))
    code, _, err = run(capsys, "--db", str(plain_clinic), "--user", OWNER, "db", "encrypt")
    assert code == 1 and "a password file or set NMT_PASSWORD" in err
    assert is_plain_sqlite_file(plain_clinic)


def test_a_server_database_is_not_encrypted_here(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NMT_PASSWORD", "whatever")
    code, _, err = run(capsys, "--db", "postgresql+psycopg://nmt@db.clinic.example/nmt",
                       "--user", OWNER, "db", "encrypt")
    assert code == 1 and err.count("\n") == 1 and "encrypted at rest by its server" in err


def test_the_key_is_remembered_and_forgotten_from_the_command_line(
        capsys: pytest.CaptureFixture[str], plain_clinic: Path, tmp_path: Path,
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text("owner's long pass phrase\n")
    set_up_owner(capsys, plain_clinic, "--password-file", str(password_file))
    as_owner = ("--db", str(plain_clinic), "--user", OWNER, "--password-file", str(password_file))
    # A plain file has no key to remember: one line
    code, _out, err = run(capsys, *as_owner, "db", "remember-key")
    assert code == 1 and err.count("\n") == 1 and "not encrypted" in err
    assert run(capsys, *as_owner, "db", "encrypt")[0] == 0
    # WHEN the owner asks this computer account to remember the key
    code, out, err = run(capsys, *as_owner, "db", "remember-key")
    assert code == 0, err
    assert "without a password" in out and len(memory_keyring.stored) == 1
    # WHEN the owner has it forgotten again
    code, out, err = run(capsys, *as_owner, "db", "forget-key")
    assert code == 0, err
    assert "no longer remembers" in out and memory_keyring.stored == {}
