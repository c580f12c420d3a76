"""A small clinic on a set-up clinic server, and plain psycopg connections as each person.

The people are PostgreSQL logins made by `server add-user`; their names carry a suffix, since
roles belong to the whole server and every test database shares it. The charts are written
as the schema owner with full access (as an import would); the tests then look at them with
plain SQL as each login, without any app code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from nmt_desktop.db.models import ClinicSettings, Patient, TreatmentSession, TriggerPoint
from nmt_desktop.db.models.accounts import Account, ChartShare
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.vocab import Side, View
from nmt_desktop.services.clinic_server import add_server_user, init_server

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Clinic:
    url: str  # the IT person's (superuser) URL
    owner: str
    tom: str  # therapist: the patient "Own" is his
    tess: str  # therapist: the patient "Other" is hers; "Shared" too, shared with Tom
    fred: str  # front desk

    def people(self) -> dict[str, str]:
        return {"owner": self.owner, "tom": self.tom, "tess": self.tess, "fred": self.fred}


def fresh_database(server_url: str) -> str:
    name = f"nmt_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(server_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def _conninfo(url: str, user: str | None = None) -> str:
    parsed = make_url(url)
    return psycopg.conninfo.make_conninfo(
        host=parsed.host, port=parsed.port, dbname=parsed.database,
        user=user or parsed.username, **({"password": parsed.password}
                                          if parsed.password else {}))


@contextmanager
def connect_as(url: str, login: str, password: str = PASSWORD) -> Iterator[psycopg.Connection]:
    """A plain psycopg connection as `login` (autocommit: each statement stands alone)."""
    with psycopg.connect(_conninfo(url, login), password=password, autocommit=True) as conn:
        yield conn


def make_clinic(server_url: str, visibility: str = "own") -> Clinic:
    url = fresh_database(server_url)
    init_server(url)
    suffix = uuid.uuid4().hex[:6]
    clinic = Clinic(url, f"olga_{suffix}", f"tom_{suffix}", f"tess_{suffix}", f"fred_{suffix}")
    for login, role, name in ((clinic.owner, Role.OWNER, "Olga Owner"),
                              (clinic.tom, Role.THERAPIST, "Tom Therapist"),
                              (clinic.tess, Role.THERAPIST, "Tess Therapist"),
                              (clinic.fred, Role.FRONT_DESK, "Fred Front")):
        add_server_user(url, None, login, role, PASSWORD, name)
    _write_charts(clinic, visibility)
    return clinic


@contextmanager
def as_schema_owner(url: str) -> Iterator[Session]:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL ROLE nmt_schema_owner")
            connection.exec_driver_sql("SET LOCAL nmt.full_access = 'on'")
            with Session(bind=connection, join_transaction_mode="create_savepoint") as orm:
                yield orm
                orm.commit()
    finally:
        engine.dispose()


def set_visibility(url: str, visibility: str) -> None:
    with as_schema_owner(url) as orm:
        settings = orm.get(ClinicSettings, 1)
        if settings is None:
            orm.add(ClinicSettings(id=1, chart_visibility=visibility))
        else:
            settings.chart_visibility = visibility


def _write_charts(clinic: Clinic, visibility: str) -> None:
    set_visibility(clinic.url, visibility)
    with as_schema_owner(clinic.url) as orm:
        accounts = {a.server_login: a for a in orm.query(Account)}
        tom, tess = accounts[clinic.tom], accounts[clinic.tess]
        for number, (family, therapist) in enumerate(
                (("Own", tom), ("Other", tess), ("Shared", tess)), start=1):
            patient = Patient(chart_number=f"C-{number}", given_name="Pat",
                              family_name=family, given_key="pat", family_key=family.lower(),
                              date_of_birth=dt.date(1980, 1, number))
            session = TreatmentSession(patient=patient, therapist_id=therapist.therapist_id,
                                       started_at=dt.datetime(2026, 11, number, 9, tzinfo=dt.UTC),
                                       atlas_version="1")
            orm.add_all([patient, session])
            orm.flush()
            orm.add(TriggerPoint(session_id=session.id, view=View.ANTERIOR, x=1.0, y=2.0,
                                 region_id="chest_left", side=Side.LEFT))
            if family == "Shared":
                orm.add(ChartShare(patient_id=patient.id, account_id=tom.id))
