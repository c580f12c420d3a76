"""The demo clinic's accounts, its documented password, and where the demo may go."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services.demo import demo_uid, load_demo_clinic
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD, ensure_demo_may_load
from nmt_desktop.services.sign_in import sign_in, sign_in_choices


def test_the_demo_offers_its_accounts_with_the_documented_password(fresh_db: Database) -> None:
    assert sign_in_choices(fresh_db).demo_password is None
    ensure_demo_may_load(fresh_db)
    load_demo_clinic(fresh_db)
    choices = sign_in_choices(fresh_db)
    assert choices.demo_password == DEMO_PASSWORD == "nmt-demo-clinic"
    assert not choices.owner_setup_needed
    assert {(a.user_name, a.role) for a in choices.accounts} == {
        ("alex", Role.OWNER), ("sam", Role.THERAPIST), ("jordan", Role.FRONT_DESK)}
    alex = sign_in(fresh_db, "alex", DEMO_PASSWORD).person
    assert alex.therapist_uid == demo_uid("therapist")  # the therapist who charts the demo
    assert sign_in(fresh_db, "jordan", DEMO_PASSWORD).person.therapist_uid is None
    # loading again adds nothing
    ensure_demo_may_load(fresh_db)
    assert load_demo_clinic(fresh_db) == "already loaded, nothing added"
    assert len(sign_in_choices(fresh_db).accounts) == 3


def test_the_demo_is_refused_beside_a_clinics_own_accounts(
        owner_db: tuple[Database, str]) -> None:
    owner, _ = owner_db
    with pytest.raises(ConflictError, match="never beside real charts"):
        ensure_demo_may_load(owner)


def test_an_older_demo_database_becomes_a_demo_with_accounts(upgraded_db: Database) -> None:
    # GIVEN the demo clinic of the 0005 release, upgraded: password-less accounts
    ensure_demo_may_load(upgraded_db)
    # WHEN the demo is loaded again (tools/dev.py app does so at every start)
    assert load_demo_clinic(upgraded_db) == "already loaded, nothing added"
    # THEN the upgrade's account of the demo therapist is the demo owner's
    alex = sign_in(upgraded_db, "alex", DEMO_PASSWORD).person
    assert (alex.role, alex.therapist_uid) == (Role.OWNER, demo_uid("therapist"))
    with upgraded_db.reading() as orm:
        names = set(orm.scalars(select(Account.user_name)))
    assert names == {"alex", "sam", "jordan", "aaron.adams", "sam.rivera"}
    assert sign_in_choices(upgraded_db).demo_password == DEMO_PASSWORD
