"""Every command that reads a password file, through the real entry point (`python -m`).

Whatever is wrong with the file, the command answers in one line on stderr and exits 1:
no traceback, nothing on stdout, and the password (given as the file's name by mistake, or
somewhere in the file) appears nowhere. The rules themselves: tests/test_cli_password_files.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_desktop.cli import build_parser, server

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Harbour-fax-2025"
#: Nothing listens on port 9 (discard): a server command that got as far as connecting would
#: say so, not complain about its password file.
SERVER_URL = "postgresql+psycopg://it@127.0.0.1:9/clinic"

#: (the option that names the file, the command line around it) per command that reads one.
COMMANDS = {
    "sign-in": ("--password-file", [
        "--db", "{tmp}/clinic.sqlite", "--user", "alex", "--password-file", "{file}",
        "users", "set-up-owner", "--name", "Alex Kim"]),
    "report": ("--report-password-file", [
        "--db", "{tmp}/clinic.sqlite", "report", "physician", "--patient", "D1002",
        "--report-password-file", "{file}", "--out", "{tmp}/report.pdf"]),
    "chart": ("--chart-password-file", [
        "--db", "{tmp}/clinic.sqlite", "export", "json", "--patient", "D1002",
        "--out", "{tmp}/chart.json.age", "--chart-password-file", "{file}"]),
    "server": ("--password-file", [
        "--db", SERVER_URL, "server", "check", "--password-file", "{file}"]),
    "server, global option": ("--password-file", [
        "--db", SERVER_URL, "--password-file", "{file}", "server", "check"]),
    "server, new person": ("--new-password-file", [
        "--db", SERVER_URL, "server", "add-user", "sam", "--role", "therapist",
        "--new-password-file", "{file}"]),
}

#: (what the file holds, or None: the password itself given as the file name; the words
#: the one line must contain, after the option named).
FAULTS = {
    "password as file name": (None, "never the password itself"),
    "empty first line": (f"\n{SECRET}\n".encode(), "starts with an empty line"),
    "not UTF-8": (f"{SECRET} caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_password_file_is_one_line_without_the_password(
        tmp_path: Path, command: str, fault: str) -> None:
    option, argv = COMMANDS[command]
    content, words = FAULTS[fault]
    if content is None:
        file = SECRET
    else:
        file = str(tmp_path / "password.txt")
        Path(file).write_bytes(content)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("NMT_", "PG"))}  # no other source of a password
    result = subprocess.run(
        [sys.executable, "-m", "nmt_desktop", *(a.format(tmp=tmp_path, file=file) for a in argv)],
        capture_output=True, text=True, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        timeout=60)
    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert result.stderr.startswith("nmt-desktop: error: ") and result.stderr.count("\n") == 1
    assert f"{option}" in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "chart.json.age").exists()


@pytest.mark.parametrize("argv", [
    ["server", "check", "--password-file", "{file}"],
    ["--password-file", "{file}", "server", "check"],  # was overwritten by the server's default
])
def test_the_server_commands_read_the_password_file_before_or_after_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    monkeypatch.delenv("NMT_PASSWORD", raising=False)
    file = tmp_path / "it-login.txt"
    file.write_text(f"{SECRET}\r\nthe IT login of the clinic server\n", encoding="utf-8")
    args = build_parser().parse_args(["--db", SERVER_URL, *(a.format(file=file) for a in argv)])
    assert server._admin_password(args) == SECRET


def test_a_dash_reads_the_password_from_standard_input(tmp_path: Path) -> None:
    # `pass show clinic/alex | nmt-desktop … --password-file - …`: the password, then notes
    env = {key: value for key, value in os.environ.items() if not key.startswith("NMT_")}
    command = [sys.executable, "-m", "nmt_desktop", "--db", str(tmp_path / "clinic.sqlite"),
               "--user", "alex", "--password-file", "-"]
    result = subprocess.run(
        [*command, "users", "set-up-owner", "--name", "Alex Kim"],
        input=f"{SECRET} owner\nuser: alex\n", capture_output=True, text=True, cwd=tmp_path,
        env=env, timeout=60)
    assert result.returncode == 0 and "Owner set up: Alex Kim" in result.stdout, result.stderr
    # the same first line signs in (ended the Windows way this time); another one does not
    result = subprocess.run([*command, "users", "list"], input=f"{SECRET} owner\r\n",
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0 and "alex" in result.stdout, result.stderr
    result = subprocess.run([*command, "users", "list"], input=f"{SECRET} owner \n",
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 1 and "do not match" in result.stderr, result.stderr
