"""Encryption use cases: first owner, unlock, recovery, keychain, Encrypt this database."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from nmt_desktop.db import key_file
from nmt_desktop.db.errors import DatabaseRefusedError
from nmt_desktop.db.key_file import (
    Argon2Parameters,
    KeyFile,
    UnknownKeyHolderError,
    WrongPasswordError,
)
from nmt_desktop.db.preflight import is_plain_sqlite_file
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, NotAllowedError
from nmt_desktop.services import encryption
from nmt_desktop.services.database import Database
from nmt_desktop.services.encryption import DatabaseLock
from nmt_desktop.services.front_door import DoorKind, FrontDoor
from nmt_desktop.services.maintenance import check_database
from tests.keychains import MemoryKeyring
from tests.people import TEST_OWNER


@pytest.fixture(autouse=True)
def _cheap_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_file, "DEFAULT_PARAMETERS",
                        Argon2Parameters(time_cost=1, memory_kib=8 * 1024, parallelism=1))


def person(role: Role = Role.OWNER, user_name: str = "owner") -> SignedInPerson:
    return SignedInPerson(uuid.uuid4(), user_name, user_name.title(), role, None,
                          AuthMethod.PASSWORD, dt.datetime.now(dt.UTC))


def test_the_first_owner_creates_an_encrypted_database_and_signs_in_with_the_password(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'clinic' / 'chart.sqlite'}"
    assert encryption.database_lock(url) is DatabaseLock.NEW
    # WHEN the first owner creates the database
    created = encryption.create_encrypted_database(url, "owner", "a long pass phrase")
    created.db.close()
    # THEN it is encrypted, opens with the owner's password, and the code is shown, not stored
    assert encryption.database_lock(url) is DatabaseLock.PASSWORD
    assert created.recovery_code not in created.key_file.read_text()
    db = encryption.open_unlocked(url, "owner", "a long pass phrase", for_start=True)
    assert db.encrypted and check_database(db.signed_in_as(TEST_OWNER)).ok
    db.close()


def test_a_wrong_password_is_a_clear_refusal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    encryption.create_encrypted_database(url, "owner", "a long pass phrase").db.close()
    with pytest.raises(WrongPasswordError, match="^the password is not owner's.$"):
        encryption.open_unlocked(url, "owner", "a wrong guess")
    with pytest.raises(UnknownKeyHolderError, match="no database key is kept for the user name"):
        encryption.open_unlocked(url, "nobody", "a long pass phrase")


def test_a_deleted_key_file_is_replaced_through_the_recovery_code(tmp_path: Path) -> None:
    # GIVEN an encrypted database whose key file was deleted
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    created = encryption.create_encrypted_database(url, "owner", "forgotten")
    created.db.close()
    created.key_file.unlink()
    assert encryption.database_lock(url) is DatabaseLock.RECOVERY_CODE
    # WHEN the owner types the printed code (in lower case, with spaces) and a new password
    typed = created.recovery_code.lower().replace("-", " ")
    db = encryption.open_with_recovery_code(url, typed, "owner", "a new pass phrase")
    # THEN the data opens, and from now on the new password unlocks it
    assert check_database(db.signed_in_as(TEST_OWNER)).ok
    db.close()
    encryption.open_unlocked(url, "owner", "a new pass phrase").close()


def test_a_damaged_key_file_is_replaced_through_the_recovery_code(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    created = encryption.create_encrypted_database(url, "owner", "forgotten")
    created.db.close()
    created.key_file.write_bytes(b"\x00" * 100)
    assert encryption.database_lock(url) is DatabaseLock.RECOVERY_CODE
    encryption.open_with_recovery_code(url, created.recovery_code, "owner", "new").close()
    encryption.open_unlocked(url, "owner", "new").close()


def test_another_databases_recovery_code_opens_nothing_and_writes_nothing(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    created = encryption.create_encrypted_database(url, "owner", "pass")
    created.db.close()
    created.key_file.unlink()
    other = encryption.create_encrypted_database(
        f"sqlite:///{tmp_path / 'other.sqlite'}", "owner", "pass")
    other.db.close()
    with pytest.raises(DatabaseRefusedError, match="the database key does not open it"):
        encryption.open_with_recovery_code(url, other.recovery_code, "owner", "new")
    assert not created.key_file.exists()


def test_accounts_get_their_copy_and_lose_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    db = encryption.create_encrypted_database(url, "owner", "owner pass").db
    encryption.grant_database_key(db.signed_in_as(TEST_OWNER), "sam", "sam's first")
    encryption.rewrap_database_key(db.signed_in_as(TEST_OWNER), "sam", "sam's first",
                                   "sam's second")
    db.close()
    encryption.open_unlocked(url, "sam", "sam's second").close()
    db = encryption.open_unlocked(url, "owner", "owner pass")
    encryption.drop_account_key(db.signed_in_as(TEST_OWNER), "sam")
    db.close()
    with pytest.raises(UnknownKeyHolderError):
        encryption.open_unlocked(url, "sam", "sam's second")


def test_remember_on_this_laptop_is_off_until_chosen_and_can_be_forgotten(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    encryption.create_encrypted_database(url, "owner", "owner pass").db.close()
    # GIVEN a sign-in that did not choose "remember": nothing is in the keychain
    encryption.open_unlocked(url, "owner", "owner pass").close()
    assert memory_keyring.stored == {} and encryption.open_remembered(url) is None
    # WHEN the person chooses it
    encryption.open_unlocked(url, "owner", "owner pass", remember=True).close()
    # THEN the keychain opens the database; the stored value is not the password
    assert len(memory_keyring.stored) == 1
    assert "owner pass" not in next(iter(memory_keyring.stored.values()))
    db = encryption.open_remembered(url)
    assert db is not None and check_database(db.signed_in_as(TEST_OWNER)).ok
    encryption.forget_on_this_laptop(db.signed_in_as(TEST_OWNER))
    db.close()
    assert memory_keyring.stored == {} and encryption.open_remembered(url) is None


def test_encrypt_this_database_in_place_for_the_signed_in_owner(tmp_path: Path) -> None:
    # GIVEN a plain database with the demo clinic, open, the owner signed in
    path = tmp_path / "chart.sqlite"
    url = f"sqlite:///{path}"
    db = Database.open(url)
    from nmt_desktop.services.demo import load_demo_clinic

    load_demo_clinic(db.signed_in_as(TEST_OWNER))
    before = check_database(db.signed_in_as(TEST_OWNER))
    owner_db = db.signed_in_as(person())
    # WHEN the owner encrypts it
    done = encryption.encrypt_this_database(owner_db, "owner pass")
    # THEN the open handle goes on working on the encrypted file, the counts are the same
    assert owner_db.encrypted and not is_plain_sqlite_file(path)
    after = check_database(owner_db.signed_in_as(TEST_OWNER))
    assert (after.patient_count, after.session_count) == (before.patient_count,
                                                         before.session_count)
    assert done.recovery_code and done.recovery_code not in repr(done)
    assert "SSD" in done.ssd_warning
    with owner_db.driver_cursor() as cursor:
        cursor.execute("SELECT action, detail FROM audit_event WHERE entity_type = 'database'")
        events = cursor.fetchall()
    assert [action for action, _ in events] == ["encrypt"]
    assert done.recovery_code.replace("-", "") not in str(events)
    # the plain copy stays until the owner confirms, then it is gone
    assert encryption.plaintext_copies(owner_db) == [done.plaintext_copy]
    assert encryption.delete_plaintext_copies(owner_db) == [done.plaintext_copy]
    assert not done.plaintext_copy.exists()
    db.close()
    encryption.open_unlocked(url, "owner", "owner pass").close()
    assert KeyFile.load(path).user_names == ["owner"]


def test_only_an_owner_may_encrypt(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'chart.sqlite'}")
    with pytest.raises(NotAllowedError, match="may not change the clinic's settings"):
        encryption.encrypt_this_database(db.signed_in_as(person(Role.THERAPIST, "sam")), "pw")
    db.close()
    assert is_plain_sqlite_file(tmp_path / "chart.sqlite")


def test_a_server_database_is_encrypted_by_its_server_and_says_so() -> None:
    url = "postgresql+psycopg://nmt@db.clinic.example/nmt"
    assert encryption.database_lock(url) is DatabaseLock.NONE
    with pytest.raises(ConflictError, match="encrypted at rest by its server"):
        encryption.create_encrypted_database(url, "owner", "pass")
    db = Database(None, url).signed_in_as(person())
    with pytest.raises(ConflictError, match="encrypted at rest by its server"):
        encryption.encrypt_this_database(db, "pass")


def test_the_door_opens_an_encrypted_file_with_a_remembered_key_only(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    db = encryption.create_encrypted_database(url, "owner", "owner pass").db
    db.close()
    door = FrontDoor(url, DoorKind.ENCRYPTED_FILE)
    assert not door.open_with_remembered_key() and door.opened is None
    with pytest.raises(DatabaseRefusedError, match="sign in to unlock it"):
        Database.open_for_start(url)
    encryption.remember_on_this_laptop(db.signed_in_as(TEST_OWNER))
    assert door.open_with_remembered_key()
    started = door.opened
    assert started is not None
    assert started.encrypted and not started.connected  # checked, connected after first paint
    assert check_database(started.signed_in_as(TEST_OWNER)).ok
    assert [a.user_name for a in door.choices().accounts] == []  # nobody set up as account yet
    door.close()


def test_a_damaged_remembered_key_is_said_on_the_sign_in_page_and_the_password_still_works(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    db = encryption.create_encrypted_database(url, "owner", "owner pass").db
    encryption.remember_on_this_laptop(db.signed_in_as(TEST_OWNER))
    db.close()
    [entry] = memory_keyring.stored
    memory_keyring.stored[entry] = "not base64 at all!"
    door = FrontDoor(url, DoorKind.ENCRYPTED_FILE)
    assert not door.open_with_remembered_key() and door.opened is None
    assert "remembered on this laptop is damaged" in door.note
    assert encryption.unlock(url, "owner", "owner pass").key_id == KeyFile.load(
        tmp_path / "chart.sqlite").key_id


def test_a_failed_encryption_leaves_the_plain_database_and_no_key_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chart.sqlite"
    db = Database.open(f"sqlite:///{path}")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption.encrypting, "encrypt_file", disk_full)
    with pytest.raises(OSError, match="No space left"):
        encryption.encrypt_this_database(db.signed_in_as(person()), "owner pass")
    assert is_plain_sqlite_file(path) and not KeyFile.beside(path).exists()
    assert check_database(db.signed_in_as(TEST_OWNER)).ok and not db.encrypted
    db.close()


def test_the_password_is_derived_once_per_sign_in_not_per_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    encryption.create_encrypted_database(url, "owner", "owner pass").db.close()
    derivations: list[int] = []
    real_derive = Argon2Parameters.derive

    def counted(self: Argon2Parameters, password: str, salt: bytes) -> bytes:
        derivations.append(1)
        return real_derive(self, password, salt)

    monkeypatch.setattr(Argon2Parameters, "derive", counted)
    # WHEN a person signs in and the app then uses many connections
    db = encryption.open_unlocked(url, "owner", "owner pass", for_start=True)
    with db.driver_cursor() as cursor:  # the early connection, before the engine
        cursor.execute("SELECT count(*) FROM patient")
    with db.one_transaction() as whole:  # a second engine of its own
        check_database(whole.signed_in_as(TEST_OWNER))
    for _ in range(3):
        check_database(db.signed_in_as(TEST_OWNER))
    db.close()
    # THEN the password was stretched exactly once
    assert len(derivations) == 1


def _encrypted_clinic_with_owner(tmp_path: Path) -> tuple[Database, Path]:
    door = FrontDoor(f"sqlite:///{tmp_path / 'chart.sqlite'}", DoorKind.NEW_FILE)
    owner, _code = door.set_up_owner("plum tree in the yard", display_name="Alex Morgan",
                                     user_name="alex")
    return owner, KeyFile.beside(tmp_path / "chart.sqlite")


def test_a_key_file_that_cannot_be_written_leaves_no_account_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nmt_desktop.services import accounts

    owner, keys = _encrypted_clinic_with_owner(tmp_path)
    before = keys.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(key_file, "write_private_file", disk_full)
    with pytest.raises(OSError, match="No space left"):
        accounts.add_account(owner, "sam", "Sam Lee", Role.THERAPIST, "temporary pass 1")
    monkeypatch.undo()
    # THEN neither the account nor its key copy: the two stand or fall together
    assert [a.user_name for a in accounts.list_accounts(owner)] == ["alex"]
    assert keys.read_bytes() == before
    owner.close()


def test_when_the_account_change_fails_after_the_key_file_was_written_the_key_file_goes_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nmt_desktop.services import accounts

    owner, keys = _encrypted_clinic_with_owner(tmp_path)
    sam, _ = accounts.add_account(owner, "sam", "Sam Lee", Role.THERAPIST, "temporary pass 1")
    before = keys.read_bytes()
    real_grant = accounts.grant_database_key

    def grant_then_fail(*args: object) -> None:
        real_grant(*args)  # type: ignore[arg-type]
        raise OSError(5, "Input/output error")  # as a failing commit would

    monkeypatch.setattr(accounts, "grant_database_key", grant_then_fail)
    with pytest.raises(OSError, match="Input/output"):
        accounts.reset_password(owner, sam.uid, "temporary pass 2")
    monkeypatch.undo()
    # THEN Sam's key copy still opens with the password the database still holds
    assert keys.read_bytes() == before
    assert KeyFile.load(tmp_path / "chart.sqlite").unwrap("sam", "temporary pass 1")
    with pytest.raises(WrongPasswordError):
        KeyFile.load(tmp_path / "chart.sqlite").unwrap("sam", "temporary pass 2")
    owner.close()


def test_after_encrypt_this_database_the_open_door_is_an_encrypted_files_door(
        tmp_path: Path) -> None:
    from nmt_desktop.services import accounts, sign_in

    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    door = FrontDoor.for_url(url, opened=Database.open(url))
    assert door.kind is DoorKind.PLAIN_FILE
    owner, _code = door.set_up_owner("plum tree in the yard", display_name="Alex Morgan",
                                     user_name="alex")
    accounts.add_account(owner, "sam", "Sam Lee", Role.THERAPIST, "temporary pass 1")
    with pytest.raises(NotAllowedError):  # the password is right: Sam must choose their own
        door.sign_in("sam", "temporary pass 1")
    # WHEN the owner encrypts the open database
    encryption.encrypt_this_database(owner, "plum tree in the yard")
    # THEN the window's door is an encrypted file's, as it will be at the next start: Sam has
    # no copy of the key until the owner sets a new temporary password
    assert door.kind is DoorKind.ENCRYPTED_FILE
    assert door.note.startswith("This database is encrypted")
    with pytest.raises(sign_in.SignInRefusedError, match=sign_in.WRONG_NAME_OR_PASSWORD):
        door.sign_in("sam", "temporary pass 1")
    assert door.sign_in("alex", "plum tree in the yard").person.user_name == "alex"
    door.close()


def test_remembering_and_its_audit_event_stand_or_fall_together(
        tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.errors

    from nmt_desktop.services._uow import audit_trail
    from nmt_desktop.services.user_audit import list_user_events

    owner, _keys = _encrypted_clinic_with_owner(tmp_path)

    def events() -> list[str]:
        return [event.action for event in list_user_events(owner, "alex")[1]]

    # WHEN the audit event cannot be written: the keychain is not left holding the key
    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_trail, "record_event", disk_full)
    with pytest.raises(OSError, match="No space left"):
        encryption.remember_on_this_laptop(owner)
    monkeypatch.undo()
    assert memory_keyring.stored == {} and not encryption.remembered_on_this_laptop(owner)
    # WHEN the keychain refuses: no audit event says it was remembered
    def locked(*_args: object) -> None:
        raise keyring.errors.KeyringLocked("the keychain is locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    with pytest.raises(ConflictError, match="was not remembered"):
        encryption.remember_on_this_laptop(owner)
    assert "remember_key_on_laptop" not in events()
    owner.close()
