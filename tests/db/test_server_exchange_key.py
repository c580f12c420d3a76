"""The clinic's secret exchange key on a clinic server: only owners/admins read it.

The secret (`clinic_settings.exchange_identity`) opens every chart file encrypted for the
clinic. The role matrix gives the clinic's upkeep (MANAGE_CLINIC) to owners/admins only, and
they alone make the key, so PostgreSQL lets only their group read it (column privileges); the
rest of the settings stay readable by everyone. Proven with plain SQL as each login, then the
app's own path: a therapist's import of a file for the clinic's key is refused in one line,
an owner's opens.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors

from nmt_desktop.services import clinic as clinic_service
from nmt_desktop.services.clinic_server import check_server, sign_in_to_server
from nmt_desktop.services.exchange import create_clinic_exchange_key
from nmt_desktop.services.exchange.chart_file import ChartFileRefusedError
from nmt_desktop.services.exchange.clinic_key import unseal_chart_file
from nmt_desktop.services.exchange.protection import ChartProtection, Protection, seal
from tests.db.server_clinic import PASSWORD, Clinic, connect_as, make_clinic

pytestmark = pytest.mark.postgres
PLAIN_CHART = b'{"format": "nmt-chart"}'


@pytest.fixture(scope="module")
def clinic(postgres_server: str) -> Iterator[Clinic]:
    made = make_clinic(postgres_server, visibility="all")
    owner = sign_in_to_server(made.url, made.owner, PASSWORD)
    try:
        create_clinic_exchange_key(owner)
    finally:
        owner.close()
    yield made


def _refused(conn: psycopg.Connection, sql: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        conn.execute(sql)


def test_only_the_owner_login_reads_the_secret_key(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.owner) as conn:
        secret = conn.execute("SELECT exchange_identity FROM clinic_settings").fetchone()
        assert secret is not None and str(secret[0]).startswith("AGE-SECRET-KEY-")
    for login in (clinic.tom, clinic.tess, clinic.fred):
        with connect_as(clinic.url, login) as conn:
            _refused(conn, "SELECT exchange_identity FROM clinic_settings")
            _refused(conn, "SELECT * FROM clinic_settings")
            # Everything else of the settings: the letterhead, the public key, the rules
            row = conn.execute("SELECT name, exchange_recipient, chart_visibility, "
                               "disabled_techniques, lock_after_minutes "
                               "FROM clinic_settings").fetchone()
            assert row is not None and str(row[1]).startswith("age1")
            _refused(conn, "UPDATE clinic_settings SET exchange_identity = NULL")


def test_the_settings_still_load_in_the_app_for_every_role(clinic: Clinic) -> None:
    for login in (clinic.tom, clinic.fred, clinic.owner):
        handle = sign_in_to_server(clinic.url, login, PASSWORD)
        try:
            assert clinic_service.get_clinic_settings(handle).version >= 1
        finally:
            handle.close()


def test_a_therapist_is_told_who_opens_a_file_for_the_clinics_key(clinic: Clinic) -> None:
    owner = sign_in_to_server(clinic.url, clinic.owner, PASSWORD)
    try:
        key, _ = create_clinic_exchange_key(owner)  # the same key: made once
        sealed = seal(PLAIN_CHART, ChartProtection.for_clinic(key))
        assert unseal_chart_file(owner, sealed, None) == (PLAIN_CHART, Protection.CLINIC_KEY)
    finally:
        owner.close()
    tom = sign_in_to_server(clinic.url, clinic.tom, PASSWORD)
    try:
        with pytest.raises(ChartFileRefusedError) as refused:
            unseal_chart_file(tom, sealed, None)
        message = str(refused.value.field_errors["file"])
        assert "only an owner/admin may use the clinic's secret key" in message
        assert "\n" not in message
        # A file protected with a password is the therapist's to import
        by_password = seal(PLAIN_CHART, ChartProtection.with_password("a chart file password"))
        assert unseal_chart_file(tom, by_password, "a chart file password")[0] == PLAIN_CHART
    finally:
        tom.close()


def test_server_check_names_a_therapist_who_can_read_the_secret(postgres_server: str) -> None:
    made = make_clinic(postgres_server, visibility="all")
    assert check_server(made.url).drift == []
    with psycopg.connect(made.url.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as admin:
        admin.execute("GRANT SELECT (exchange_identity) ON clinic_settings TO nmt_therapist")
    assert "nmt_therapist can read clinic_settings.exchange_identity" in check_server(
        made.url).drift
