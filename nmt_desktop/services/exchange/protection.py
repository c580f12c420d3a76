"""Chart files protected with age (https://age-encryption.org/v1), through pyrage.

A chart file that leaves the laptop can be sealed in one of two standard ways, or left plain:

- for a clinic: encrypted to the receiving clinic's exchange key (an age X25519 public key,
  "age1…"); only the database holding the matching secret key can open it, and nobody has
  to pass a password along;
- with a password: age's scrypt recipient; whoever knows the password can open it;
- plain: the JSON as it is, readable by anyone who has the file.

Nothing here is a format of our own: the sealed file is an ordinary age file that the `age`
and `rage` command-line tools open too (armored or binary), and the plaintext inside is the
ordinary chart file, which goes through the same checks as a plain import. Passwords and
secret keys never enter a message, a log or the audit trail.
"""

from __future__ import annotations

import base64
import binascii
import enum
from dataclasses import dataclass, field

import pyrage
from pyrage import passphrase, x25519

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services.exchange.chart_file import AGE_FILE_STARTS, ChartFileRefusedError

#: How every binary age file starts (age-encryption.org/v1, "Header"), and how an
#: ASCII-armored one (`age -a`) does.
AGE_MAGIC, AGE_ARMOR_BEGIN = AGE_FILE_STARTS
AGE_ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
#: An age X25519 public key: "age1" and 58 Bech32 characters.
EXCHANGE_KEY_PREFIX = "age1"
MIN_PASSWORD_LENGTH = 8
#: Longer than any password a person types; keeps scrypt's input bounded.
MAX_PASSWORD_LENGTH = 1024
# The header of an age file is a few hundred bytes; a "header" longer than this is not one.
_MAX_HEADER_BYTES = 64 * 1024


class Protection(enum.StrEnum):
    """How a chart file is (to be) protected. The value goes into the audit trail."""

    NONE = "none"
    CLINIC_KEY = "clinic key"
    PASSWORD = "password"
    #: An age file for a kind of key NMT Desktop does not use (ssh keys, plugins).
    OTHER_KEY = "other key"


@dataclass(frozen=True)
class ChartProtection:
    """What the person chose for an export: plain, for a clinic's key, or a password.

    The password is left out of the repr, so that it cannot reach a log or a traceback.
    """

    kind: Protection = Protection.NONE
    recipient: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def plain(cls) -> ChartProtection:
        return cls(Protection.NONE)

    @classmethod
    def for_clinic(cls, exchange_key: str) -> ChartProtection:
        """Encrypted to the receiving clinic's exchange key (checked here)."""
        return cls(Protection.CLINIC_KEY, recipient=check_exchange_key(exchange_key))

    @classmethod
    def with_password(cls, password: str) -> ChartProtection:
        """Encrypted with a password of at least MIN_PASSWORD_LENGTH characters (checked here)."""
        return cls(Protection.PASSWORD, password=check_new_password(password))


class ChartPasswordNeededError(ValidationError):
    """The chart file is protected with a password and none was given; nothing was written."""

    def __init__(self) -> None:
        super().__init__({"password": "The chart file is protected with a password: type the "
                                      "password it was encrypted with."})


class WrongChartPasswordError(ChartFileRefusedError):
    """The password given does not open the chart file; nothing was written."""

    def __init__(self) -> None:
        super().__init__(["the password does not open it (check the password with the person "
                          "who sent the file)"])


def check_exchange_key(text: str) -> str:
    """The clinic exchange key in `text` (spaces around it removed), or ValidationError."""
    key = text.strip()
    problem = ("That is not a clinic exchange key. An exchange key starts with age1 and is 62 "
               "characters long: copy it whole from the other clinic's NMT Desktop "
               "(File → This clinic's exchange key…).")
    if key.upper().startswith("AGE-SECRET-KEY-"):
        raise ValidationError({"recipient": "That is a secret key, which must never leave its "
                                            "clinic. Paste the clinic's exchange key: it starts "
                                            "with age1."})
    if not key.startswith(EXCHANGE_KEY_PREFIX):
        raise ValidationError({"recipient": problem})
    try:
        x25519.Recipient.from_str(key)
    except pyrage.RecipientError:
        raise ValidationError({"recipient": problem}) from None
    return key


def check_new_password(password: str) -> str:
    """A password to encrypt with: MIN_PASSWORD_LENGTH characters at least, or ValidationError."""
    if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
        raise ValidationError({"password": f"The password must have at least "
                                           f"{MIN_PASSWORD_LENGTH} characters."})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError({"password": f"The password must have at most "
                                           f"{MAX_PASSWORD_LENGTH} characters."})
    return password


