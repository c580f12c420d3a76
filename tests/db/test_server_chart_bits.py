"""The per-login bit strings behind "own charts only" follow the access table exactly.

The policies read `nmt_access.chart_bits` (db/server_functions.py `bits_statements`), not the
access table; a bit set where the access table has no row would show a chart, so every path
that changes the access table is checked here against it: the rebuild of `server init`, a
session, a share and its removal, an account moved to another login, many rows at once, and
two writers at the same moment.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.models import Patient, TreatmentSession
from nmt_desktop.db.models.accounts import Account, ChartShare
from tests.db.server_clinic import Clinic, as_schema_owner, connect_as, make_clinic

pytestmark = pytest.mark.postgres


@pytest.fixture
def clinic(postgres_server: str) -> Iterator[Clinic]:
    yield make_clinic(postgres_server, visibility="own")


def _superuser(url: str) -> psycopg.Connection:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database,
                           user=parsed.username, password=parsed.password, autocommit=True)


def bits_and_access(url: str) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """{login: patient ids} as the bit strings say, and as the access table says."""
    with _superuser(url) as conn:
        bits: dict[str, set[int]] = {}
        for login, text in conn.execute("SELECT login, bits::text FROM nmt_access.chart_bits"):
            bits[login] = {i for i, bit in enumerate(text) if bit == "1"}
        access: dict[str, set[int]] = {}
        for login, patient in conn.execute(
                "SELECT login, patient_id FROM nmt_access.chart_access"):
            access.setdefault(login, set()).add(patient)
    return {k: v for k, v in bits.items() if v}, access


def _assert_in_step(url: str) -> dict[str, set[int]]:
    bits, access = bits_and_access(url)
    assert bits == access
    return bits


def _patient(orm: Session, family: str, number: str) -> int:
    patient = Patient(chart_number=number, given_name="Pat", family_name=family,
                      given_key="pat", family_key=family.lower(),
                      date_of_birth=dt.date(1980, 1, 1))
    orm.add(patient)
    orm.flush()
    return patient.id


def test_server_init_builds_the_bits_of_every_login(clinic: Clinic) -> None:
    bits = _assert_in_step(clinic.url)
    assert len(bits[clinic.tom]) == 2 and len(bits[clinic.tess]) == 2  # Own+Shared, Other+Shared


def test_sessions_shares_and_accounts_keep_the_bits(clinic: Clinic) -> None:
    with as_schema_owner(clinic.url) as orm:
        accounts = {a.server_login: a for a in orm.scalars(select(Account))}
        tom, tess = accounts[clinic.tom], accounts[clinic.tess]
        new = _patient(orm, "Newer", "C-40")
        orm.add(TreatmentSession(patient_id=new, therapist_id=tom.therapist_id,
                                 started_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
                                 atlas_version="1"))
        shared = _patient(orm, "Lent", "C-41")
        orm.add(ChartShare(patient_id=shared, account_id=tess.id))
    bits = _assert_in_step(clinic.url)
    assert new in bits[clinic.tom] and shared not in bits[clinic.tom]
    assert shared in bits[clinic.tess] and new not in bits[clinic.tess]
    with as_schema_owner(clinic.url) as orm:
        orm.execute(ChartShare.__table__.delete().where(ChartShare.patient_id == shared))
    assert shared not in _assert_in_step(clinic.url).get(clinic.tess, set())
    # Tom's therapist profile moves to Tess's login: the charts follow the profile.
    with as_schema_owner(clinic.url) as orm:
        accounts = {a.server_login: a for a in orm.scalars(select(Account))}
        tom_profile = accounts[clinic.tom].therapist_id
        accounts[clinic.tom].therapist_id = None
        orm.flush()
        accounts[clinic.tess].therapist_id = tom_profile
    bits = _assert_in_step(clinic.url)
    assert new in bits[clinic.tess]
    assert new not in bits.get(clinic.tom, set())


def test_a_chart_past_the_end_of_the_bits_is_hidden_until_it_is_given(clinic: Clinic) -> None:
    far = 5_000_000  # far beyond every login's bit string
    with as_schema_owner(clinic.url) as orm:
        orm.connection().exec_driver_sql(
            "INSERT INTO patient (id, uid, chart_number, given_name, family_name, given_key, "
            "family_key, date_of_birth, phone, email, address, referring_physician, "
            "referral_reason, archived, created_at, updated_at) VALUES (%(id)s, "
            "gen_random_uuid(), 'C-FAR', 'Far', 'Faraway', 'far', 'faraway', '1990-01-01', "
            "'', '', '', '', '', false, now(), now())", {"id": far})
    with connect_as(clinic.url, clinic.tom) as conn:
        assert "Faraway" not in {r[0] for r in conn.execute("SELECT family_name FROM patient")}
    with as_schema_owner(clinic.url) as orm:
        tom = orm.scalars(select(Account).where(Account.server_login == clinic.tom)).one()
        orm.add(ChartShare(patient_id=far, account_id=tom.id))
    with connect_as(clinic.url, clinic.tom) as conn:
        assert "Faraway" in {r[0] for r in conn.execute("SELECT family_name FROM patient")}
    assert far in _assert_in_step(clinic.url)[clinic.tom]


def test_many_rows_at_once_and_one_at_a_time_give_the_same_bits(clinic: Clinic) -> None:
    # More than 64 positions go through the one-pass path; up to 64, bit by bit.
    rng = random.Random(20261202)
    positions = sorted(rng.sample(range(1, 30_000), 300))
    with _superuser(clinic.url) as conn:
        def text_of(sql: str, *args: object) -> str:
            return str(conn.execute(sql, args).fetchone()[0])

        at_once = text_of("SELECT nmt_with_bits(B'', %s, 1)::text", positions)
        one_by_one = "B''"
        for start in range(0, len(positions), 50):
            one_by_one = "'" + text_of("SELECT nmt_with_bits(%s::bit varying, %s, 1)"
                                       "::text", one_by_one.strip("'").removeprefix("B"),
                                       positions[start:start + 50]) + "'"
        assert at_once == one_by_one.strip("'")
        assert {i for i, bit in enumerate(at_once) if bit == "1"} == set(positions)
        cleared = text_of("SELECT nmt_with_bits(%s::bit varying, %s, 0)::text",
                          at_once, positions[::2])
        assert {i for i, bit in enumerate(cleared) if bit == "1"} == set(positions[1::2])


def test_two_writers_at_once_lose_no_bit(clinic: Clinic) -> None:
    with as_schema_owner(clinic.url) as orm:
        first, second = _patient(orm, "First", "C-50"), _patient(orm, "Second", "C-51")
        tom_account = orm.scalars(select(Account).where(Account.server_login == clinic.tom)
                                  ).one().id
    share = ("SET ROLE nmt_schema_owner; SET nmt.full_access = 'on'; INSERT INTO chart_share "
             "(patient_id, account_id, created_at) VALUES (%s, %s, now())")
    with _superuser(clinic.url) as one:
        one.autocommit = False
        for statement in share.split("; ")[:-1]:
            one.execute(statement)
        one.execute(share.split("; ")[-1], (first, tom_account))  # holds Tom's bits row
        finished = threading.Event()

        def other_writer() -> None:
            with _superuser(clinic.url) as two:
                two.autocommit = False
                for statement in share.split("; ")[:-1]:
                    two.execute(statement)
                two.execute(share.split("; ")[-1], (second, tom_account))
                two.commit()
            finished.set()

        thread = threading.Thread(target=other_writer)
        thread.start()
        assert not finished.wait(0.5), "the second writer waits for the first"
        one.commit()
        thread.join(10)
    assert finished.is_set()
    assert {first, second} <= _assert_in_step(clinic.url)[clinic.tom]
