"""The database key, the recovery code it comes from, and its copies wrapped per account."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest

from nmt_desktop.db import key_file
from nmt_desktop.db.key_file import (
    Argon2Parameters,
    KeyFile,
    KeyFileDamagedError,
    KeyFileMissingError,
    UnknownKeyHolderError,
    WrongPasswordError,
    WrongRecoveryCodeError,
)
from nmt_desktop.db.key_material import RecoveryCode, RecoveryCodeError, new_database_key

#: Argon2id at its cheapest the key file accepts: the tests check the logic, not the cost.
CHEAP = Argon2Parameters(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_file, "DEFAULT_PARAMETERS", CHEAP)


def test_the_recovery_code_alone_gives_the_database_key_again() -> None:
    # GIVEN a new key and its code, as printed
    key, code = new_database_key()
    printed = code.text
    # WHEN it is typed back in, in lower case with spaces and look-alike digits
    typed = printed.lower().replace("-", " ").replace("o", "0").replace("i", "1")
    # THEN it derives the same key
    assert RecoveryCode.parse(typed).database_key() == key
    assert len(printed.split("-")) == 9 and all(len(g) == 5 for g in printed.split("-"))
    assert printed not in repr(code) and key.raw.hex() not in repr(key)


def test_a_mistyped_recovery_code_is_called_a_typo() -> None:
    _, code = new_database_key()
    groups = code.text.split("-")
    groups[3] = "AAAAA" if groups[3] != "AAAAA" else "BBBBB"
    with pytest.raises(RecoveryCodeError, match="typo"):
        RecoveryCode.parse("-".join(groups))
    with pytest.raises(RecoveryCodeError, match="45 letters"):
        RecoveryCode.parse(code.text[:-6])


def test_each_account_unwraps_the_same_key_with_its_own_password(tmp_path: Path) -> None:
    # GIVEN a database key created for the owner, and wrapped for a therapist
    database = tmp_path / "clinic.sqlite"
    key, _ = key_file.create_database_key(database, "owner", "owner's pass phrase")
    key_file.wrap_for_account(database, key, "sam", "Sam's own password")
    # THEN each password unwraps the same key, and only its own account's copy
    assert key_file.unlock(database, "owner", "owner's pass phrase") == key
    assert key_file.unlock(database, "sam", "Sam's own password") == key
    with pytest.raises(WrongPasswordError, match="the password is not sam's"):
        key_file.unlock(database, "sam", "owner's pass phrase")
    with pytest.raises(UnknownKeyHolderError, match="'kim'"):
        key_file.unlock(database, "kim", "anything")


def test_the_key_file_never_holds_the_key_or_a_password_and_is_private(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    key, code = key_file.create_database_key(database, "owner", "correct horse battery")
    text = KeyFile.beside(database).read_text()
    for secret in (key.raw.hex(), base64.b64encode(key.raw).decode(), "correct horse battery",
                   code.text):
        assert secret not in text
    assert stat.S_IMODE(KeyFile.beside(database).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["clinic.sqlite.keys"]  # no partial left
    entry = json.loads(text)["accounts"]["owner"]
    assert entry["kdf"] == "argon2id" and entry["cipher"] == "AES-256-GCM"
    assert len(base64.b64decode(entry["salt"])) == 16
    assert len(base64.b64decode(entry["nonce"])) == 12


def test_a_password_change_rewraps_and_the_old_password_stops_working(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    key, _ = key_file.create_database_key(database, "owner", "first password")
    key_file.change_password(database, "owner", "first password", "second password")
    assert key_file.unlock(database, "owner", "second password") == key
    with pytest.raises(WrongPasswordError):
        key_file.unlock(database, "owner", "first password")
    with pytest.raises(WrongPasswordError):  # the old one must open it to change it
        key_file.change_password(database, "owner", "wrong", "third password")


def test_a_dropped_account_cannot_unwrap_any_more(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    key, _ = key_file.create_database_key(database, "owner", "owner password")
    key_file.wrap_for_account(database, key, "sam", "sam password")
    key_file.drop_account(database, "sam")
    assert KeyFile.load(database).user_names == ["owner"]
    with pytest.raises(UnknownKeyHolderError):
        key_file.unlock(database, "sam", "sam password")


def test_an_entry_moved_to_another_user_name_is_refused(tmp_path: Path) -> None:
    # GIVEN sam's wrapped key copied over the owner's entry (a forged key file)
    database = tmp_path / "clinic.sqlite"
    key, _ = key_file.create_database_key(database, "owner", "owner password")
    key_file.wrap_for_account(database, key, "sam", "sam password")
    path = KeyFile.beside(database)
    document = json.loads(path.read_text())
    document["accounts"]["owner"] = document["accounts"]["sam"]
    path.write_text(json.dumps(document))
    # THEN sam's password does not open it as the owner: the user name is authenticated too
    with pytest.raises(WrongPasswordError):
        key_file.unlock(database, "owner", "sam password")


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],
    lambda text: text.replace('"memory_kib": 8192', '"memory_kib": 99999999999'),
    lambda text: text.replace('"format"', '"fromat"'),
    lambda text: "\x00\x01binary",
])
def test_a_damaged_key_file_says_so_and_points_to_the_recovery_code(
        tmp_path: Path, damage: object) -> None:
    database = tmp_path / "clinic.sqlite"
    key_file.create_database_key(database, "owner", "owner password")
    path = KeyFile.beside(database)
    path.write_text(damage(path.read_text()))  # type: ignore[operator]
    with pytest.raises(KeyFileDamagedError, match="damaged: open the database with the owner's "
                       "recovery code"):
        key_file.unlock(database, "owner", "owner password")


def test_recovery_writes_a_new_key_file_when_it_was_deleted(tmp_path: Path) -> None:
    # GIVEN the key file is gone
    database = tmp_path / "clinic.sqlite"
    key, code = key_file.create_database_key(database, "owner", "forgotten password")
    key_file.wrap_for_account(database, key, "sam", "sam password")
    KeyFile.beside(database).unlink()
    with pytest.raises(KeyFileMissingError, match="recovery code"):
        key_file.unlock(database, "owner", "forgotten password")
    # WHEN the owner types the printed code and a new password
    recovered = key_file.recover(database, RecoveryCode.parse(code.text), "owner", "new one")
    # THEN the same key comes back, and the new password unwraps it from then on
    assert recovered == key
    assert key_file.unlock(database, "owner", "new one") == key
    assert KeyFile.load(database).user_names == ["owner"]


def test_recovery_keeps_the_other_accounts_of_a_sound_key_file(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    key, code = key_file.create_database_key(database, "owner", "forgotten password")
    key_file.wrap_for_account(database, key, "sam", "sam password")
    key_file.recover(database, code, "owner", "new owner password")
    assert key_file.unlock(database, "sam", "sam password") == key
    assert key_file.unlock(database, "owner", "new owner password") == key


def test_another_databases_recovery_code_is_refused_by_a_sound_key_file(tmp_path: Path) -> None:
    database = tmp_path / "clinic.sqlite"
    key_file.create_database_key(database, "owner", "owner password")
    _, other_code = new_database_key()
    with pytest.raises(WrongRecoveryCodeError, match="another database"):
        key_file.recover(database, other_code, "owner", "new password")
