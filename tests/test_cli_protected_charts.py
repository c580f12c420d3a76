"""`export json --to-clinic/--password-file/--with-password/--plain` and importing the result.

Every refusal is one line on stderr, exit 1, and nothing written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyrage import x25519

from nmt_desktop.__main__ import main
from nmt_desktop.cli.chart_passwords import PASSWORD_VARIABLE
from nmt_desktop.db.database import Database
from nmt_desktop.services.exchange import create_clinic_exchange_key
from tests.cli_accounts import cli_sign_in_env, prepare_sign_in, sign_ins
from tests.conftest import open_empty_copy
from tests.people import TEST_OWNER
from tests.services.exchange.charts import make_chart, row_counts
from tests.services.exchange.protected_files import PASSWORD, readable_secrets

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _no_password_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


@pytest.fixture
def source_url(tmp_path: Path, empty_database_template: Path) -> str:
    url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    database = open_empty_copy(empty_database_template, url)
    try:
        make_chart(database.signed_in_as(TEST_OWNER))
    finally:
        database.close()
    return url


@pytest.fixture
def target(tmp_path: Path, empty_database_template: Path) -> tuple[str, str]:
    """The receiving clinic: its database URL and its exchange key."""
    url = f"sqlite:///{tmp_path / 'target.sqlite'}"
    database = open_empty_copy(empty_database_template, url)
    try:
        key, _ = create_clinic_exchange_key(database.signed_in_as(TEST_OWNER))
    finally:
        database.close()
    return url, key


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n", "utf-8")
    return path


def _export(capsys: pytest.CaptureFixture[str], source_url: str, out: Path,
            *protection: str) -> tuple[int, str, str]:
    return run(capsys, "--db", source_url, "export", "json", "--patient", "A-100",
               "--out", str(out), *protection)


def _counts(url: str) -> dict[str, int]:
    """The rows a command could change; its own sign-in's audit event is not a change."""
    database = Database.open(url)
    try:
        counts = row_counts(database)
        return {**counts, "audit_event": counts["audit_event"] - sign_ins(database)}
    finally:
        database.close()


