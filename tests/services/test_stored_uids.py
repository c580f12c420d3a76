"""Uids read from SQLite text in bulk are the same uids `uuid.UUID` would make."""

from __future__ import annotations

import uuid

from nmt_desktop.services._uow.stored_uids import uid_from_stored_hex


def test_stored_hex_reads_as_the_same_uid() -> None:
    for value in [uuid.uuid4() for _ in range(200)] + [uuid.UUID(int=0),
                                                       uuid.UUID(int=2**128 - 1)]:
        read = uid_from_stored_hex(value.hex)
        assert read == value and hash(read) == hash(value)
        assert str(read) == str(value) and read.hex == value.hex
        assert read.version == value.version and read.is_safe is uuid.SafeUUID.unknown
        assert {read: 1}[value] == 1


def test_other_spellings_go_through_uuid_itself() -> None:
    value = uuid.uuid4()
    assert uid_from_stored_hex(str(value)) == value
    assert uid_from_stored_hex("{" + str(value).upper() + "}") == value