def seal(content: bytes, protection: ChartProtection) -> bytes:
    """The bytes of the file to write: `content` itself, or an age file holding it."""
    if protection.kind is Protection.NONE:
        return content
    if protection.kind is Protection.CLINIC_KEY:
        recipient = x25519.Recipient.from_str(check_exchange_key(protection.recipient))
        return bytes(pyrage.encrypt(content, [recipient]))
    if protection.kind is Protection.PASSWORD:
        return bytes(passphrase.encrypt(content, check_new_password(protection.password)))
    raise ValueError(f"cannot seal a chart file with {protection.kind}")


def new_exchange_identity() -> tuple[str, str]:
    """A new age X25519 key pair: (secret key "AGE-SECRET-KEY-1…", public key "age1…")."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def exchange_key_of(identity: str) -> str:
    """The public key ("age1…") of a secret key."""
    return str(x25519.Identity.from_str(identity).to_public())


def _binary(content: bytes) -> bytes | None:
    """The binary age file in `content` (armor removed), None if it is not an age file.

    Raises ChartFileRefusedError for armor that is not valid base64.
    """
    if content.startswith(AGE_MAGIC):
        return content
    if not content.lstrip().startswith(AGE_ARMOR_BEGIN):
        return None
    text = content.strip()
    if not text.endswith(AGE_ARMOR_END):
        raise _damaged()
    body = text[len(AGE_ARMOR_BEGIN):-len(AGE_ARMOR_END)]
    try:
        return base64.b64decode(b"".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _damaged() from None


def _damaged() -> ChartFileRefusedError:
    return ChartFileRefusedError(["it is an encrypted (age) chart file, but it is damaged or "
                                  "incomplete (was it copied whole?)"])


def file_protection(content: bytes) -> Protection:
    """How the chart file `content` is protected, read from its age header (nothing decrypted).

    Raises ChartFileRefusedError if it starts like an age file but its header is damaged.
    """
    binary = _binary(content)
    if binary is None:
        return Protection.NONE
    header_end = binary.find(b"\n---", 0, _MAX_HEADER_BYTES)
    if header_end < 0:
        raise _damaged()
    # Each recipient stanza is a line "-> TYPE ARGS…" (age-encryption.org/v1, "Header").
    types = {line[3:].split(b" ", 1)[0] for line in binary[:header_end].split(b"\n")
             if line.startswith(b"-> ")}
    if b"scrypt" in types:
        return Protection.PASSWORD
    if b"X25519" in types:
        return Protection.CLINIC_KEY
    if not types:
        raise _damaged()
    return Protection.OTHER_KEY


def open_with_password(content: bytes, password: str) -> bytes:
    """The chart file inside a password-protected age file; ChartFileRefusedError if not."""
    if not password:
        raise ValidationError({"password": "The password is empty: type the password the "
                                           "chart file was encrypted with."})
    binary = _binary(content) or content
    try:
        return bytes(passphrase.decrypt(binary, password))
    except pyrage.DecryptError as error:
        reason = str(error)
    # rage's messages are the only way to tell the cases apart (pyrage has one error type).
    if reason.startswith("Decryption failed"):
        raise WrongChartPasswordError()
    if reason.startswith("Excessive work parameter"):
        raise ChartFileRefusedError([
            "it asks for far more password-hashing work than NMT Desktop or age ever write; "
            "it is damaged or was not made to be opened"])
    raise _damaged()


def open_with_identity(content: bytes, identity: str, exchange_key: str) -> bytes:
    """The chart file inside an age file encrypted to this clinic's exchange key.

    Raises ChartFileRefusedError when it was encrypted to another key or is damaged.
    """
    binary = _binary(content) or content
    try:
        return bytes(pyrage.decrypt(binary, [x25519.Identity.from_str(identity)]))
    except pyrage.DecryptError as error:
        reason = str(error)
    if reason.startswith("No matching keys found"):
        raise ChartFileRefusedError([
            "it was encrypted for another clinic's exchange key, not for this clinic's "
            f"({exchange_key}). Ask the sender to encrypt it for this key, or with a password"])
    raise _damaged()


__all__ = [
    "ChartPasswordNeededError",
    "ChartProtection",
    "MIN_PASSWORD_LENGTH",
    "Protection",
    "WrongChartPasswordError",
    "check_exchange_key",
    "check_new_password",
    "exchange_key_of",
    "file_protection",
    "new_exchange_identity",
    "open_with_identity",
    "open_with_password",
    "seal",
]
