"""`nmt-desktop users …`: the first owner, the accounts, one's own password.

Managing accounts is for the owner, checked in the services. Passwords come from the sources
in cli/credentials.py, never from arguments; the recovery code is printed once, by
`set-up-owner`, and stored only as a hash.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nmt_desktop.cli import credentials
from nmt_desktop.cli.common import CommandError, opened, sign_in_from_args, signed_in

ROLES = {"owner": "owner", "therapist": "therapist", "front-desk": "front_desk"}


def register(commands: Any) -> None:
    """Add the `users` command group."""
    users = commands.add_parser(
        "users", help="accounts: set up the owner, list, add, reset passwords, disable",
        description="Everything but set-up-owner and change-password needs the owner's sign-in "
        "(--user NAME).")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    setup = actions.add_parser(
        "set-up-owner", help="first start: the owner's password and the one-time recovery code",
        description="On a new database, creates the owner (user name from --user) with a "
        "therapist profile; on an upgraded one, the owner is the earliest therapist and the "
        "names given are ignored. The password comes from a prompt (asked twice), "
        f"{credentials.PASSWORD_ENV} or --password-file.")
    setup.add_argument("--name", default="", metavar="FULL NAME", help="the owner's full name")
    setup.add_argument("--credentials", default="", metavar="TEXT", help="e.g. LMT, CNMT")
    setup.add_argument("--licence", default="", metavar="NUMBER", help="licence number")
    setup.set_defaults(handler=_set_up_owner)

    listing = actions.add_parser("list", help="every account, disabled ones too")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add", help="add an account with a temporary password",
                             allow_abbrev=False)
    add.add_argument("new_user", metavar="USER", help="the new user name (no spaces)")
    add.add_argument("--name", required=True, metavar="FULL NAME", help="full name")
    add.add_argument("--role", required=True, choices=tuple(ROLES), help="what they may do")
    add.add_argument("--credentials", default="", metavar="TEXT", help="therapists: e.g. LMT")
    add.add_argument("--licence", default="", metavar="NUMBER", help="therapists: licence")
    credentials.add_new_password_option(add, "the temporary password")
    add.set_defaults(handler=_add)

    reset = actions.add_parser("reset-password", allow_abbrev=False,
                               help="a temporary password, to be changed at the next sign-in")
    reset.add_argument("target", metavar="USER", help="whose password")
    credentials.add_new_password_option(reset, "the temporary password")
    reset.set_defaults(handler=_reset_password)

    for name, disable in (("disable", True), ("enable", False)):
        toggle = actions.add_parser(name, help=f"{name} an account's sign-ins")
        toggle.add_argument("target", metavar="USER", help="whose account")
        toggle.set_defaults(handler=_set_disabled, disable=disable)

    role = actions.add_parser("set-role", help="change what a person may do")
    role.add_argument("target", metavar="USER", help="whose role")
    role.add_argument("role", choices=tuple(ROLES), help="the new role")
    role.set_defaults(handler=_set_role)

    change = actions.add_parser("change-password", allow_abbrev=False,
                                help="replace your own password (a temporary one too)")
    credentials.add_new_password_option(change, "the new password")
    change.set_defaults(handler=_change_password)


def _role(value: str) -> Any:
    from nmt_desktop.domain.access import Role

    return Role(ROLES[value])


def _set_up_owner(args: argparse.Namespace) -> None:
    from nmt_desktop.services.sign_in import set_up_owner, sign_in_choices

    with opened(args) as db:
        choices = sign_in_choices(db)
        if not choices.owner_setup_needed:
            raise CommandError("the owner is already set up: sign in with --user NAME.")
        if choices.owner is not None:  # upgraded: the earliest therapist, whatever was given
            name = choices.owner.user_name
        elif not (args.user or "").strip() or not args.name.strip():
            raise CommandError("a new database: give the owner's user name with --user NAME "
                               "and full name with --name \"FULL NAME\".")
        else:
            name = args.user
        password = credentials.password(args, f"New password for {name}: ", confirm=True)
        handle, code = set_up_owner(db, password, display_name=args.name, user_name=name,
                                    credentials=args.credentials,
                                    licence_number=args.licence)
    person = handle.person
    print(f"Owner set up: {person.display_name} (user name {person.user_name}).")
    print("Recovery code (shown only now; print it or write it down and keep it locked away; "
          "it resets the owner's password if it is forgotten):")
    print(f"    {code}")


def _account_json(account: Any) -> dict[str, Any]:
    return {"uid": str(account.uid), "user_name": account.user_name,
            "display_name": account.display_name, "role": account.role.value,
            "has_password": account.has_password,
            "must_change_password": account.must_change_password,
            "disabled": account.disabled}


def _list(args: argparse.Namespace) -> None:
    from nmt_desktop.services.accounts import list_accounts

    with signed_in(args) as db:
        accounts = list_accounts(db)
    if args.json:
        json.dump([_account_json(a) for a in accounts], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    for account in accounts:
        state = ("disabled" if account.disabled else "no password yet"
                 if not account.has_password else "temporary password"
                 if account.must_change_password else "")
        print(f"{account.user_name:<20} {account.display_name:<28} {account.role.label:<14} "
              f"{state}".rstrip())
    print(f"{len(accounts)} account(s)")


def _target(db: Any, user: str) -> Any:
    from nmt_desktop.services.accounts import list_accounts

    wanted = user.strip().casefold()
    for account in list_accounts(db):
        if account.user_name == wanted:
            return account
    raise CommandError(f"no account with the user name {user.strip()}.")


def _add(args: argparse.Namespace) -> None:
    from nmt_desktop.services.accounts import add_account

    with signed_in(args) as db:
        temporary = credentials.new_password(
            args, f"Temporary password for {args.new_user.strip()}: ")
        account, _ = add_account(db, args.new_user, args.name, _role(args.role), temporary,
                                 args.credentials, args.licence)
    print(f"Added {account.user_name} ({account.display_name}, {account.role.label}); "
          "they choose their own password at their first sign-in.")


def _reset_password(args: argparse.Namespace) -> None:
    from nmt_desktop.services.accounts import reset_password

    with signed_in(args) as db:
        target = _target(db, args.target)
        temporary = credentials.new_password(
            args, f"Temporary password for {target.user_name}: ")
        account, _ = reset_password(db, target.uid, temporary)
    print(f"Temporary password set for {account.user_name}; they choose their own at their "
          "next sign-in.")


def _set_disabled(args: argparse.Namespace) -> None:
    from nmt_desktop.services.accounts import set_disabled

    with signed_in(args) as db:
        account, _ = set_disabled(db, _target(db, args.target).uid, args.disable)
    print(f"{account.user_name} is {'disabled' if account.disabled else 'enabled'}.")


def _set_role(args: argparse.Namespace) -> None:
    from nmt_desktop.services.accounts import set_role

    with signed_in(args) as db:
        account, _ = set_role(db, _target(db, args.target).uid, _role(args.role))
    print(f"{account.user_name} is now {account.role.label}.")


def _change_password(args: argparse.Namespace) -> None:
    from nmt_desktop.services.sign_in import change_own_password

    with opened(args) as db:
        # Asked once: the password that signs in is the current one the change checks again.
        handle, current = sign_in_from_args(db, args, temporary_password_ok=True)
        change_own_password(handle, current, credentials.new_password(args, "New password: "))
    print(f"Password changed for {handle.person.user_name}.")
