"""`nmt-desktop --db URL server init|add-user|upgrade|check`: the clinic server's upkeep.

Run by the clinic's IT person with a PostgreSQL superuser (or the database's owner with
CREATEROLE) in the URL. Passwords never travel as arguments: the IT person's login password
comes from the URL or PGPASSFILE as libpq allows, else NMT_PASSWORD, --password-file, or a
prompt; a new person's password from NMT_NEW_PASSWORD, --new-password-file, or a prompt
(typed twice).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from nmt_desktop.cli.common import CommandError
from nmt_desktop.cli.password_files import FIRST_LINE_OF_FILE, read_password_file

PASSWORD_ENV = "NMT_PASSWORD"
NEW_PASSWORD_ENV = "NMT_NEW_PASSWORD"
_T = TypeVar("_T")


def register(commands: Any) -> None:
    """Add the `server` command group."""
    server = commands.add_parser(
        "server", help="set up and look after a clinic's PostgreSQL server (IT person)")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create the roles, the schema, privileges and row-level security "
        "(once; again to repair)")
    init.set_defaults(handler=_init)
    upgrade = actions.add_parser(
        "upgrade", help="migrate the schema to this version, as the schema owner role")
    upgrade.set_defaults(handler=_upgrade)
    check = actions.add_parser("check", help="verify the setup; one line per difference")
    check.set_defaults(handler=_check)
    add_user = actions.add_parser(
        "add-user", help="create a person's login role and their NMT Desktop account")
    add_user.add_argument("name", help="the login name (lower-case letters, digits, _ . -)")
    add_user.add_argument("--role", required=True,
                          choices=["owner", "therapist", "front_desk"],
                          help="owner (admin), therapist, or front_desk")
    add_user.add_argument("--display-name", help="the name the app shows (default: the login)")
    add_user.add_argument("--new-password-file", type=Path, metavar="FILE",
                          help=f"read the person's password from {FIRST_LINE_OF_FILE}, else "
                          f"{NEW_PASSWORD_ENV}, else a prompt")
    add_user.set_defaults(handler=_add_user)
    for parser in (init, upgrade, check, add_user):
        # SUPPRESS: when not given here, the global `--password-file` before `server` stands
        # (a default of None would silently overwrite it, and the file would be ignored).
        parser.add_argument("--password-file", type=Path, metavar="FILE",
                            default=argparse.SUPPRESS,
                            help=f"read the IT login's password from {FIRST_LINE_OF_FILE}, "
                            f"else the URL, PGPASSFILE, {PASSWORD_ENV}, or a prompt if the "
                            "server asks")


def _url(args: argparse.Namespace) -> str:
    from nmt_desktop.config import database_url

    return database_url(args.db)


def _admin_password(args: argparse.Namespace) -> str | None:
    if args.password_file is not None:
        return read_password_file(args.password_file, "--password-file")
    return os.environ.get(PASSWORD_ENV) or None


def _with_admin_password(args: argparse.Namespace, action: Callable[[str | None], _T]) -> _T:
    """Run `action`; if the server wants a password nobody gave, ask for it once."""
    from nmt_desktop.db.errors import DatabaseAccessDeniedError

    password = _admin_password(args)
    try:
        return action(password)
    except DatabaseAccessDeniedError as error:
        if password is not None or "no password supplied" not in str(error) or \
                not sys.stdin.isatty():
            raise
    return action(getpass.getpass("Password of the IT login on the server: "))


def _new_password(args: argparse.Namespace) -> str:
    if args.new_password_file is not None:
        return read_password_file(args.new_password_file, "--new-password-file")
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise CommandError(f"no password for {args.name}: give --new-password-file or "
                           f"{NEW_PASSWORD_ENV}, or run the command in a terminal")
    first = getpass.getpass(f"New password for {args.name}: ")
    if getpass.getpass("Type it again: ") != first:
        raise CommandError("the two passwords differ; nothing was changed")
    return first


def _init(args: argparse.Namespace) -> None:
    from nmt_desktop.services.clinic_server import init_server

    url = _url(args)
    setup = _with_admin_password(args, lambda password: init_server(url, password))
    if setup.from_revision is None:
        print(f"Created the clinic database in {setup.location} (schema {setup.to_revision}).")
    else:
        print(f"Set up {setup.location} at schema {setup.to_revision}.")
    print(f"Row-level security is on and forced on {setup.secured_tables} tables. "
          "Add people with `nmt-desktop server add-user NAME --role ROLE`.")


def _upgrade(args: argparse.Namespace) -> None:
    from nmt_desktop.services.clinic_server import upgrade_server

    url = _url(args)
    setup = _with_admin_password(args, lambda password: upgrade_server(url, password))
    if setup.from_revision == setup.to_revision:
        print(f"{setup.location} is already at schema {setup.to_revision}; its security "
              "setup was laid out again.")
    else:
        print(f"Upgraded {setup.location} from schema {setup.from_revision} to "
              f"{setup.to_revision}.")


def _check(args: argparse.Namespace) -> None:
    from nmt_desktop.services.clinic_server import check_server

    url = _url(args)
    result = _with_admin_password(args, lambda password: check_server(url, password))
    for finding in result.drift:
        print(finding)
    if not result.drift:
        print("The clinic server is set up as expected.")
    # Advice is about the server's own configuration, not the setup: it never fails the check.
    for advice in result.advice:
        print(advice)
    if result.drift:
        raise CommandError(f"{len(result.drift)} difference(s) from the expected setup; "
                           "`nmt-desktop server init` repairs most of them")


def _add_user(args: argparse.Namespace) -> None:
    from nmt_desktop.domain.access import Role
    from nmt_desktop.services.clinic_server import add_server_user

    url = _url(args)
    new_password = _new_password(args)
    person = _with_admin_password(args, lambda password: add_server_user(
        url, password, args.name, Role(args.role), new_password, args.display_name))
    linked = "new account" if person.new_account else "linked to the existing account"
    print(f"Added login {person.login} ({person.role.label}, {person.display_name}; {linked}).")
