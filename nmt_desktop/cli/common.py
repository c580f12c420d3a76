"""What every command module shares: the failure type and the open database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from nmt_desktop.cli.credentials import password, unlock_key, user_name
from nmt_desktop.cli.errors import CommandError

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database

__all__ = ["COMMAND_WRITE_WAIT_MS", "CommandError", "opened", "sign_in_from_args", "signed_in"]


# A command has nobody to press Retry: it waits this long for another program's SQLite write
# lock (an import holds it for ~13 s; ten parallel `patients add` queue behind each other).
COMMAND_WRITE_WAIT_MS = 30_000




@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The chosen database, open for one command and closed whatever happens.

    An encrypted database is unlocked with `--user` and that person's password (cli/credentials).
    """
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.database import Database

    url = database_url(args.db, paths=user_paths())
    db = Database.open(url, new_database_in_empty_file=getattr(args, "new_database", False),
                       key=unlock_key(args, url))
    change = db.schema_change
    if change is not None and change.from_revision is not None:
        # An upgrade names its backup; stderr, so stdout stays the command's output (JSON).
        print(f"nmt-desktop: {change.message()}", file=sys.stderr)
    db.wait_for_writers_in_this_thread(COMMAND_WRITE_WAIT_MS)
    try:
        yield db  # nobody signed in: `credentials.signed_in` signs in for chart commands
    finally:
        db.close()


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[Database]:
    """The chosen database, signed in as `--user` with a password from a safe source.

    One line and a non-zero exit when that is not possible: nobody has a password yet (first
    start), a wrong password, a disabled account, or a temporary password still to replace.
    On a clinic server the person signs in with their own PostgreSQL login, which the server
    checks (services/clinic_server.py); the URL's own credentials are not used for them.
    """
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.preflight import sqlite_path

    url = database_url(args.db, paths=user_paths())
    with ExitStack() as stack:
        if sqlite_path(url) is None:
            handle = _server_handle(args, url, stack)
        else:
            handle, _ = sign_in_from_args(stack.enter_context(opened(args)), args)
        yield handle


def _server_handle(args: argparse.Namespace, url: str, stack: ExitStack) -> Database:
    """Signed in on a server database, in one connection where it can be.

    A server set up by `server init` (the usual clinic) is entered with the person's own
    login at once: that one connection is the command's. Only when that login does not get
    in (a wrong password, or a database shared by one login whose people have no logins of
    their own) does the URL's own login tell which it is, as it always did.
    """
    from nmt_desktop.db.errors import DatabaseAccessDeniedError
    from nmt_desktop.services.clinic_server import uses_personal_logins

    own, own_failure = _own_login(args, url)
    if own is not None:
        return _command_handle(own, stack)
    try:
        db = stack.enter_context(opened(args))
    except DatabaseAccessDeniedError:
        # The URL's own login was refused: the person's own login is the only way in.
        if own_failure is not None:
            raise own_failure from None
        return _sign_in_with_own_login(args, url, stack)
    if uses_personal_logins(db):
        if own_failure is not None:
            raise own_failure
        return _sign_in_with_own_login(args, url, stack)
    print("nmt-desktop: warning: this server database is shared by one login; its IT "
          "person should run `nmt-desktop server init` (one login per person).",
          file=sys.stderr)
    handle, _ = sign_in_from_args(db, args)
    return handle


def _own_login(args: argparse.Namespace,
               url: str) -> tuple[Database | None, Exception | None]:
    """The person signed in with their own login, or why that login did not get in.

    (None, None) without a user name or password to try: asked for again, and said, where the
    command needs them. A refusal that a database shared by one login would explain (login
    refused, no account, a schema only the shared login upgrades) is returned, to be said if
    the URL's own login shows a server set up with one login per person. Anything else (no
    answer, a database too new, another program's) is the same for every login: raised now,
    naming the URL as the URL's own login would have.
    """
    from nmt_desktop.db.errors import (
        DatabaseAccessDeniedError,
        DatabaseRefusedError,
        SchemaChangeFailedError,
    )
    from nmt_desktop.db.preflight import display_location
    from nmt_desktop.domain.errors import NotAllowedError
    from nmt_desktop.services.clinic_server import sign_in_to_server

    try:
        name, secret = user_name(args), password(args)
    except CommandError:
        return None, None
    try:
        return sign_in_to_server(url, name, secret), None
    except (DatabaseAccessDeniedError, SchemaChangeFailedError, NotAllowedError) as failure:
        return None, failure
    except DatabaseRefusedError as refusal:
        raise type(refusal)(display_location(url), refusal.reason) from None


def _sign_in_with_own_login(args: argparse.Namespace, url: str, stack: ExitStack) -> Database:
    from nmt_desktop.services.clinic_server import sign_in_to_server

    return _command_handle(sign_in_to_server(url, user_name(args), password(args)), stack)


def _command_handle(handle: Database, stack: ExitStack) -> Database:
    stack.callback(handle.close)
    handle.wait_for_writers_in_this_thread(COMMAND_WRITE_WAIT_MS)
    return handle


def sign_in_from_args(db: Database, args: argparse.Namespace, *,
                      temporary_password_ok: bool = False) -> tuple[Database, str]:
    """The signed-in handle and the password that signed in (CommandError if refused)."""
    from nmt_desktop.services.sign_in import (
        PasswordChangeRequiredError,
        SignInRefusedError,
        sign_in,
        sign_in_choices,
    )

    if sign_in_choices(db).owner_setup_needed:
        raise CommandError(
            "nobody has a password on this database yet: start the app to set up the "
            "owner, or run `nmt-desktop --user NAME users set-up-owner`.")
    name = user_name(args)
    secret = password(args)
    try:
        return sign_in(db, name, secret), secret
    except PasswordChangeRequiredError as required:
        if temporary_password_ok:
            return required.handle, secret
        raise CommandError(
            "your password is temporary: choose your own first, in the app or with "
            f"`nmt-desktop --user {name} users change-password`.") from None
    except SignInRefusedError as refused:
        raise CommandError(f"sign-in refused: {refused}") from None
