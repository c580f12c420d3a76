r"""The one reader of every password file the command line accepts.

`--password-file`, `--new-password-file`, `--report-password-file` and `--chart-password-file`
(and the `server` commands' own) all read their file here, by one set of rules, the same
whichever command it is (four readers used to disagree on extra lines, size, naming a missing
file, and even on catching a read error):

- The password is the file's **first line**, without its line ending (`\n` or `\r\n`, so a
  file saved on Windows works). Nothing else is trimmed: a space is a character of a password
  like any other, and the password rules (services, domain) judge what is left, the same rules
  as for a typed password. Later lines are not part of it: a note may follow, and the
  password manager `pass` prints the password first and other fields below it.
- A UTF-8 byte order mark (old Windows Notepad writes one) is not part of the password.
- `-` is standard input, for `pass show clinic/nmt | nmt-desktop --password-file - …`; refused
  when standard input is a terminal, where the password would show as it is typed (leave the
  option out to be asked without echo).
- An empty first line is refused, never taken as an empty password.
- A file larger than `MAX_PASSWORD_FILE_BYTES` is refused after reading one byte more: it is
  not a password file (a PDF, a database, `/dev/zero`), and reading it whole could take all the
  memory.
- Every refusal is one `CommandError` line that names the option and the file (a path is not a
  secret; the IT person needs it to mend a script) and why: missing, a folder, no permission,
  not UTF-8, too large, empty. The content never appears in a message.
  One exception: a *missing* file whose name has no folder part that exists is not repeated,
  because that is what a password typed in place of the file name looks like
  (`--chart-password-file MySecret`); the message names the folder it was looked for in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nmt_desktop.cli.errors import CommandError

#: The name that means standard input.
STANDARD_INPUT = "-"
#: How every option's --help says where the password is read.
FIRST_LINE_OF_FILE = f"the first line of FILE ({STANDARD_INPUT} for standard input)"
#: The longest password allowed (1,024 characters of up to 4 bytes each in UTF-8: 4 KiB) fits
#: with room for notes below it; a larger file is not a password file.
MAX_PASSWORD_FILE_BYTES = 16 * 1024
_BYTE_ORDER_MARK = "\ufeff"


def read_password_file(path: Path, option: str) -> str:
    """The password on the first line of `path` (or of standard input for `-`).

    Args:
        path: The file the command line named.
        option: The option that named it (`--chart-password-file`), for the message.

    Raises:
        CommandError: The file cannot be read (missing, a folder, no permission, standard
            input is a terminal), is too large, is not UTF-8 text, or its first line is empty.
    """
    if str(path) == STANDARD_INPUT:
        source = f"standard input ({option} -)"
        content = _read_standard_input(source)
    else:
        source = f"the password file {path} ({option})"
        content = _read_file(path, option, source)
    if len(content) > MAX_PASSWORD_FILE_BYTES:
        raise CommandError(f"{source} is larger than {MAX_PASSWORD_FILE_BYTES // 1024} KiB, so "
                           "it is not a password file.")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{source} is not UTF-8 text; save it as UTF-8.") from None
    return _first_line(text.removeprefix(_BYTE_ORDER_MARK), source)


def _first_line(text: str, source: str) -> str:
    first_line = text.split("\n", 1)[0].removesuffix("\r")
    if first_line:
        return first_line
    if text.strip("\r\n"):
        raise CommandError(f"{source} starts with an empty line; put the password on the "
                           "first line.")
    raise CommandError(f"{source} is empty; put the password on its first line.")


def _read_standard_input(source: str) -> bytes:
    if sys.stdin is None or sys.stdin.isatty():
        raise CommandError(f"{source} is a terminal, where the password would show as it is "
                           "typed: pipe the password in, or leave the option out to be asked "
                           "without echo.")
    # At most one byte over the limit: enough to know the input is too large.
    content = sys.stdin.buffer.read(MAX_PASSWORD_FILE_BYTES + 1)
    if not content:  # also when a second option of the same command says `-`
        raise CommandError(f"{source} is empty: pipe the password in (standard input gives one "
                           "password, to one option of a command).")
    return content


def _read_file(path: Path, option: str, source: str) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(MAX_PASSWORD_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(_not_found(path, option, source)) from None
    except OSError as error:
        raise CommandError(f"cannot read {source}: {_reason(path, error)}.") from None


def _not_found(path: Path, option: str, source: str) -> str:
    folder = path.parent
    if len(path.parts) > 1 and folder.is_dir():
        return f"cannot read {source}: there is no such file in that folder."
    # A bare word, or under a folder that is not there: perhaps the password itself.
    looked_in = _nearest_folder(path).resolve()
    return (f"the file given to {option} is not under {looked_in} (its name is not repeated "
            "in case it is a password): give the name of a file that holds the password, "
            "never the password itself.")


def _nearest_folder(path: Path) -> Path:
    """The deepest folder of `path` that exists: a folder on disk is not a secret."""
    for folder in path.parents:
        if folder.is_dir():
            return folder
    return Path.cwd()


def _reason(path: Path, error: OSError) -> str:
    if path.is_dir():  # Linux says "Is a directory", Windows "Permission denied"
        return "it is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied (the file must be readable by the user running the command)"
    return error.strerror or type(error).__name__
