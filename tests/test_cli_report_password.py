"""`report physician --protect | --report-password-file`: the password never on the command line.

Each fault (the retired `--password`, a missing, unreadable or empty password file,
a password that breaks the rule, no terminal to ask at, two entries that differ) ends the
command with one line and a non-zero exit, writes no file and records nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from nmt_desktop.cli import report_password as cli_password
from tests import report_demo
from tests.cli_accounts import cli_sign_in_env
from tests.reports.pdf_tools import reader, text
from tests.test_cli_reports import report_events, run

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)

demo_template = report_demo.demo_template
demo_copy = report_demo.demo_file
PASSWORD = "Harbour-fax-2025"


@pytest.fixture
def demo_file(demo_copy: Path) -> str:
    return str(demo_copy)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def physician(capsys: pytest.CaptureFixture[str], demo_file: str, out: Path,
              *options: str) -> tuple[int, str, str]:
    return run(capsys, "--db", demo_file, "report", "physician", "--patient", "D1002",
               *options, "--out", str(out))


def assert_refused_in_one_line(result: tuple[int, str, str], message: str, out_dir: Path,
                               demo_file: str, secret: str = PASSWORD) -> None:
    code, printed, err = result
    assert (code, printed) == (1, "")
    assert err.count("\n") == 1 and message in err, err
    assert secret not in err
    assert list(out_dir.iterdir()) == []
    assert report_events(demo_file) == []


def test_the_old_password_option_is_refused_with_the_new_ways(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path
) -> None:
    # WHEN an old script passes the password as an argument (with a value, or none)
    for option in (["--password", PASSWORD], [f"--password={PASSWORD}"], ["--password"]):
        result = physician(capsys, demo_file, out_dir / "r.pdf", *option)
        # THEN one line says why and what to use instead, without repeating the password
        assert_refused_in_one_line(result, "--password is no longer accepted", out_dir,
                                   demo_file)
        assert "--protect" in result[2] and "--report-password-file FILE" in result[2]


def test_help_offers_the_prompt_and_the_file_but_not_the_argument(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "report", "physician", "--help")
    shown = capsys.readouterr().out
    assert "--protect" in shown and "--report-password-file FILE" in shown
    assert "--password P" not in shown and "--password " not in shown.replace(
        "--report-password-file", "")


@pytest.mark.parametrize(("content", "not_the_password"), [
    # the password on the file's one line, ended the Windows way
    (f"{PASSWORD}\r\n", f"{PASSWORD}\r"),
    # later lines are not part of it (until cli/password_files.py, such a file was refused)
    (f"{PASSWORD}\nsent to Dr Okafor by phone\n", f"{PASSWORD}\nsent to Dr Okafor by phone"),
], ids=["crlf", "more-lines"])
def test_a_password_file_protects_the_report(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, tmp_path: Path,
    content: str, not_the_password: str
) -> None:
    # GIVEN the password on the file's first line
    password_file = tmp_path / "password.txt"
    password_file.write_bytes(content.encode())
    out = out_dir / "report.pdf"
    # WHEN
    code, printed, err = physician(capsys, demo_file, out, "--report-password-file",
                                   str(password_file))
    # THEN the report opens with that password only, and the event says "encrypted"
    assert (code, err) == (0, "") and "password-protected (AES-256)" in printed
    pdf = out.read_bytes()
    assert reader(pdf).decrypt(not_the_password) == 0
    assert "O'Brien" in text(pdf, PASSWORD)
    (event,) = report_events(demo_file)
    assert event.detail["encrypted"] is True
    assert PASSWORD not in str(event.detail)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"\n", "is empty"),
    (b"short-7\n", "at least 8 characters"),
    (b"\xff\xfe not text \x00", "is not UTF-8 text"),
    (b"x" * 128, "too long"),
])
def test_a_bad_password_file_is_refused(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, tmp_path: Path,
    content: bytes, message: str
) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_bytes(content)
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--report-password-file",
                       str(password_file))
    assert_refused_in_one_line(result, message, out_dir, demo_file)


@pytest.mark.parametrize(("name", "reason"), [
    ("missing.txt", "there is no such file in that folder"),
    ("a-folder", "it is a folder, not a file"),
])
def test_a_password_file_that_cannot_be_read_is_named(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, tmp_path: Path,
    name: str, reason: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    password_file = tmp_path / name
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--report-password-file",
                       str(password_file))
    assert_refused_in_one_line(
        result, f"cannot read the password file {password_file} (--report-password-file): "
        f"{reason}.", out_dir, demo_file)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a user that is not root")
def test_a_password_file_without_read_permission_is_named(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, tmp_path: Path
) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")
    password_file.chmod(0)
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--report-password-file",
                       str(password_file))
    assert_refused_in_one_line(
        result, f"cannot read the password file {password_file} (--report-password-file): "
        "permission denied", out_dir, demo_file)


def test_a_password_file_read_error_is_one_line(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # (Root reads every file, so the refusal of an unreadable one is simulated here.)
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")

    opened = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self != password_file:  # the database's own files open as usual
            return opened(self, *args, **kwargs)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refused)
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--report-password-file",
                       str(password_file))
    assert_refused_in_one_line(
        result, f"cannot read the password file {password_file} (--report-password-file): "
        "permission denied", out_dir, demo_file)


# -- the prompt ---------------------------------------------------------------------------------


class Terminal:
    """Stands in for the person at the terminal: answers getpass's prompts in turn."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: str | None) -> None:
        self.prompts: list[str] = []
        self._answers = list(answers)
        monkeypatch.setattr(cli_password.sys.stdin, "isatty", lambda: True)
        monkeypatch.setattr(cli_password.getpass, "getpass", self.getpass)

    def getpass(self, prompt: str = "Password: ") -> str:
        self.prompts.append(prompt)
        answer = self._answers.pop(0)
        if answer is None:
            raise EOFError
        return answer


def test_protect_asks_twice_without_echo(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal(monkeypatch, PASSWORD, PASSWORD)
    out = out_dir / "report.pdf"
    code, printed, err = physician(capsys, demo_file, out, "--protect")
    assert (code, err) == (0, "") and "password-protected" in printed
    assert terminal.prompts == ["Password for the report (not shown): ",
                                "The same password again: "]
    assert PASSWORD not in printed
    assert "O'Brien" in text(out.read_bytes(), PASSWORD)


@pytest.mark.parametrize(("answers", "message", "prompts"), [
    ((PASSWORD, PASSWORD + "x"), "The two passwords differ", 2),
    (("short", PASSWORD), "at least 8 characters", 1),  # refused before the repeat
    ((None,), "No password was typed", 1),
])
def test_protect_faults_are_one_line(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path,
    monkeypatch: pytest.MonkeyPatch, answers: tuple[str | None, ...], message: str,
    prompts: int
) -> None:
    terminal = Terminal(monkeypatch, *answers)
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--protect")
    assert_refused_in_one_line(result, message, out_dir, demo_file)
    assert len(terminal.prompts) == prompts


def test_protect_without_a_terminal_points_to_the_password_file(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_password.sys.stdin, "isatty", lambda: False)
    result = physician(capsys, demo_file, out_dir / "r.pdf", "--protect")
    assert_refused_in_one_line(result, "use --report-password-file FILE", out_dir, demo_file)
