"""Typing one's password again on a clinic server (signing, unlocking) asks PostgreSQL.

On a server the account has no password hash of the app's: the person's own login is the
only password there is. The TLS-only, password-only test server refuses a connection without
the URL's TLS options, so a check that dropped them would refuse the right password too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services import charting, patients, sessions, signing
from nmt_desktop.services.clinic_server import sign_in_to_server
from nmt_desktop.services.sign_in import (
    WRONG_NAME_OR_PASSWORD,
    SignInRefusedError,
    change_own_password,
    verify_password,
)
from tests.conftest import TlsServer
from tests.db.tls_clinic import PASSWORD, TlsClinic, make_tls_clinic, run_as_superuser

pytestmark = pytest.mark.postgres
WRONG = "not-tinas-password-x7"


@pytest.fixture(scope="module")
def clinic(tls_postgres_server: TlsServer) -> TlsClinic:
    return make_tls_clinic(tls_postgres_server)


@pytest.fixture
def tina(clinic: TlsClinic) -> Iterator[Database]:
    handle = sign_in_to_server(clinic.url, clinic.therapist, PASSWORD)
    yield handle
    handle.close()


def _draft_session(db: Database) -> object:
    patient, _ = patients.create_patient(db, PatientInput("Rhea", "Reauth", "1970-03-03"))
    session, _ = sessions.start_session(db, patient.uid)
    x, y = load_atlas().label_point("shoulder_top_left")
    charting.place_trigger_point(db, session.uid, x, y)
    return session.uid


def _audit_text(server: TlsServer, clinic: TlsClinic) -> str:
    rows = run_as_superuser(server, clinic.url, "SELECT a::text FROM audit_event a")
    return "\n".join(str(row[0]) for row in rows)


def test_signing_on_a_server_checks_the_password_with_postgresql(
        tls_postgres_server: TlsServer, clinic: TlsClinic, tina: Database,
        caplog: pytest.LogCaptureFixture) -> None:
    session_uid = _draft_session(tina)
    # WHEN she types a wrong password to sign
    with pytest.raises(SignInRefusedError) as refused:
        signing.sign_session(tina, session_uid, password=WRONG)
    # THEN the same words as on a file; nothing is signed; the attempt is audited, not the text
    assert str(refused.value) == WRONG_NAME_OR_PASSWORD
    assert sessions.get_session(tina, session_uid).status is SessionStatus.DRAFT
    trail = _audit_text(tls_postgres_server, clinic)
    assert "reauthenticate_refused" in trail
    # WHEN her login's password changes on the server (the IT person, in psql)
    run_as_superuser(tls_postgres_server, clinic.url,
                     f"ALTER ROLE {clinic.therapist} PASSWORD 'the-new-server-password'")
    try:
        # THEN the old password no longer signs: the server, not the app, decided
        with pytest.raises(SignInRefusedError):
            signing.sign_session(tina, session_uid, password=PASSWORD)
        record, _ = signing.sign_session(tina, session_uid, password="the-new-server-password")
    finally:
        run_as_superuser(tls_postgres_server, clinic.url,
                         f"ALTER ROLE {clinic.therapist} PASSWORD '{PASSWORD}'")
    assert record.status is SessionStatus.SIGNED
    trail = _audit_text(tls_postgres_server, clinic)
    for secret in (WRONG, PASSWORD, "the-new-server-password"):
        assert secret not in trail
        assert secret not in caplog.text
    assert str(refused.value).count(WRONG) == 0


def test_unlocking_on_a_server_asks_postgresql(clinic: TlsClinic, tina: Database) -> None:
    with pytest.raises(SignInRefusedError) as refused:
        verify_password(tina, WRONG)
    assert str(refused.value) == WRONG_NAME_OR_PASSWORD
    assert WRONG not in repr(refused.value)
    again = verify_password(tina, PASSWORD)
    assert again.user_name == clinic.therapist
    assert again.authenticated_at >= tina.person.authenticated_at


def test_a_server_that_cannot_be_reached_is_not_called_a_wrong_password(
        clinic: TlsClinic, tina: Database) -> None:
    # The same person, with the URL of a port where no server listens any more.
    moved = make_url(tina.url).set(port=1).render_as_string(hide_password=False)
    gone = Database(None, moved).signed_in_as(tina.person)
    with pytest.raises(SignInRefusedError) as refused:
        verify_password(gone, PASSWORD)
    message = str(refused.value)
    assert message.startswith("Your password could not be checked: the server did not answer")
    assert "\n" not in message and PASSWORD not in message


def test_a_server_password_is_not_changed_in_the_app(tina: Database) -> None:
    with pytest.raises(NotAllowedError, match="your server login's"):
        change_own_password(tina, PASSWORD, "another long password 42")
