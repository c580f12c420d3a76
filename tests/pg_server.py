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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ServerTls:
    """The server's certificate and key (PEM files); clients verify it with their CA file."""

    certificate: Path
    key: Path


@contextlib.contextmanager
def running_server(superuser_password: str | None = None,
                   tls: ServerTls | None = None,
                   settings: dict[str, str] | None = None) -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database on a private server.

    By default every login is trusted (no password). With `superuser_password`, logins over
    TCP need their password (SCRAM-SHA-256; the URL does not carry it). With `tls`, the server
    speaks TLS with that certificate and refuses TCP connections without it. `settings` are
    given to the server at start (`-c name=value`, e.g. shared_preload_libraries).
    """
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
    options = f"-h 127.0.0.1 -p {port} -k {sockets} -F"
    options += "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
    try:
        subprocess.run([*prefix, str(pg_bin / "initdb"), "-D", str(data), "-U", "nmt",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], **quiet)  # type: ignore[call-overload]
        if superuser_password is not None or tls is not None:
            options += _secure(data, uid, gid, tls)
        subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-w", "-l",
                        str(base / "server.log"), "-o", options, "start"], **quiet)  # type: ignore[call-overload]
        if superuser_password is not None:
            # Over the private socket (trusted), before any TCP login needs a password.
            subprocess.run([*prefix, str(pg_bin / "psql"), "-h", str(sockets), "-p", str(port),
                            "-U", "nmt", "-d", "postgres", "-q", "-c",
                            f"ALTER ROLE nmt PASSWORD '{superuser_password}'"], **quiet)  # type: ignore[call-overload]
        subprocess.run([*prefix, str(pg_bin / "createdb"), "-h", str(sockets), "-p", str(port),
                        "-U", "nmt", "nmt_test"], **quiet)  # type: ignore[call-overload]
        yield f"postgresql+psycopg://nmt@127.0.0.1:{port}/nmt_test"
    finally:
        subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


def _secure(data: Path, uid: int | None, gid: int | None, tls: ServerTls | None) -> str:
    """Password logins over TCP (TLS only, when `tls`); returns the extra server options."""
    tcp = "hostssl" if tls is not None else "host"
    rules = ["local all all trust", f"{tcp} all all 127.0.0.1/32 scram-sha-256"]
    if tls is not None:
        rules.append("hostnossl all all 127.0.0.1/32 reject")
    (data / "pg_hba.conf").write_text("\n".join(rules) + "\n", encoding="utf-8")
    if tls is None:
        return ""
    for source, name in ((tls.certificate, "server.crt"), (tls.key, "server.key")):
        target = data / name
        shutil.copyfile(source, target)
        target.chmod(0o600)  # the server refuses a key others can read
        if uid is not None and gid is not None:
            os.chown(target, uid, gid)
    return " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
