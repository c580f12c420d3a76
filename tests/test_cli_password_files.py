"""cli/password_files.py: the one rule for every password file the command line reads.

Accepted: the first line without its ending. Refused, in one line that names the option and
the file but never the content: missing, a folder, no permission, too large, not UTF-8, empty.
A missing file whose name could be the password itself is not named.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from nmt_desktop.cli import password_files
from nmt_desktop.cli.errors import CommandError
from nmt_desktop.cli.password_files import MAX_PASSWORD_FILE_BYTES, read_password_file

OPTION = "--chart-password-file"
SECRET = "Harbour-fax-2025"


@pytest.mark.parametrize(("content", "password"), [
    (f"{SECRET}\n".encode(), SECRET),
    (f"{SECRET}\r\n".encode(), SECRET),  # saved on Windows
    (SECRET.encode(), SECRET),  # no line ending at all
    (f"{SECRET}\nsent to Dr Okafor by phone\n".encode(), SECRET),  # later lines are notes
    (f"\ufeff{SECRET}\r\n".encode(), SECRET),  # Notepad's byte order mark
    (b"  two spaces around \t\n", "  two spaces around \t"),  # only the line ending goes
    ("Zoë's 山田 pass\n".encode(), "Zoë's 山田 pass"),
    (f"{SECRET}\n".encode().ljust(MAX_PASSWORD_FILE_BYTES, b"#"), SECRET),  # just at the limit
], ids=["lf", "crlf", "no-ending", "more-lines", "bom", "spaces", "non-ascii", "at-limit"])
def test_the_password_is_the_first_line_without_its_ending(
        tmp_path: Path, content: bytes, password: str) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    assert read_password_file(path, OPTION) == password


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "is empty"),
    (b"\n", "is empty"),
    (b"\r\n", "is empty"),
    ("\ufeff".encode(), "is empty"),
    (f"\n{SECRET}\n".encode(), "starts with an empty line; put the password on the first line"),
    (f"\r\n{SECRET}".encode(), "starts with an empty line"),
    (SECRET.encode("utf-16"), "is not UTF-8 text"),
    (f"{SECRET}\xff".encode("latin-1"), "is not UTF-8 text"),
    (f"{SECRET}\n".encode().ljust(MAX_PASSWORD_FILE_BYTES + 1, b"#"), "is larger than 16 KiB"),
], ids=["empty", "lf-only", "crlf-only", "bom-only", "empty-first-line", "crlf-first-line",
        "utf-16", "latin-1", "over-limit"])
def test_a_file_that_holds_no_password_is_refused_by_name_without_its_content(
        tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    message = refusal(path)
    assert message.startswith(f"the password file {path} ({OPTION}) {problem}")
    assert SECRET not in message


def test_a_missing_file_in_a_folder_that_exists_is_named(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    assert refusal(path) == (f"cannot read the password file {path} ({OPTION}): there is no "
                             "such file in that folder.")


@pytest.mark.parametrize("given", [SECRET, "correct horse battery", "Harbour/fax-2025"])
def test_a_missing_file_that_may_be_a_password_typed_in_its_place_is_not_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.chdir(tmp_path)
    message = refusal(Path(given))
    assert message == (f"the file given to {OPTION} is not under {tmp_path.resolve()} (its name "
                       "is not repeated in case it is a password): give the name of a file that "
                       "holds the password, never the password itself.")
    assert all(part not in message for part in given.split("/"))


def test_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    assert refusal(tmp_path) == (f"cannot read the password file {tmp_path} ({OPTION}): it is "
                                 "a folder, not a file.")


def test_a_file_without_read_permission_is_refused_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pw.txt"
    path.write_text(SECRET, encoding="utf-8")
    path.chmod(0)
    if os.name != "posix" or os.geteuid() == 0:
        # root reads every file: the refusal the system would give is simulated
        def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "open", refused)
    assert refusal(path) == (f"cannot read the password file {path} ({OPTION}): permission "
                             "denied (the file must be readable by the user running the "
                             "command).")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_is_refused_after_reading_only_past_the_limit() -> None:
    # Read whole, /dev/zero would never end: the reader stops one byte past the limit.
    assert "is larger than 16 KiB, so it is not a password file" in refusal(Path("/dev/zero"))


def test_a_huge_file_is_read_no_further_than_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "backup.sqlite"
    with path.open("wb") as file:
        file.truncate(1 << 30)  # 1 GiB, sparse
    asked: list[int] = []
    opened = Path.open

    def counting(self: Path, *args: Any, **kwargs: Any) -> Any:
        file = opened(self, *args, **kwargs)
        read = file.read

        def bounded(size: int = -1) -> bytes:
            asked.append(size)
            return read(size)

        file.read = bounded
        return file

    monkeypatch.setattr(Path, "open", counting)
    assert "is larger than 16 KiB" in refusal(path)
    assert asked == [MAX_PASSWORD_FILE_BYTES + 1]


# -- "-": standard input ------------------------------------------------------------------------


class FakeStandardInput(io.TextIOWrapper):
    def __init__(self, content: bytes, *, terminal: bool) -> None:
        super().__init__(io.BytesIO(content), encoding="utf-8")
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


@pytest.mark.parametrize(("content", "password"), [
    (f"{SECRET}\r\n".encode(), SECRET),
    (f"{SECRET}\nurl: clinic.example\n".encode(), SECRET),  # `pass show`: password first
])
def test_a_dash_reads_the_first_line_of_standard_input(
        monkeypatch: pytest.MonkeyPatch, content: bytes, password: str) -> None:
    monkeypatch.setattr(password_files.sys, "stdin", FakeStandardInput(content, terminal=False))
    assert read_password_file(Path("-"), OPTION) == password


@pytest.mark.parametrize(("content", "terminal", "problem"), [
    (f"{SECRET}\n".encode(), True, "is a terminal, where the password would show as it is typed"),
    (b"", False, "is empty: pipe the password in (standard input gives one password, to one "
     "option of a command)."),
    (f"\n{SECRET}\n".encode(), False, "starts with an empty line"),
    (b"\xff" * (MAX_PASSWORD_FILE_BYTES + 1), False, "is larger than 16 KiB"),
])
def test_standard_input_that_gives_no_password_is_refused(
        monkeypatch: pytest.MonkeyPatch, content: bytes, terminal: bool, problem: str) -> None:
    monkeypatch.setattr(password_files.sys, "stdin", FakeStandardInput(content, terminal=terminal))
    message = refusal(Path("-"))
    assert message.startswith(f"standard input ({OPTION} -) {problem}")
    assert SECRET not in message


def refusal(path: Path) -> str:
    """The one line read_password_file refuses `path` with."""
    with pytest.raises(CommandError) as refused:
        read_password_file(path, OPTION)
    message = str(refused.value)
    assert "\n" not in message and refused.value.__cause__ is None
    return message
