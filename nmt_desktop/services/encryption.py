"""Use cases of the encrypted database: create, unlock, recover, encrypt, keys of accounts.

The window and the accounts services call these; they never touch keys themselves. A SQLite
file is encrypted with SQLCipher under a random 256-bit database key derived from the owner's
recovery code; each account holds a copy of that key wrapped with its own password
(db/key_file.py, docs/encryption.md). Signing in unwraps the key once; the open Database keeps
it for its connections.

A PostgreSQL database is not encrypted by NMT Desktop: encryption at rest is then the server's
job (an encrypted disk or volume), and every use case here says so in one line.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nmt_desktop.db import encrypting, key_file, key_keychain
from nmt_desktop.db.cipher import SqliteConnector
from nmt_desktop.db.database import Database
from nmt_desktop.db.key_file import KeyFile, KeyFileError
from nmt_desktop.db.key_material import DatabaseKey, RecoveryCode, RecoveryCodeError
from nmt_desktop.db.preflight import (
    is_plain_sqlite_file,
    key_file_path,
    sqlite_path,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services._uow.access import authorize, signed_in
from nmt_desktop.services._uow.key_file_guard import read_file_bytes, restore_file
from nmt_desktop.services.database_lock import DatabaseLock, database_lock
from nmt_desktop.services.records import EncryptionRecord

log = logging.getLogger(__name__)

SSD_WARNING = encrypting.SSD_WARNING
#: What a server database answers to "encrypt".
SERVER_ENCRYPTION = ("a PostgreSQL database is encrypted at rest by its server (an encrypted "
                     "disk or volume), not by NMT Desktop; ask the server's administrator.")

__all__ = [
    "SERVER_ENCRYPTION",
    "SSD_WARNING",
    "DatabaseLock",
    "KeyFileError",
    "NewEncryptedDatabase",
    "RecoveryCodeError",
    "create_encrypted_database",
    "database_lock",
    "delete_plaintext_copies",
    "delete_plaintext_files",
    "drop_account_key",
    "encrypt_this_database",
    "forget_on_this_laptop",
    "grant_database_key",
    "open_remembered",
    "open_unlocked",
    "open_with_recovery_code",
    "plaintext_copies",
    "plaintext_files",
    "remember_on_this_laptop",
    "remembered_on_this_laptop",
    "rewrap_database_key",
    "unlock",
]


@dataclass(frozen=True)
class NewEncryptedDatabase:
    """The first owner's new database, open, and the recovery code to show them once."""

    db: Database
    recovery_code: str = field(repr=False)
    key_file: Path


