"""Signing in: the first start, wrong input, slowed-down failures, rehashing, recovery."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.key_material import RecoveryCode
from nmt_desktop.db.models import AuditEvent, Therapist
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.domain.access import AuthMethod, Role
from nmt_desktop.domain.errors import ConflictError, NotSignedInError, ValidationError
from nmt_desktop.services import accounts
from nmt_desktop.services._uow import password_hashing
from nmt_desktop.services.sign_in import (
    WRONG_NAME_OR_PASSWORD,
    OwnerSetupNeededError,
    PasswordChangeRequiredError,
    SignInRefusedError,
    change_own_password,
    new_recovery_code,
    normalized_recovery_code,
    reset_with_recovery_code,
    set_up_owner,
    sign_in,
    sign_in_choices,
    verify_password,
)
from tests.services.accounts.conftest import OWNER_PASSWORD, T0

SECONDS = dt.timedelta(seconds=1)


def audit_rows(db: Database) -> list[AuditEvent]:
    with db.reading() as orm:
        return list(orm.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def assert_no_secret_stored_in_clear(db: Database, *secrets: str) -> None:
    """No password or code in any audit event, and no account column holding one in clear."""
    for event in audit_rows(db):
        text = f"{event.actor} {event.action} {event.detail}"
        for secret in secrets:
            assert secret not in text
    with db.reading() as orm:
        for account in orm.scalars(select(Account)):
            for column in (account.password_hash, account.recovery_code_hash):
                for secret in secrets:
                    assert column is None or secret not in column


def test_a_new_database_asks_for_the_owner_and_nobody_else(fresh_db: Database) -> None:
    # GIVEN a new database
    choices = sign_in_choices(fresh_db)
    # THEN the window sets up the owner: nobody to choose, no demo password
    assert choices.owner_setup_needed and choices.owner is None and choices.accounts == ()
    assert choices.demo_password is None and choices.lock_after_minutes == 5
    with pytest.raises(OwnerSetupNeededError):
        sign_in(fresh_db, "alex", OWNER_PASSWORD)


def test_first_start_creates_the_owner_with_a_profile_and_a_one_time_code(
        fresh_db: Database) -> None:
    # WHEN the owner sets up the new database
    handle, code = set_up_owner(fresh_db, OWNER_PASSWORD, display_name="Alex Morgan",
                                user_name=" Alex ", credentials="LMT", licence_number="MA-1")
    # THEN they are signed in as owner with a therapist profile
    person = handle.person
    assert (person.user_name, person.role, person.authenticated_by) == \
        ("alex", Role.OWNER, AuthMethod.PASSWORD)
    assert person.therapist_uid is not None
    # AND the recovery code is the key material's (200 random bits and a check group, in 9
    # groups of 5), kept only as a hash
    assert re.fullmatch(r"([A-Z2-7]{5}-){8}[A-Z2-7]{5}", code)
    assert RecoveryCode.parse(code).text == code
    assert_no_secret_stored_in_clear(fresh_db, OWNER_PASSWORD, code, code.replace("-", ""))
    with fresh_db.reading() as orm:
        owner = orm.scalar(select(Account))
        assert owner is not None and owner.recovery_code_hash is not None
        assert owner.recovery_code_hash.startswith("$argon2id$")
    # AND a second first start is refused: the owner exists
    with pytest.raises(ConflictError):
        set_up_owner(fresh_db, "another good one", display_name="Mallory", user_name="mallory")
    assert not sign_in_choices(fresh_db).owner_setup_needed


@pytest.mark.parametrize(("password", "user_name", "field"), [
    ("short", "alex", "password"), ("alex.morgan", "alex.morgan", "password"),
    ("x" * 10_000, "alex", "password"), (OWNER_PASSWORD, "", "user_name"),
    (OWNER_PASSWORD, "two words", "user_name"),
])
def test_first_start_refuses_bad_input_and_writes_nothing(
        fresh_db: Database, password: str, user_name: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        set_up_owner(fresh_db, password, display_name="Alex Morgan", user_name=user_name)
    assert field in refused.value.field_errors
    assert sign_in_choices(fresh_db).owner_setup_needed
    assert audit_rows(fresh_db) == []


def test_unknown_user_and_wrong_password_get_the_same_message_and_are_audited(
        owner_db: tuple[Database, str]) -> None:
    handle, _ = owner_db
    db = handle
    with pytest.raises(SignInRefusedError) as unknown:
        sign_in(handle, "nobody", "whatever password")
    with pytest.raises(SignInRefusedError) as wrong:
        sign_in(handle, "alex", "wrong password here")
    assert str(unknown.value) == str(wrong.value) == WRONG_NAME_OR_PASSWORD
    refused = [e for e in audit_rows(db) if e.action == "sign_in_refused"]
    assert [(e.detail["user_name"], e.detail["reason"]) for e in refused] == \
        [("nobody", "unknown user"), ("alex", "wrong password")]
    assert refused[0].actor_account_uid is None and refused[0].entity_uid is None
    assert_no_secret_stored_in_clear(db, "whatever password", "wrong password here")


def test_the_right_password_signs_in_and_names_are_case_insensitive(
        owner_db: tuple[Database, str]) -> None:
    handle, _ = owner_db
    signed = sign_in(handle, "  ALEX ", OWNER_PASSWORD, now=T0)
    assert signed.person.user_name == "alex" and signed.person.authenticated_at == T0
    event = audit_rows(signed)[-1]
    assert (event.action, event.actor_account_uid) == ("sign_in", signed.person.account_uid)


def test_a_disabled_account_is_refused(owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    record, _ = accounts.add_account(owner, "sam", "Sam Rivera", Role.THERAPIST, "temporary pw 1")
    accounts.set_disabled(owner, record.uid, True)
    with pytest.raises(SignInRefusedError, match="disabled"):
        sign_in(owner, "sam", "temporary pw 1")
    # a wrong password on a disabled account says nothing about it being disabled
    with pytest.raises(SignInRefusedError, match="do not match"):
        sign_in(owner, "sam", "not the password")
    assert [a.user_name for a in sign_in_choices(owner).accounts] == ["alex"]


def test_failures_are_slowed_down_after_five_with_a_growing_delay_never_a_lock_out(
        owner_db: tuple[Database, str]) -> None:
    db, _ = owner_db
    # GIVEN four wrong passwords: no wait yet
    for attempt in range(4):
        with pytest.raises(SignInRefusedError) as refused:
            sign_in(db, "alex", "wrong password!", now=T0 + attempt * SECONDS)
        assert refused.value.retry_after_seconds == 0
    # WHEN the fifth fails
    with pytest.raises(SignInRefusedError) as fifth:
        sign_in(db, "alex", "wrong password!", now=T0 + 4 * SECONDS)
    # THEN the next attempt must wait 5 s: even the right password is not checked before
    assert fifth.value.retry_after_seconds == 5
    with pytest.raises(SignInRefusedError, match="try again in 3 seconds") as waiting:
        sign_in(db, "alex", OWNER_PASSWORD, now=T0 + 6 * SECONDS)
    assert waiting.value.retry_after_seconds == pytest.approx(3)
    # AND each further failure doubles the wait, up to 5 minutes
    now = T0 + 9 * SECONDS
    waits = []
    for _ in range(8):
        with pytest.raises(SignInRefusedError) as refused:
            sign_in(db, "alex", "wrong password!", now=now)
        waits.append(refused.value.retry_after_seconds)
        now += dt.timedelta(seconds=waits[-1])
    assert waits == [10, 20, 40, 80, 160, 300, 300, 300]
    # AND the only owner still gets in once the wait is over; the count starts again
    assert sign_in(db, "alex", OWNER_PASSWORD, now=now).person.role is Role.OWNER
    with db.reading() as orm:
        owner = orm.scalar(select(Account))
        assert owner is not None and owner.failed_sign_ins == 0 and not owner.disabled


def test_a_clock_set_back_never_makes_the_wait_longer_than_one_delay(
        owner_db: tuple[Database, str]) -> None:
    db, _ = owner_db
    for attempt in range(5):
        with pytest.raises(SignInRefusedError):
            sign_in(db, "alex", "wrong password!", now=T0 + attempt * SECONDS)
    an_hour_back = T0 - dt.timedelta(hours=1)
    with pytest.raises(SignInRefusedError) as refused:
        sign_in(db, "alex", OWNER_PASSWORD, now=an_hour_back)
    assert refused.value.retry_after_seconds <= 5
    assert sign_in(db, "alex", OWNER_PASSWORD, now=an_hour_back + 5 * SECONDS).signed_in


def test_a_hash_with_old_parameters_is_replaced_at_the_next_sign_in(
        owner_db: tuple[Database, str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = owner_db
    with db.reading() as orm:
        old_hash = orm.scalar(select(Account.password_hash))
    assert old_hash is not None
    # WHEN the library recommends stronger parameters than the stored hash has
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(password_hashing, "HASHER", stronger)
    assert stronger.check_needs_rehash(old_hash)
    sign_in(db, "alex", OWNER_PASSWORD)
    # THEN the stored hash is redone with them, and still verifies
    with db.reading() as orm:
        new_hash = orm.scalar(select(Account.password_hash))
    assert new_hash is not None and new_hash != old_hash
    assert not stronger.check_needs_rehash(new_hash) and "t=2" in new_hash
    assert sign_in(db, "alex", OWNER_PASSWORD).signed_in


def test_the_recovery_code_resets_the_owner_password_once(
        owner_db: tuple[Database, str]) -> None:
    db, code = owner_db
    # a wrong code is refused and counted
    with pytest.raises(SignInRefusedError, match="recovery code"):
        reset_with_recovery_code(db, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "new password 1")
    # typed in lower case with spaces, it works
    typed = code.lower().replace("-", " ")
    handle, new_code = reset_with_recovery_code(db, typed, "new password 1")
    assert handle.person.authenticated_by is AuthMethod.RECOVERY_CODE and new_code != code
    assert sign_in(db, "alex", "new password 1").signed_in
    with pytest.raises(SignInRefusedError):
        sign_in(db, "alex", OWNER_PASSWORD)
    # the old code is spent; the new one works
    with pytest.raises(SignInRefusedError):
        reset_with_recovery_code(db, code, "new password 2")
    assert reset_with_recovery_code(db, new_code, "new password 2")[0].signed_in
    assert_no_secret_stored_in_clear(db, code, new_code, "new password 1", "new password 2")


def test_recovery_code_typing_slips_are_forgiven() -> None:
    # GIVEN a printed code with the letters O, I and B in it (which look like 0, 1 and 8)
    code = next(c for c in iter(new_recovery_code, None) if set("OIB") <= set(c))
    # WHEN it is typed in lower case, with spaces for dashes and 0/1/8 for O/I/B
    typed = code.lower().replace("-", " ").replace("o", "0").replace("i", "1").replace("b", "8")
    # THEN it reads as the printed code
    assert normalized_recovery_code(typed) == code
    assert normalized_recovery_code(" " + code.replace("-", "") + " ") == code


def test_temporary_password_must_be_changed_before_anything_else(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    accounts.add_account(owner, "sam", "Sam Rivera", Role.THERAPIST, "temporary pw 1")
    with pytest.raises(PasswordChangeRequiredError) as required:
        sign_in(owner, "sam", "temporary pw 1")
    sam = required.value.handle
    assert sam.person.user_name == "sam"
    with pytest.raises(ValidationError, match="different"):
        change_own_password(sam, "temporary pw 1", "temporary pw 1")
    with pytest.raises(SignInRefusedError):
        change_own_password(sam, "not the temporary one", "sam's own secret")
    change_own_password(sam, "temporary pw 1", "sam's own secret")
    assert sign_in(owner, "sam", "sam's own secret").person.role is Role.THERAPIST


def test_two_handles_of_one_account_work_side_by_side(owner_db: tuple[Database, str]) -> None:
    db, _ = owner_db
    first = sign_in(db, "alex", OWNER_PASSWORD)
    second = sign_in(db, "alex", OWNER_PASSWORD)
    assert first.person.account_uid == second.person.account_uid
    change_own_password(first, OWNER_PASSWORD, "a brand new password")
    # the other window's unlock now needs the new password
    with pytest.raises(SignInRefusedError):
        verify_password(second, OWNER_PASSWORD)
    assert verify_password(second, "a brand new password").user_name == "alex"


def test_reauthentication_counts_failures_like_sign_in(owner_db: tuple[Database, str]) -> None:
    db, _ = owner_db
    for attempt in range(5):
        with pytest.raises(SignInRefusedError):
            verify_password(db, "wrong password!", now=T0 + attempt * SECONDS)
    with pytest.raises(SignInRefusedError, match="try again"):
        verify_password(db, OWNER_PASSWORD, now=T0 + 5 * SECONDS)
    person = verify_password(db, OWNER_PASSWORD, now=T0 + 10 * SECONDS)
    assert person.authenticated_at == T0 + 10 * SECONDS
    with pytest.raises(NotSignedInError):
        verify_password(Database(db.engine, db.url), OWNER_PASSWORD)


def test_an_upgraded_database_first_start_then_temporary_passwords(upgraded_db: Database) -> None:
    # GIVEN the 0005 clinic upgraded: three therapists, accounts without passwords
    choices = sign_in_choices(upgraded_db)
    assert choices.owner_setup_needed and choices.owner is not None
    # THEN the earliest-created therapist is the owner, not the alphabetically first
    assert (choices.owner.display_name, choices.owner.role) == ("Alex Morgan", Role.OWNER)
    assert {a.display_name for a in choices.accounts} == {"Alex Morgan", "Aaron Adams",
                                                          "Sam Rivera"}
    # AND nobody else can claim an account first
    with pytest.raises(OwnerSetupNeededError):
        sign_in(upgraded_db, "aaron.adams", "any password at all")
    # WHEN the owner sets a password (the names given are ignored)
    owner, code = set_up_owner(upgraded_db, OWNER_PASSWORD, display_name="Mallory",
                               user_name="mallory")
    assert owner.person.user_name == "alex.morgan" and code
    with upgraded_db.reading() as orm:
        therapist = orm.scalar(select(Therapist).where(Therapist.full_name == "Alex Morgan"))
        assert therapist is not None and owner.person.therapist_uid == therapist.uid
    # THEN the others still cannot sign in until the owner gives them a temporary password
    with pytest.raises(SignInRefusedError, match="no password yet"):
        sign_in(upgraded_db, "sam.rivera", "any password at all")
    with pytest.raises(ConflictError):
        set_up_owner(upgraded_db, "sam's own choice", user_name="sam.rivera")
    sam = next(a for a in accounts.list_accounts(owner) if a.user_name == "sam.rivera")
    record, changes = accounts.reset_password(owner, sam.uid, "temporary pw 1")
    assert record.must_change_password and record.has_password and changes.accounts
    # AND Sam must choose their own at the first sign-in
    with pytest.raises(PasswordChangeRequiredError) as required:
        sign_in(upgraded_db, "sam.rivera", "temporary pw 1")
    change_own_password(required.value.handle, "temporary pw 1", "sam's own secret")
    sam_handle = sign_in(upgraded_db, "sam.rivera", "sam's own secret")
    assert sam_handle.person.role is Role.THERAPIST


def test_first_start_failures_and_sign_in_on_both_engines(any_db_url: str) -> None:
    db = Database.open(any_db_url)
    try:
        owner, _ = set_up_owner(db, OWNER_PASSWORD, display_name="Alex Morgan", user_name="alex")
        with pytest.raises(ConflictError):
            set_up_owner(db, OWNER_PASSWORD, display_name="Kim Park", user_name="kim")
        with pytest.raises(SignInRefusedError):
            sign_in(db, "alex", "wrong password!", now=T0)
        accounts.add_account(owner, "sam", "Sam Rivera", Role.THERAPIST, "temporary pw 1")
        with pytest.raises(PasswordChangeRequiredError):
            sign_in(db, "sam", "temporary pw 1")
        assert sign_in(db, "alex", OWNER_PASSWORD, now=T0).person.role is Role.OWNER
        assert [a.user_name for a in accounts.list_accounts(owner)] == ["alex", "sam"]
    finally:
        db.close()


@pytest.mark.parametrize("password", ["x" * 10_000, "🙂" * 12, ""])
def test_odd_passwords_at_sign_in_are_just_wrong(owner_db: tuple[Database, str],
                                                 password: str) -> None:
    db, _ = owner_db
    with pytest.raises(SignInRefusedError, match="do not match"):
        sign_in(db, "alex", password)
    assert_no_secret_stored_in_clear(db, "x" * 100, "🙂" * 12)


def test_an_emoji_password_works_end_to_end(owner_db: tuple[Database, str]) -> None:
    db, _ = owner_db
    change_own_password(db, OWNER_PASSWORD, "🦵💆 knots 🙂")
    assert sign_in(db, "alex", "🦵💆 knots 🙂").signed_in
    # the same characters composed differently are the same password
    change_own_password(db, "🦵💆 knots 🙂", "Café au lait!")
    assert sign_in(db, "alex", "Cafe\u0301 au lait!").signed_in
