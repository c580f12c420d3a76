"""The key file beside an encrypted database: the database key wrapped for each account.

`<database file name>.keys` is JSON. For each user name it holds a random salt, the argon2id
parameters, an AES-256-GCM nonce and the database key encrypted ("wrapped") with a key derived
from that person's password. The database key itself is never written in clear. The GCM tag
authenticates each wrapped key together with the user name and the database's key id, so an
entry copied from another account or another clinic's file is refused, not silently used.

Signing in derives once (argon2id, about a quarter of a second by design) and unwraps the key;
the raw key then lives in the open Database's connection factory for the session.

Losing this file loses nobody's data: the owner's recovery code derives the same database key
(db/key_material.py) and `recover` writes a new key file.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmt_desktop.db.key_material import DatabaseKey, RecoveryCode
from nmt_desktop.db.preflight import key_file_path

FORMAT = "nmt-desktop database keys"
VERSION = 1
_SALT_BYTES = 16
_NONCE_BYTES = 12


class KeyFileError(Exception):
    """The key file refused: the message says why, in one line, without any secret."""


class KeyFileMissingError(KeyFileError):
    pass


class KeyFileDamagedError(KeyFileError):
    pass


class UnknownKeyHolderError(KeyFileError):
    """No key is wrapped for this user name."""


class WrongPasswordError(KeyFileError):
    pass


class WrongRecoveryCodeError(KeyFileError):
    """A well-formed code that belongs to another database."""


@dataclass(frozen=True)
class Argon2Parameters:
    """argon2id cost: RFC 9106's second recommended option (64 MiB, 3 passes), 1 lane.

    One lane because the clinic laptop may have two cores busy with the app itself; the memory
    is what makes guessing passwords on graphics cards expensive.
    """

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1

    @property
    def plausible(self) -> bool:
        """Within what this app writes: a damaged file must not ask for 100 GB of memory."""
        return (1 <= self.time_cost <= 20 and 8 * 1024 <= self.memory_kib <= 4 * 1024 * 1024
                and 1 <= self.parallelism <= 16)

    def derive(self, password: str, salt: bytes) -> bytes:
        from argon2.low_level import Type, hash_secret_raw

        return hash_secret_raw(password.encode("utf-8"), salt, time_cost=self.time_cost,
                               memory_cost=self.memory_kib, parallelism=self.parallelism,
                               hash_len=32, type=Type.ID)


DEFAULT_PARAMETERS = Argon2Parameters()


class KeyFile:
    """The wrapped keys of one database file. Every change is written atomically (0o600)."""

    def __init__(self, path: Path, key_id: str, entries: dict[str, dict[str, Any]]) -> None:
        self.path = path
        self.key_id = key_id
        self._entries = entries

    @classmethod
    def beside(cls, database_file: Path) -> Path:
        return key_file_path(database_file)

    @classmethod
    def load(cls, database_file: Path) -> KeyFile:
        """The key file beside `database_file`, or KeyFileMissingError/KeyFileDamagedError."""
        path = key_file_path(database_file)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise KeyFileMissingError(
                f"the key file {path} is missing: open the database with the owner's "
                "recovery code, which writes a new one.") from error
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise _damaged(path) from error
        if not (isinstance(document, dict) and document.get("format") == FORMAT
                and document.get("version") == VERSION
                and isinstance(document.get("key_id"), str)
                and isinstance(document.get("accounts"), dict)):
            raise _damaged(path)
        return cls(path, document["key_id"], dict(document["accounts"]))

    @classmethod
    def create(cls, database_file: Path, key: DatabaseKey) -> KeyFile:
        """A new, empty key file for `key` (replacing any file of that name)."""
        key_file = cls(key_file_path(database_file), key.key_id, {})
        key_file._save()
        return key_file

    @property
    def user_names(self) -> list[str]:
        return sorted(self._entries)

    def wrap(self, key: DatabaseKey, user_name: str, password: str,
             parameters: Argon2Parameters | None = None) -> None:
        """Store `key` wrapped with `password` for `user_name` (new account or new password)."""
        parameters = parameters or DEFAULT_PARAMETERS
        if key.key_id != self.key_id:
            raise KeyFileError(f"the key file {self.path} belongs to another database key.")
        salt, nonce = secrets.token_bytes(_SALT_BYTES), secrets.token_bytes(_NONCE_BYTES)
        wrapping = parameters.derive(password, salt)
        wrapped = _aes(wrapping).encrypt(nonce, key.raw, self._context(user_name))
        self._entries[user_name] = {
            "kdf": "argon2id", "salt": _b64(salt), "time_cost": parameters.time_cost,
            "memory_kib": parameters.memory_kib, "parallelism": parameters.parallelism,
            "cipher": "AES-256-GCM", "nonce": _b64(nonce), "wrapped_key": _b64(wrapped)}
        self._save()

    def unwrap(self, user_name: str, password: str) -> DatabaseKey:
        """The database key, if `password` is `user_name`'s; otherwise a clear refusal."""
        from cryptography.exceptions import InvalidTag

        entry = self._entries.get(user_name)
        if entry is None:
            raise UnknownKeyHolderError(
                f"no database key is kept for the user name {user_name!r} in {self.path}.")
        try:
            parameters = Argon2Parameters(int(entry["time_cost"]), int(entry["memory_kib"]),
                                          int(entry["parallelism"]))
            if not parameters.plausible:
                raise ValueError("argon2 parameters out of range")
            salt, nonce = _unb64(entry["salt"]), _unb64(entry["nonce"])
            wrapped = _unb64(entry["wrapped_key"])
            wrapping = parameters.derive(password, salt)
        except (KeyError, TypeError, ValueError) as error:
            raise _damaged(self.path) from error
        try:
            raw = _aes(wrapping).decrypt(nonce, wrapped, self._context(user_name))
        except InvalidTag as error:
            raise WrongPasswordError(f"the password is not {user_name}'s.") from error
        key = DatabaseKey(raw)
        if key.key_id != self.key_id:
            raise _damaged(self.path)
        return key

    def drop(self, user_name: str) -> None:
        """Remove `user_name`'s wrapped key (the account was removed or disabled for good)."""
        if self._entries.pop(user_name, None) is not None:
            self._save()

    def _context(self, user_name: str) -> bytes:
        # Associated data: the entry is only valid for this user name and this database key.
        return f"{FORMAT} v{VERSION}\x00{self.key_id}\x00{user_name}".encode()

    def _save(self) -> None:
        document = {"format": FORMAT, "version": VERSION, "key_id": self.key_id,
                    "accounts": self._entries}
        write_private_file(self.path, json.dumps(document, indent=2, sort_keys=True) + "\n")


