"""argon2id hashes of passwords and recovery codes; the only place that sees a secret's hash.

The hasher uses argon2-cffi's current recommended parameters (RFC 9106's low-memory profile in
25.1: 3 passes over 64 MiB, 4 lanes). When a newer release recommends more, `needs_rehash`
says so and the next successful sign-in stores a fresh hash.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

#: Swapped for a cheaper hasher in tests only; always read at call time.
HASHER = PasswordHasher()

_STAND_IN_HASHES: dict[tuple[int, int, int], str] = {}


def prepared(secret: str) -> str:
    """One form of the same characters: "é" typed precomposed or combined is one password."""
    return unicodedata.normalize("NFC", secret)


def hash_secret(secret: str) -> str:
    return HASHER.hash(prepared(secret))


def secret_matches(stored_hash: str | None, secret: str) -> bool:
    """Whether `secret` is the one hashed. Without a hash, spends the same time and says no.

    A stored hash that cannot be read (damaged by hand) matches nothing: the owner resets it.
    """
    if stored_hash is None:
        stored_hash = _stand_in_hash()
        _verify(stored_hash, secret)
        return False
    return _verify(stored_hash, secret)


def needs_rehash(stored_hash: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _verify(stored_hash: str, secret: str) -> bool:
    try:
        return HASHER.verify(stored_hash, prepared(secret))
    except (VerificationError, InvalidHashError):
        return False


def _stand_in_hash() -> str:
    """A hash of nothing anyone types, so an unknown user name costs as long as a known one."""
    key = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    if key not in _STAND_IN_HASHES:
        _STAND_IN_HASHES[key] = HASHER.hash("\x00stand-in for an unknown account\x00")
    return _STAND_IN_HASHES[key]
