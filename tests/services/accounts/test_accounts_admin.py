"""The owner's accounts use cases: who may call them, and the last owner's protections."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, ValidationError
from nmt_desktop.services import accounts
from nmt_desktop.services.access_log import AccessAction, record_access
from nmt_desktop.services.sign_in import (
    PasswordChangeRequiredError,
    change_own_password,
    sign_in,
    sign_in_choices,
)
from nmt_desktop.services.user_audit import list_user_events
from tests.services.accounts.conftest import OWNER_PASSWORD


def signed_in_as(owner: Database, user_name: str, role: Role) -> Database:
    accounts.add_account(owner, user_name, user_name.title(), role, "temporary pw 1")
    with pytest.raises(PasswordChangeRequiredError) as required:
        sign_in(owner, user_name, "temporary pw 1")
    change_own_password(required.value.handle, "temporary pw 1", f"{user_name}'s own pw")
    return sign_in(owner, user_name, f"{user_name}'s own pw")


def test_add_account_gives_therapists_a_profile_and_front_desk_none(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    sam, changes = accounts.add_account(owner, "Sam", "Sam Rivera", Role.THERAPIST,
                                        "temporary pw 1", "LMT", "MA-2")
    desk, _ = accounts.add_account(owner, "jordan", "Jordan Lee", Role.FRONT_DESK,
                                   "temporary pw 2")
    assert changes.accounts and changes.therapists
    assert sam.user_name == "sam" and sam.therapist_uid is not None and sam.must_change_password
    assert desk.therapist_uid is None
    assert [a.user_name for a in accounts.list_accounts(owner)] == ["alex", "jordan", "sam"]


@pytest.mark.parametrize(("user_name", "password", "error"), [
    ("alex", "temporary pw 1", ConflictError),
    ("ALEX", "temporary pw 1", ConflictError),
    ("two words", "temporary pw 1", ValidationError),
    ("", "temporary pw 1", ValidationError),
    ("sam", "short", ValidationError),
    ("sam.rivera", "sam.rivera", ValidationError),
    ("sam", "y" * 10_000, ValidationError),
])
def test_add_account_refuses_bad_input_and_adds_nothing(
        owner_db: tuple[Database, str], user_name: str, password: str,
        error: type[Exception]) -> None:
    owner, _ = owner_db
    with pytest.raises(error):
        accounts.add_account(owner, user_name, "Sam Rivera", Role.THERAPIST, password)
    assert [a.user_name for a in accounts.list_accounts(owner)] == ["alex"]


def test_the_last_owner_can_be_neither_demoted_nor_disabled(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    me = owner.person.account_uid
    with pytest.raises(ConflictError, match="only owner"):
        accounts.set_role(owner, me, Role.THERAPIST)
    with pytest.raises(ConflictError):
        accounts.set_disabled(owner, me, True)
    # WITH a second owner, the first may step down, but nobody disables themselves
    second, _ = accounts.add_account(owner, "kim", "Kim Park", Role.OWNER, "temporary pw 1")
    with pytest.raises(ConflictError, match="signed in with"):
        accounts.set_disabled(owner, me, True)
    record, changes = accounts.set_role(owner, me, Role.THERAPIST)
    assert record.role is Role.THERAPIST and changes.accounts
    # AND the demoted handle (its role as at sign-in) manages nothing more
    with pytest.raises(NotAllowedError, match="sign in again"):
        accounts.set_disabled(owner, second.uid, True)
    # AND Kim, now the last owner, can neither step down nor be disabled
    with pytest.raises(PasswordChangeRequiredError) as required:
        sign_in(owner, "kim", "temporary pw 1")
    kim = required.value.handle
    with pytest.raises(ConflictError, match="only owner"):
        accounts.set_role(kim, second.uid, Role.FRONT_DESK)
    with pytest.raises(ConflictError):
        accounts.set_disabled(kim, second.uid, True)


def test_only_the_owner_manages_accounts(owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    therapist = signed_in_as(owner, "sam", Role.THERAPIST)
    desk = signed_in_as(owner, "jordan", Role.FRONT_DESK)
    for handle in (therapist, desk):
        with pytest.raises(NotAllowedError, match="may not manage accounts"):
            accounts.list_accounts(handle)
        with pytest.raises(NotAllowedError):
            accounts.add_account(handle, "eve", "Eve", Role.OWNER, "temporary pw 1")
        with pytest.raises(NotAllowedError):
            accounts.reset_password(handle, owner.person.account_uid, "temporary pw 9")
        with pytest.raises(NotAllowedError):
            accounts.set_role(handle, handle.person.account_uid, Role.OWNER)
        with pytest.raises(NotAllowedError):
            accounts.set_lock_after_minutes(handle, 10)
    with pytest.raises(NotAllowedError):
        accounts.list_accounts(Database(owner.engine, owner.url))


@pytest.mark.parametrize("minutes", [0, 31, -5, True])
def test_lock_after_minutes_stays_between_1_and_30(owner_db: tuple[Database, str],
                                                   minutes: int) -> None:
    owner, _ = owner_db
    with pytest.raises(ValidationError):
        accounts.set_lock_after_minutes(owner, minutes)
    assert accounts.set_lock_after_minutes(owner, 12).settings
    assert sign_in_choices(owner).lock_after_minutes == 12


def test_access_is_recorded_once_per_action_and_listed_per_user(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    patient = uuid.uuid4()
    record_access(owner, AccessAction.CHART_OPENED, patient)
    record_access(owner, AccessAction.LOCKED, None)
    with owner.reading() as orm:
        opened = orm.scalar(select(AuditEvent).where(AuditEvent.action == "open_chart"))
    assert opened is not None and opened.patient_uid == patient
    assert opened.actor_account_uid == owner.person.account_uid and opened.actor == "Alex Morgan"
    account, events = list_user_events(owner, "ALEX")
    assert account.user_name == "alex"
    assert [e.action for e in events][-2:] == ["open_chart", "lock"]
    assert events[0].action == "set_up_owner"
    with pytest.raises(NotAllowedError):
        record_access(Database(owner.engine, owner.url), AccessAction.CHART_OPENED, patient)


def test_a_password_reset_by_the_owner_is_temporary_and_clears_the_wait(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    sam, _ = accounts.add_account(owner, "sam", "Sam Rivera", Role.THERAPIST, "temporary pw 1")
    record, _ = accounts.reset_password(owner, sam.uid, "temporary pw 2")
    assert record.must_change_password
    assert OWNER_PASSWORD not in str(list_user_events(owner, "sam")[1])