def create_encrypted_database(url: str, owner_user_name: str, password: str, *,
                              new_database_in_empty_file: bool = False,
                              ) -> NewEncryptedDatabase:
    """The first owner's new database: encrypted, with their wrapped key and a recovery code.

    The caller shows `recovery_code` once, to print or write down; nothing stores it. The
    accounts service then creates the owner's account in the returned database.
    """
    path = _file(url)
    if path.exists() and path.stat().st_size > 0:
        raise ConflictError(f"{path} already exists; open it instead of creating it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    key, code = key_file.create_database_key(path, owner_user_name, password)
    try:
        db = Database.open(url, key=key, new_database_in_empty_file=new_database_in_empty_file)
    except BaseException:
        key_file_path(path).unlink(missing_ok=True)  # no key file beside a database not made
        raise
    return NewEncryptedDatabase(db, code.text, key_file_path(path))


def unlock(url: str, user_name: str, password: str) -> DatabaseKey:
    """The database key `user_name`'s password unwraps (once per sign-in), or KeyFileError."""
    return key_file.unlock(_file(url), user_name, password)


def open_unlocked(url: str, user_name: str, password: str, *, for_start: bool = False,
                  remember: bool = False) -> Database:
    """Open an encrypted database with the key `user_name`'s password unwraps.

    Wrong password, unknown user name, missing or damaged key file: KeyFileError, one line.
    `remember`: also keep the key in this laptop's keychain (off unless the person chose it).
    """
    key = unlock(url, user_name, password)
    db = _open(url, key, for_start)
    if remember:
        key_keychain.remember(key, _data_dir())
    return db


def open_remembered(url: str, *, for_start: bool = False) -> Database | None:
    """The database opened with the key this laptop remembers for it, or None."""
    path = _file(url)
    try:
        key_id = KeyFile.load(path).key_id
    except KeyFileError:
        return None
    key = key_keychain.remembered(key_id, _data_dir())
    return None if key is None else _open(url, key, for_start)


def open_with_recovery_code(url: str, typed_code: str, owner_user_name: str,
                            new_password: str) -> Database:
    """Open with the owner's printed code, even when the key file is lost or damaged.

    The owner's copy of the key is wrapped again under `new_password` (in a new key file if the
    old one was lost or damaged).

    A code with a typo: RecoveryCodeError; another database's code: a refusal from opening.
    """
    path = _file(url)
    if not path.is_file():
        raise ConflictError(f"{path} does not exist: there is nothing to recover.")
    code = RecoveryCode.parse(typed_code)
    db = Database.open(url, key=code.database_key())  # another database's code: refused here
    try:
        key_file.recover(path, code, owner_user_name, new_password)
    except BaseException:
        db.close()
        raise
    return db


def grant_database_key(db: Database, user_name: str, password: str) -> None:
    """Wrap the open database's key for `user_name` (a new account, or a password reset)."""
    authorize(db, Permission.MANAGE_ACCOUNTS)
    key = _key_of(db)
    if key is not None:
        key_file.wrap_for_account(_file(db.url), key, user_name, password)


def rewrap_database_key(db: Database, user_name: str, old_password: str,
                        new_password: str) -> None:
    """A person changed their password: their copy of the key follows."""
    person = signed_in(db)
    if user_name != person.user_name:
        authorize(db, Permission.MANAGE_ACCOUNTS)  # only an admin rewraps someone else's
    if _key_of(db) is not None:
        key_file.change_password(_file(db.url), user_name, old_password, new_password)


def drop_account_key(db: Database, user_name: str) -> None:
    """A removed account's copy of the key goes (its rows in the database stay)."""
    authorize(db, Permission.MANAGE_ACCOUNTS)
    if _key_of(db) is not None:
        key_file.drop_account(_file(db.url), user_name)


def remember_on_this_laptop(db: Database) -> None:
    """Keep the open database's key in this laptop account's keychain ("remember").

    Each person still signs in with their own password; the keychain spares only the key's
    unwrapping, and anyone who can sign in to this operating-system account can then open the
    file. A choice, off until made, and audited (who chose it, never the key).
    """
    signed_in(db)
    key = _key_of(db)
    if key is None:
        raise ConflictError("the database is not encrypted: there is no key to remember.")
    data_dir = _data_dir()
    # The audit event and the keychain stand or fall together: the keychain is written inside
    # the event's transaction, and taken back if the commit then fails.
    try:
        with _audited(db, "remember_key_on_laptop", laptop_account=_laptop_account()):
            try:
                key_keychain.remember(key, data_dir)
            except key_keychain.KeychainError as refusal:
                raise ConflictError(f"The key was not remembered: {refusal}") from None
    except ConflictError:
        raise
    except BaseException:
        try:
            key_keychain.forget(key.key_id, data_dir)
        except key_keychain.KeychainError as stuck:  # the commit's own error is the one raised
            log.warning("The key stays in this laptop's keychain after a failed remember: %s",
                        stuck)
        raise


def forget_on_this_laptop(db: Database) -> None:
    """Take the key out of this laptop account's keychain; the password is needed again."""
    signed_in(db)
    key = _key_of(db)
    if key is None:
        return
    # Forgetting cannot be taken back; the event is written with it, in one transaction.
    with _audited(db, "forget_key_on_laptop", laptop_account=_laptop_account()):
        try:
            key_keychain.forget(key.key_id, _data_dir())
        except key_keychain.KeychainError as refusal:
            raise ConflictError(f"The key is still remembered: {refusal}") from None


def remembered_on_this_laptop(db: Database) -> bool:
    """Whether this laptop account chose to remember the open database's key.

    Told by the marker in the data folder: the keychain is not loaded to answer.
    """
    signed_in(db)
    key = _key_of(db)
    return key is not None and key_keychain.chosen_here(key.key_id, _data_dir())


def _laptop_account() -> str:
    """The operating-system account whose keychain holds the key (for the audit trail)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name known to the system: the audit says so
        return "unknown"


def encrypt_this_database(db: Database, password: str) -> EncryptionRecord:
    """"Encrypt this database": the signed-in owner's plain SQLite file, verified, in place.

    A new database key and recovery code are made; the key is wrapped for the signed-in person
    with `password`. The plain copy is kept until `delete_plaintext_copies`. The other accounts
    receive their copies when their passwords are next set (or reset by the owner).
    """
    authorize(db, Permission.MANAGE_CLINIC)
    path = db.sqlite_file
    if path is None:
        raise ConflictError(SERVER_ENCRYPTION)
    if db.encrypted:
        raise ConflictError(f"{path} is already encrypted.")
    code = RecoveryCode.new()
    key = code.database_key()
    # The key file first: an encrypted file is never left without a way in but the code.
    key_file_before = read_file_bytes(key_file_path(path))
    KeyFile.create(path, key).wrap(key, db.person.user_name, password)
    db.close()  # the file is swapped under this handle: its plain connections go first
    try:
        done = encrypting.encrypt_file(path, key)
    except BaseException:
        restore_file(key_file_path(path), key_file_before)
        raise
    db.use_connector(SqliteConnector(key.raw))
    _audit(db, "encrypt", tables=done.tables, rows=done.rows,
           plaintext_copy=done.plaintext_copy.name)
    return EncryptionRecord(str(path), done.tables, done.rows, code.text, done.plaintext_copy,
                            SSD_WARNING)


def plaintext_copies(db: Database) -> list[Path]:
    """The plain copies still beside an encrypted database (kept copy, pre-upgrade backups)."""
    authorize(db, Permission.MANAGE_CLINIC)
    path = db.sqlite_file
    if path is None or not db.encrypted:
        return []
    return encrypting.plaintext_copies(path)


def delete_plaintext_copies(db: Database) -> list[Path]:
    """The person confirmed: overwrite and delete the plain copies (see SSD_WARNING)."""
    authorize(db, Permission.MANAGE_CLINIC)
    path = db.sqlite_file
    if path is None or not db.encrypted:
        raise ConflictError("only an encrypted database's plain copies are deleted here.")
    deleted = encrypting.delete_plaintext_copies(path)
    _audit(db, "delete_plaintext_copies", files=[file.name for file in deleted])
    return deleted


def plaintext_files(url: str) -> list[Path]:
    """The plain copies beside the encrypted file at `url` (for the command line)."""
    path = _file(url)
    if not path.is_file() or is_plain_sqlite_file(path):
        raise ConflictError("the database is not encrypted; encrypt it first (db encrypt).")
    return encrypting.plaintext_copies(path)


def delete_plaintext_files(url: str) -> list[Path]:
    """`nmt-desktop db delete-plaintext`: overwrite and delete the plain copies.

    The command line's authority here is the file system's (whoever may run it could delete
    these files anyway); the app's menu uses `delete_plaintext_copies`, which checks the
    signed-in person's role.
    """
    plaintext_files(url)
    return encrypting.delete_plaintext_copies(_file(url))


def _audit(db: Database, action: str, **detail: object) -> None:
    """The database's own audit trail records who encrypted it (never a key or a code)."""
    with _audited(db, action, **detail):
        pass


@contextlib.contextmanager
def _audited(db: Database, action: str, **detail: object) -> Iterator[None]:
    """One transaction holding the audit event; the block runs before its commit."""
    from nmt_desktop.services._uow.audit_trail import record_event

    with db.transaction() as orm:
        record_event(orm, db.person, action, "database", None, None, **detail)
        yield


def _open(url: str, key: DatabaseKey, for_start: bool) -> Database:
    if for_start:
        return Database.open_for_start(url, key=key)
    return Database.open(url, key=key)


def _data_dir() -> Path:
    """This laptop account's data folder: where "remember on this laptop" is noted."""
    from nmt_desktop.config import user_paths

    return user_paths().data_dir


def _file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise ConflictError(SERVER_ENCRYPTION)
    return path


def _key_of(db: Database) -> DatabaseKey | None:
    raw = db.connector.key
    return None if raw is None else DatabaseKey(raw)
