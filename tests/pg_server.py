"""A throwaway PostgreSQL server for the storage tests, on 127.0.0.1 and a free port.

initdb refuses to run as root, so as root the server runs as the `postgres` system user in a
temporary folder it owns. Nothing outside that folder is touched; the server is stopped at exit.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
                     "/usr/lib/postgresql/15/bin")


def find_pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for candidate in PG_BIN_CANDIDATES:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    if os.geteuid() != 0:
        return [], None, None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError as error:
        raise RuntimeError("running as root but there is no 'postgres' user") from error
    return ["runuser", "-u", "postgres", "--"], entry.pw_uid, entry.pw_gid


@contextlib.contextmanager
def running_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database on a private server."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise FileNotFoundError("PostgreSQL (initdb) is not installed")
    prefix, uid, gid = _as_server_user()
    base = Path(tempfile.mkdtemp(prefix="nmt-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if uid is not None and gid is not None:
        for path in (base, sockets):
            os.chown(path, uid, gid)
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    try:
        subprocess.run([*prefix, str(pg_bin / "initdb"), "-D", str(data), "-U", "nmt",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], **quiet)  # type: ignore[call-overload]
        subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-w", "-l",
                        str(base / "server.log"), "-o",
                        f"-h 127.0.0.1 -p {port} -k {sockets} -F", "start"], **quiet)  # type: ignore[call-overload]
        subprocess.run([*prefix, str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                        "-U", "nmt", "nmt_test"], **quiet)  # type: ignore[call-overload]
        yield f"postgresql+psycopg://nmt@127.0.0.1:{port}/nmt_test"
    finally:
        subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)
