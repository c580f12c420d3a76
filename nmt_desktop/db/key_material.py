"""The database key and the owner's recovery code it is derived from.

The recovery code is the root secret of an encrypted database: 200 random bits, printed once
for the owner, never stored anywhere by the app. The database key is derived from it with
HKDF-SHA256, so the printed code alone opens the data even when the key file beside the
database (db/key_file.py) is deleted or damaged. A code has 200 bits, far beyond guessing, so a
fast derivation is enough; the slow, password-hardened one (argon2id) protects the key's copies
wrapped with each person's password.

The code is 40 base-32 characters in eight groups of five, plus a ninth group that checks them:
a mistyped code is refused as mistyped instead of as "the wrong key".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

KEY_BYTES = 32
#: 25 bytes = 200 bits = 40 base-32 characters, no padding.
RECOVERY_SECRET_BYTES = 25
_GROUP = 5
_CHECK_CHARS = 5
_KEY_INFO = b"NMT Desktop database key v1"
_KEY_ID_INFO = b"NMT Desktop database key id v1"
_CHECK_INFO = b"NMT Desktop recovery code check v1"
#: Characters people misread when typing a code from paper, mapped to what base-32 means.
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class RecoveryCodeError(ValueError):
    """The text typed is not a recovery code (wrong length, a typo, a character not in it)."""


@dataclass(frozen=True)
class DatabaseKey:
    """The raw 256-bit key that SQLCipher encrypts the database file with.

    `raw` is left out of `repr`: the key never appears in a log line or an error message.
    """

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a database key is 32 bytes (256 bits)")

    @property
    def key_id(self) -> str:
        """A public name of this key (16 hex digits), to tell which database a key file is for.

        HKDF with its own label: knowing it says nothing about the key.
        """
        return _hkdf(self.raw, _KEY_ID_INFO, 8).hex()


@dataclass(frozen=True)
class RecoveryCode:
    """The owner's printed code; `text` is what goes on paper (`repr` hides it)."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != RECOVERY_SECRET_BYTES:
            raise ValueError("a recovery code carries 200 bits")

    @classmethod
    def new(cls) -> RecoveryCode:
        return cls(secrets.token_bytes(RECOVERY_SECRET_BYTES))

    @classmethod
    def parse(cls, typed: str) -> RecoveryCode:
        """The code from what was typed: spaces, dashes and case do not matter."""
        cleaned = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
        body_length = RECOVERY_SECRET_BYTES * 8 // 5
        if len(cleaned) != body_length + _CHECK_CHARS:
            raise RecoveryCodeError(
                f"a recovery code has {body_length + _CHECK_CHARS} letters and digits "
                f"(nine groups of five); this one has {len(cleaned)}.")
        body, check = cleaned[:body_length], cleaned[body_length:]
        try:
            secret = base64.b32decode(body)
        except ValueError as error:
            raise RecoveryCodeError(
                "a recovery code has only the letters A-Z and the digits 2-7.") from error
        code = cls(secret)
        if not hmac.compare_digest(code._check(), check):
            raise RecoveryCodeError(
                "the recovery code has a typo (its last group does not match the others); "
                "check each group against the printed sheet.")
        return code

    @property
    def text(self) -> str:
        """Nine groups of five characters, e.g. `ABCDE-FGHIJ-…`."""
        characters = base64.b32encode(self.secret).decode("ascii") + self._check()
        return "-".join(characters[i:i + _GROUP] for i in range(0, len(characters), _GROUP))

    def database_key(self) -> DatabaseKey:
        """The database key this code opens (the same code always gives the same key)."""
        return DatabaseKey(_hkdf(self.secret, _KEY_INFO, KEY_BYTES))

    def _check(self) -> str:
        digest = hashlib.sha256(_CHECK_INFO + self.secret).digest()
        return base64.b32encode(digest).decode("ascii")[:_CHECK_CHARS]


def new_database_key() -> tuple[DatabaseKey, RecoveryCode]:
    """A fresh recovery code and the database key derived from it."""
    code = RecoveryCode.new()
    return code.database_key(), code


def _hkdf(secret: bytes, info: bytes, length: int) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)
