"""A command on a clinic server signs in with one connection, and prints what it always did.

Each connection is counted where SQLAlchemy makes it (`psycopg.connect`): attempts, and
those the server let in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from nmt_desktop.__main__ import main
from tests.cli_accounts import SHARED_LOGIN_WARNING
from tests.conftest import TlsServer, _fresh_postgres_database
from tests.db.server_clinic import PASSWORD, make_clinic
from tests.db.tls_clinic import PASSWORD as TLS_PASSWORD
from tests.db.tls_clinic import make_tls_clinic

pytestmark = pytest.mark.postgres


@dataclass
class Connections:
    attempts: int = 0
    made: int = 0


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[Connections]:
    counted = Connections()
    real = psycopg.connect

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.attempts += 1
        connection = real(*args, **kwargs)
        counted.made += 1
        return connection

    monkeypatch.setattr(psycopg, "connect", counting)
    yield counted


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_clinic_server_command_connects_once_as_the_person(
        postgres_server: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, connections: Connections) -> None:
    # The URL's own login (the IT person's) would get in too: it is not needed any more.
    clinic = make_clinic(postgres_server, visibility="own")
    monkeypatch.setenv("NMT_PASSWORD", PASSWORD)
    connections.attempts = connections.made = 0
    code, out, err = run(capsys, "--db", clinic.url, "--user", clinic.tom, "patients", "list",
                         "--json")
    assert (code, err) == (0, "")
    # Tom's own charts, as row-level security shows them to his login
    assert sorted(p["family_name"] for p in json.loads(out)) == ["Own", "Shared"]
    assert (connections.attempts, connections.made) == (1, 1)


def test_on_a_laptop_url_without_a_password_one_attempt_is_enough(
        tls_postgres_server: TlsServer, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, connections: Connections) -> None:
    clinic = make_tls_clinic(tls_postgres_server)
    monkeypatch.setenv("NMT_PASSWORD", TLS_PASSWORD)
    connections.attempts = connections.made = 0
    code, out, err = run(capsys, "--db", clinic.url, "--user", clinic.therapist, "patients",
                         "list", "--json")
    assert (code, out.strip(), err) == (0, "[]", "")
    assert (connections.attempts, connections.made) == (1, 1)
    # A wrong password: the URL's own login (no password) is asked too, as before, and the
    # line printed is the person's refused login, without the password.
    monkeypatch.setenv("NMT_PASSWORD", "a-wrong-password-z3")
    code, out, err = run(capsys, "--db", clinic.url, "--user", clinic.therapist, "patients",
                         "list")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("nmt-desktop: error: Cannot open ")
    assert "the server refused the login (" in err
    assert f'password authentication failed for user "{clinic.therapist}"' in err
    assert "a-wrong-password-z3" not in err
    assert connections.made == 1, connections


def test_a_database_shared_by_one_login_still_warns_and_signs_in_once(
        postgres_server: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, connections: Connections) -> None:
    url = _fresh_postgres_database(postgres_server)
    monkeypatch.setenv("NMT_PASSWORD", "demo-owner-password-1")
    assert run(capsys, "--db", url, "--user", "owner", "users", "set-up-owner",
               "--name", "Olga Owner")[0] == 0
    connections.attempts = connections.made = 0
    code, out, err = run(capsys, "--db", url, "--user", "owner", "patients", "list", "--json")
    assert (code, out.strip(), err) == (0, "[]", SHARED_LOGIN_WARNING)
    # The person's own login does not exist on the server; the shared login's connection is
    # the only one made.
    assert connections.made == 1