# --- the API the accounts services call ----------------------------------------------------

def create_database_key(database_file: Path, owner: str, password: str,
                        parameters: Argon2Parameters | None = None,
                        ) -> tuple[DatabaseKey, RecoveryCode]:
    """A new database key, its recovery code, and a key file with the owner's wrapped copy.

    The caller shows the code to the owner once (to print or write down) and never stores it.
    """
    code = RecoveryCode.new()
    key = code.database_key()
    KeyFile.create(database_file, key).wrap(key, owner, password, parameters)
    return key, code


def unlock(database_file: Path, user_name: str, password: str) -> DatabaseKey:
    """The database key for a person signing in (KeyFileError subclasses say why not)."""
    return KeyFile.load(database_file).unwrap(user_name, password)


def wrap_for_account(database_file: Path, key: DatabaseKey, user_name: str, password: str,
                     parameters: Argon2Parameters | None = None) -> None:
    """Give a new account (or an account's new password) its wrapped copy of the key."""
    KeyFile.load(database_file).wrap(key, user_name, password, parameters)


def change_password(database_file: Path, user_name: str, old_password: str,
                    new_password: str,
                    parameters: Argon2Parameters | None = None) -> None:
    """Rewrap `user_name`'s key under a new password; the old one must open it first."""
    key_file = KeyFile.load(database_file)
    key = key_file.unwrap(user_name, old_password)
    key_file.wrap(key, user_name, new_password, parameters)


def drop_account(database_file: Path, user_name: str) -> None:
    KeyFile.load(database_file).drop(user_name)


def recover(database_file: Path, code: RecoveryCode, owner: str, new_password: str,
            parameters: Argon2Parameters | None = None) -> DatabaseKey:
    """The database key from the owner's recovery code, and the owner's copy rewrapped.

    A key file that is missing or damaged is replaced by a new one holding only the owner's
    copy (the others are wrapped again when the owner resets their passwords); a sound key file
    of this database keeps the other accounts' copies. A code that belongs to another database
    is refused when the file does not open with it (db/preflight.py) or, if there is a sound
    key file, here already.
    """
    key = code.database_key()
    try:
        key_file = KeyFile.load(database_file)
    except (KeyFileMissingError, KeyFileDamagedError):
        key_file = KeyFile.create(database_file, key)
    if key_file.key_id != key.key_id:
        raise WrongRecoveryCodeError(
            "this recovery code belongs to another database (the key file here names another "
            "key); the file was not changed.")
    key_file.wrap(key, owner, new_password, parameters)
    return key


# --- files ---------------------------------------------------------------------------------

def write_private_file(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by its owner only (0o600 where supported)."""
    from nmt_desktop.db.schema_files import fsync_folder

    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    fsync_folder(path.parent)


def _aes(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def _damaged(path: Path) -> KeyFileDamagedError:
    return KeyFileDamagedError(
        f"the key file {path} is damaged: open the database with the owner's recovery code, "
        "which writes a new one.")