def _refused(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> str:
    prepare_sign_in(("--db", url, *argv))  # the demo accounts first: they are not the command's
    before = _counts(url)
    code, out, err = run(capsys, "--db", url, *argv)
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert err.startswith("nmt-desktop: error: ")
    assert _counts(url) == before
    return err


def test_export_for_a_clinic_key_then_import_there_without_a_password(
        capsys: pytest.CaptureFixture[str], source_url: str, target: tuple[str, str],
        tmp_path: Path) -> None:
    url, key = target
    out = tmp_path / "chart.json.age"
    code, printed, err = _export(capsys, source_url, out, "--to-clinic", key)
    assert (code, err) == (0, "") and f"encrypted for {key}" in printed
    assert readable_secrets(out.read_bytes()) == []
    code, printed, err = run(capsys, "--db", url, "import", "json", str(out))
    assert (code, err) == (0, "")
    assert printed.splitlines()[0] == "Imported chart A-100 (Zoë 山田)."


def test_export_and_import_with_a_password_file(
        capsys: pytest.CaptureFixture[str], source_url: str, password_file: Path,
        tmp_path: Path) -> None:
    out = tmp_path / "chart.json.age"
    code, printed, _ = _export(capsys, source_url, out, "--chart-password-file", str(password_file))
    assert code == 0 and "encrypted with the password" in printed
    assert readable_secrets(out.read_bytes()) == [] and PASSWORD.encode() not in out.read_bytes()
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    # the password from the environment this time (the file name works the same)
    os.environ[PASSWORD_VARIABLE] = PASSWORD
    code, printed, err = run(capsys, "--db", url, "import", "json", str(out))
    assert (code, err) == (0, "") and "Imported chart A-100" in printed


def test_password_asked_twice_at_the_prompt_and_once_on_import(
        capsys: pytest.CaptureFixture[str], source_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [PASSWORD, PASSWORD, PASSWORD]
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: answers.pop(0))
    out = tmp_path / "chart.json.age"
    assert _export(capsys, source_url, out, "--with-password")[0] == 0
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    code, printed, _ = run(capsys, "--db", url, "import", "json", str(out))
    assert code == 0 and "Imported chart A-100" in printed and answers == []


def test_two_different_passwords_at_the_prompt_write_nothing(
        capsys: pytest.CaptureFixture[str], source_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [PASSWORD, PASSWORD + "!"]
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: answers.pop(0))
    out = tmp_path / "chart.json.age"
    err = _refused(capsys, source_url, "export", "json", "--patient", "A-100", "--out",
                   str(out), "--with-password")
    assert "the two passwords differ" in err and not out.exists()


@pytest.mark.parametrize("protection, message", [
    ((), "say how to protect the chart file"),
    (("--to-clinic", "age1notakey"), "not a clinic exchange key"),
    (("--chart-password-file", "{short}"), "at least 8 characters"),
    (("--chart-password-file", "{empty}"), "is empty"),
    (("--with-password",), "give --chart-password-file FILE"),  # no terminal, no variable
])
def test_export_refusals_write_nothing(
        capsys: pytest.CaptureFixture[str], source_url: str, tmp_path: Path,
        protection: tuple[str, ...], message: str) -> None:
    (tmp_path / "short").write_text("seven77\n", "utf-8")
    (tmp_path / "empty").write_text("", "utf-8")
    out = tmp_path / "chart.json.age"
    argv = [a.format(short=tmp_path / "short", empty=tmp_path / "empty") for a in protection]
    err = _refused(capsys, source_url, "export", "json", "--patient", "A-100", "--out",
                   str(out), *argv)
    assert message in err and not out.exists()


@pytest.mark.parametrize("argv", [
    ("export", "json", "--patient", "A-100", "--out", "{out}", "--password", PASSWORD),
    ("import", "json", "{out}", "--password", PASSWORD),
])
def test_a_password_is_never_an_argument(capsys: pytest.CaptureFixture[str],
                                         source_url: str, tmp_path: Path,
                                         argv: tuple[str, ...]) -> None:
    # `--password` is not taken as an abbreviation of --password-file
    with pytest.raises(SystemExit) as stopped:
        main(["--db", source_url, *(a.format(out=tmp_path / "x.age") for a in argv)])
    assert stopped.value.code == 2 and not (tmp_path / "x.age").exists()


def test_a_password_given_as_the_password_file_is_not_echoed(
        capsys: pytest.CaptureFixture[str], source_url: str, tmp_path: Path) -> None:
    err = _refused(capsys, source_url, "export", "json", "--patient", "A-100", "--out",
                   str(tmp_path / "x.age"), "--chart-password-file", PASSWORD)
    assert "never the password itself" in err and PASSWORD not in err


def test_csv_cannot_be_encrypted(capsys: pytest.CaptureFixture[str], source_url: str,
                                 tmp_path: Path) -> None:
    err = _refused(capsys, source_url, "export", "csv", "--patient", "A-100", "--out",
                   str(tmp_path / "tables"), "--plain")
    assert "only chart files (json) can be encrypted" in err


@pytest.fixture
def exported(capsys: pytest.CaptureFixture[str], source_url: str, password_file: Path,
             target: tuple[str, str], tmp_path: Path) -> dict[str, Path]:
    """One file of each protection, for the refusals below."""
    files = {"password": tmp_path / "pw.json.age", "other clinic": tmp_path / "other.json.age"}
    _export(capsys, source_url, files["password"], "--chart-password-file", str(password_file))
    _export(capsys, source_url, files["other clinic"], "--to-clinic",
            str(x25519.Identity.generate().to_public()))
    cut = tmp_path / "cut.json.age"
    _export(capsys, source_url, cut, "--to-clinic", target[1])
    cut.write_bytes(cut.read_bytes()[:-9])
    files["cut"] = cut
    named = tmp_path / "named.json.age"
    named.write_bytes(b'{"format": "nmt-desktop-chart", "format_version": 1}')
    files["not age"] = named
    return files


@pytest.mark.parametrize("case, extra, message", [
    ("password", ("--chart-password-file", "{wrong}"), "the password does not open it"),
    ("password", ("--chart-password-file", "{empty}"), "is empty"),
    ("password", (), "give --chart-password-file FILE"),
    ("other clinic", (), "another clinic's exchange key"),
    ("cut", (), "damaged or incomplete"),
    ("not age", (), "not an encrypted (age) file"),
])
def test_import_refusals_are_one_line_and_change_nothing(
        capsys: pytest.CaptureFixture[str], exported: dict[str, Path], target: tuple[str, str],
        tmp_path: Path, case: str, extra: tuple[str, ...], message: str) -> None:
    (tmp_path / "wrong").write_text("not the password\n", "utf-8")
    (tmp_path / "empty").write_text("\n", "utf-8")
    url, key = target
    argv = [a.format(wrong=tmp_path / "wrong", empty=tmp_path / "empty") for a in extra]
    err = _refused(capsys, url, "import", "json", str(exported[case]), *argv)
    assert message in err
    if case == "other clinic":
        assert key in err
    assert "not the password" not in err and PASSWORD not in err


def test_huge_encrypted_file_is_refused_unread(
        capsys: pytest.CaptureFixture[str], target: tuple[str, str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.json.age"
    with huge.open("wb") as handle:  # sparse: the size is checked before reading
        handle.write(b"age-encryption.org/v1\n")
        handle.truncate(32 * 1024 * 1024 + 1)
    err = _refused(capsys, target[0], "import", "json", str(huge))
    assert "at most 32 MB" in err


def test_clinic_exchange_key_is_made_once_and_printed_alone(
        capsys: pytest.CaptureFixture[str], source_url: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'receiving.sqlite'}"
    err = _refused(capsys, url, "clinic", "exchange-key")
    assert "no exchange key yet" in err and "--create" in err
    code, key, err = run(capsys, "--db", url, "clinic", "exchange-key", "--create")
    assert code == 0 and key.startswith("age1") and len(key.strip()) == 62
    assert err == "nmt-desktop: made this clinic's exchange key\n"
    assert run(capsys, "--db", url, "clinic", "exchange-key", "--create")[1:] == (key, "")
    assert run(capsys, "--db", url, "clinic", "exchange-key")[1] == key
    # the printed key is what the other clinic gives to --to-clinic
    out = tmp_path / "chart.json.age"
    assert _export(capsys, source_url, out, "--to-clinic", key.strip())[0] == 0
    code, printed, _ = run(capsys, "--db", url, "import", "json", str(out))
    assert code == 0 and "Imported chart A-100" in printed
