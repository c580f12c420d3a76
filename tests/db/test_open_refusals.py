"""Open-time refusals say what is wrong and leave nothing behind.

A zero-length file is refused as empty (unless the user asks for a new database there); a
damaged file is refused without -wal/-shm files left beside it; a read-only folder is reported
as a read-only folder, not as damage. Read-only folders are made two ways: a real read-only
tmpfs mount (needs root, skipped otherwise) and, everywhere, the OSError injected into the step
that writes.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_desktop.db import opening, preflight, schema_files
from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    DatabaseAccessDeniedError,
    EmptyDatabaseFileError,
    ReadOnlyFolderError,
)
from nmt_desktop.db.schema import SCHEMA_HEAD
from tests.people import TEST_OWNER

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "db"


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("NMT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "nmt_desktop", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_a_zero_length_file_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    path.write_bytes(b"")
    with pytest.raises(EmptyDatabaseFileError, match=r"empty \(0 bytes\).*--new-database"):
        Database.open(f"sqlite:///{path}")
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.sqlite"]


def test_a_zero_length_file_becomes_a_new_database_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    path.write_bytes(b"")
    db = Database.open(f"sqlite:///{path}",
                       new_database_in_empty_file=True).signed_in_as(TEST_OWNER)
    db.close()
    assert db.schema_change is not None and db.schema_change.from_revision is None
    assert path.stat().st_size > 0


def test_cli_refuses_an_empty_file_in_one_line_and_starts_one_on_request(tmp_path: Path
                                                                        ) -> None:
    path = tmp_path / "chart.sqlite"
    path.write_bytes(b"")
    refused = cli("--db", str(path), "patients", "list")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith(f"nmt-desktop: error: Cannot open {path}: the file is "
                                     "empty (0 bytes)")
    assert path.read_bytes() == b""
    started = cli("--db", str(path), "--new-database", "patients", "list")
    assert started.returncode == 0, started.stderr
    assert "0 patient(s)" in started.stdout


def _wal_database(path: Path) -> None:
    Database.open(f"sqlite:///{path}").close()  # WAL mode is kept in the file's header


def test_a_damaged_file_is_refused_without_wal_or_shm_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    _wal_database(path)
    raw = bytearray(path.read_bytes())
    raw[4096:4096 + 600] = b"\xde\xad\xbe\xef" * 150
    path.write_bytes(bytes(raw))
    for open_ in (Database.open, Database.open_for_start):
        with pytest.raises(CorruptDatabaseError, match="damaged"):
            open_(f"sqlite:///{path}")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.sqlite"]


def test_an_up_to_date_file_is_checked_without_leaving_journal_files(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    _wal_database(path)
    assert preflight.inspect_sqlite_file(path) == SCHEMA_HEAD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.sqlite"]


def test_an_unwritable_folder_is_named_as_such(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Injected: the folder check answers as a read-only folder would (os.access → False).
    path = tmp_path / "chart.sqlite"
    _wal_database(path)
    real_access = os.access
    monkeypatch.setattr(preflight.os, "access",
                        lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode))
    with pytest.raises(ReadOnlyFolderError, match=f"the folder {tmp_path} is read-only") as why:
        Database.open(f"sqlite:///{path}")
    assert "damaged" not in str(why.value) and "backup" not in str(why.value)


def test_a_write_refused_by_the_folder_during_an_upgrade_names_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Injected: the work file beside the database cannot be created (EROFS).
    path = tmp_path / "chart.sqlite"
    shutil.copy(FIXTURES / "0001.sqlite", path)
    before = path.read_bytes()

    def read_only(work: Path, *_args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(work))

    monkeypatch.setattr(schema_files, "upgrade_database_file", read_only)
    monkeypatch.setattr(opening, "_back_up_before_upgrade", lambda p, r: tmp_path / "b")
    with pytest.raises(ReadOnlyFolderError, match=f"the folder {tmp_path} is read-only"):
        Database.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[Path]:
    """A real read-only folder: a tmpfs mounted read-only (root only; skipped otherwise)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root); the injected tests cover this")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def test_cli_on_a_read_only_mount_says_the_folder_is_read_only(read_only_mount: Path) -> None:
    path = read_only_mount / "chart.sqlite"
    _wal_database(path)
    new = read_only_mount / "sub" / "new.sqlite"
    _remount_read_only(read_only_mount)
    for target in (path, new):
        result = cli("--db", str(target), "patients", "list")
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1
        assert f"the folder {read_only_mount} is read-only" in result.stderr
        assert "damaged" not in result.stderr
    assert sorted(p.name for p in read_only_mount.iterdir()) == ["chart.sqlite"]


@pytest.mark.postgres
def test_postgresql_refusals_say_permission_or_missing_database(postgres_server: str) -> None:
    from sqlalchemy import create_engine, text

    from tests.conftest import _fresh_postgres_database

    url = _fresh_postgres_database(postgres_server)
    Database.open(url).close()
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP ROLE IF EXISTS nmt_visitor"))
        connection.execute(text("CREATE ROLE nmt_visitor LOGIN"))
    admin.dispose()
    prefix, database = url.rsplit("/", 1)
    visitor = prefix.replace("://nmt@", "://nmt_visitor@") + "/" + database
    with pytest.raises(DatabaseAccessDeniedError, match="permission denied on the server"):
        Database.open(visitor)
    with pytest.raises(DatabaseAccessDeniedError, match="the server has no such database"):
        Database.open(prefix + "/no_such_clinic")
    with pytest.raises(DatabaseAccessDeniedError, match="the server refused the login"):
        Database.open(prefix.replace("://nmt@", "://nobody_here@") + "/" + database)
