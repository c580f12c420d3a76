"""The production argon2 costs, which every other test replaces with cheap ones (tests/conftest.py).

The cheap stand-ins keep the suite fast; these tests keep the real costs from changing unseen:
password hashes with argon2-cffi's recommended profile (RFC 9106, low memory) and key-file
derivations with 64 MiB and 3 passes, as the modules promise.
"""

from __future__ import annotations

import pytest
from argon2.profiles import RFC_9106_LOW_MEMORY

from nmt_desktop.db import key_file
from nmt_desktop.db.key_file import Argon2Parameters
from nmt_desktop.services._uow import password_hashing
from tests.conftest import CHEAP_KEY_DERIVATION, CHEAP_PASSWORD_HASHER


@pytest.mark.production_argon2
def test_passwords_are_hashed_with_the_recommended_argon2id_profile() -> None:
    hasher = password_hashing.HASHER
    assert (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        RFC_9106_LOW_MEMORY.type, RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost, RFC_9106_LOW_MEMORY.parallelism)
    stored = password_hashing.hash_secret("plum tree in the yard")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert password_hashing.secret_matches(stored, "plum tree in the yard")
    assert not password_hashing.secret_matches(stored, "plum tree in the yarn")
    assert not password_hashing.needs_rehash(stored)


@pytest.mark.production_argon2
def test_database_keys_are_wrapped_with_64_mib_and_three_passes() -> None:
    parameters = key_file.DEFAULT_PARAMETERS
    assert parameters == Argon2Parameters(time_cost=3, memory_kib=64 * 1024, parallelism=1)
    assert parameters.plausible
    salt = bytes(range(16))
    derived = parameters.derive("plum tree in the yard", salt)
    assert len(derived) == 32 and derived == parameters.derive("plum tree in the yard", salt)
    assert derived != CHEAP_KEY_DERIVATION.derive("plum tree in the yard", salt)


def test_every_other_test_uses_the_cheap_stand_ins() -> None:
    assert password_hashing.HASHER is CHEAP_PASSWORD_HASHER
    assert key_file.DEFAULT_PARAMETERS == CHEAP_KEY_DERIVATION
    assert CHEAP_KEY_DERIVATION.plausible  # a key file written in a test still opens
