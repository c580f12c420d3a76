"""This clinic's exchange key: the age key pair that chart files are encrypted to.

The secret half (`clinic_settings.exchange_identity`) never leaves the services: it is read
only to open a chart file encrypted for this clinic. The public half ("age1…") is what other
clinics paste into their export dialog; it is not a secret and may be shown, copied, mailed.
The pair is made once, by an owner/admin; a second request shows the same key, because a new
one would make every file already encrypted for the old one unreadable here.

On a clinic server only owners/admins may read the secret half (PostgreSQL column privileges,
db/server_security.py): a therapist there imports plain and password-protected chart files,
and an owner/admin opens those encrypted for the clinic's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import ClinicSettings
from nmt_desktop.domain.access import AuthMethod, Permission
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services.clinic import SETTINGS_ROW_ID, settings_row
from nmt_desktop.services.exchange.chart_file import (
    MAX_CHART_FILE_BYTES,
    ChartFileRefusedError,
    file_too_large,
)
from nmt_desktop.services.exchange.protection import (
    ChartPasswordNeededError,
    Protection,
    exchange_key_of,
    file_protection,
    new_exchange_identity,
    open_with_identity,
    open_with_password,
)
from nmt_desktop.services.records import ChangeSet


@dataclass(frozen=True)
class ClinicIdentity:
    """The secret key and its public key, for opening a file inside the services only."""

    secret: str
    exchange_key: str

    def __repr__(self) -> str:  # never print the secret key, even in a traceback
        return f"ClinicIdentity(exchange_key={self.exchange_key!r})"


def clinic_exchange_key(db: Database) -> str | None:
    """This clinic's exchange key ("age1…"), None until an owner/admin creates it."""
    authorize(db, Permission.EXCHANGE)
    with db.reading() as orm:
        row = settings_row(orm)
        return row.exchange_recipient if row is not None else None


def create_clinic_exchange_key(db: Database) -> tuple[str, ChangeSet]:
    """The clinic's exchange key, made now if the clinic has none yet (owner/admin only).

    Made once: when the clinic has a key already, that key is returned and nothing changes.
    """
    who = authorize(db, Permission.MANAGE_CLINIC)
    with db.transaction() as orm:
        row = _settings_row_for_writing(orm)
        if row.exchange_identity and row.exchange_recipient:
            return row.exchange_recipient, ChangeSet()
        secret, public = new_exchange_identity()
        row.exchange_identity, row.exchange_recipient = secret, public
        record_event(orm, who, "create", "exchange_key", None, None,
                     exchange_key=public)
    return public, ChangeSet(settings=True)


def clinic_identity(orm: Session) -> ClinicIdentity | None:
    """The clinic's key pair inside a transaction, None if it has none (services only)."""
    row = settings_row(orm)
    if row is None or not row.exchange_identity:
        return None
    return ClinicIdentity(row.exchange_identity,
                          row.exchange_recipient or exchange_key_of(row.exchange_identity))


def _settings_row_for_writing(orm: Session) -> ClinicSettings:
    row = settings_row(orm)
    if row is None:
        row = ClinicSettings(id=SETTINGS_ROW_ID, name="", address="", phone="", email="",
                             logo_png=None, disabled_techniques=[])
        orm.add(row)
    return row


def unseal_chart_file(
    db: Database, content: bytes, password: str | None
) -> tuple[bytes, Protection]:
    """The plain chart file in `content` and how it was protected.

    A plain file is returned as it is. An age file encrypted for a clinic is opened with this
    clinic's secret key; one encrypted with a password needs `password`. Whatever comes out
    is checked afterwards exactly like a plain file.

    Raises:
        ChartPasswordNeededError: It is protected with a password and `password` is None.
        ChartFileRefusedError: Too large, damaged, for another clinic's key, wrong password.
        ValidationError: The password is empty.
        NotAllowedError: The person may not import charts (the clinic's key opens them).
    """
    authorize(db, Permission.EXCHANGE)
    if len(content) > MAX_CHART_FILE_BYTES:
        raise file_too_large(len(content))
    protection = file_protection(content)
    if protection is Protection.NONE:
        return content, protection
    if protection is Protection.PASSWORD:
        if password is None:
            raise ChartPasswordNeededError()
        return open_with_password(content, password), protection
    if protection is Protection.OTHER_KEY:
        raise ChartFileRefusedError(["it was encrypted for a kind of key NMT Desktop does not "
                                     "use (not a clinic exchange key, not a password)"])
    who = db.person
    if who.authenticated_by is AuthMethod.SERVER_LOGIN and not who.may(Permission.MANAGE_CLINIC):
        # The server lets only owners/admins read the secret key (db/server_security.py).
        raise ChartFileRefusedError([
            "it was encrypted for this clinic's exchange key, and on a clinic server only an "
            "owner/admin may use the clinic's secret key. Ask one of them to import it, or ask "
            "the sender for a copy protected with a password"])
    with db.reading() as orm:
        identity = clinic_identity(orm)
    if identity is None:
        raise ChartFileRefusedError([
            "it was encrypted for a clinic's exchange key, and this clinic has none yet, so it "
            "cannot be the one it was meant for. Ask the sender to encrypt it with a password, "
            "or for this clinic's key once an owner/admin has made it"])
    return open_with_identity(content, identity.secret, identity.exchange_key), protection
